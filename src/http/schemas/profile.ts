import { z } from 'zod'
import { RecordIdSchema } from './record-id.ts'

/**
 * A genotype on the wire: allele strings, as the oracle case files write them ("9.3", never 9.3, which
 * JSON would turn into a number and "10.0" into 10). One allele is a homozygote written once. More than
 * two reach the domain check, which refuses them naming the sample and locus.
 */
export const GenotypeWireSchema = z.array(z.string().min(1).max(20)).min(1).max(8)

/** locus (any accepted spelling: vWA, VWA, PENTA_D...) → genotype. */
export const ProfileWireSchema = z.record(z.string().min(1).max(40), GenotypeWireSchema)
  .refine((p) => Object.keys(p).length <= 100, { message: 'at most 100 loci per profile' })

/** A canonical profile as stored and returned: canonical locus → sorted pair. */
export const ProfileSchema = z.record(z.string(), z.tuple([z.string(), z.string()]).readonly())

export const SexSchema = z.enum(['male', 'female'])

/** External ids: lab sample ids and case numbers, under the id rule (src/core/record-id.ts). */
export const ExternalIdSchema = RecordIdSchema

/** A date as recorded: ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD). */
export const DateTextSchema = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD')
