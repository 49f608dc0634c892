import { z } from 'zod'
import { canonicalAllele } from '../markers/allele.ts'
import { fail, HomewardError } from '../errors.ts'
import type { KinshipCase, LocusModel, LrOptions } from './kinship-case.ts'
import type { MutationSpec } from '../mutation/mutation-spec.ts'

const rate = z.number().min(0).max(1)
const MutationModelSchema = z.discriminatedUnion('model', [
  z.object({ model: z.literal('none') }),
  z.object({ model: z.literal('equal'), rate }),
  z.object({ model: z.literal('proportional'), rate }),
  z.object({ model: z.literal('stepwise'), rate, range: z.number().gt(0).lt(1).optional(), rate2: rate.optional() })
])
/** A mutation model or one per sex, as the oracle case files write it (shared with the dvi-reference/1 reader). */
export const MutationSpecSchema = z.union([MutationModelSchema, z.object({ male: MutationModelSchema, female: MutationModelSchema })])
const alleleText = z.string({ error: 'an allele must be a JSON string such as "9.3"' })

/** A typed person's genotypes, locus → two allele strings (shared by kinship-lr-case/1 and dvi-reference/1). */
export const ProfileFileSchema = z.record(z.string(), z.tuple([alleleText, alleleText], { error: 'a genotype is an array of exactly two allele strings' }))

/** The `options` of the case files: θ, the default mutation model and the unknown-allele frequency. */
export const CaseFileOptionsSchema = z.object({
  theta: z.number().min(0).lt(1).default(0),
  mutation: MutationSpecSchema.default({ model: 'none' }),
  unknownAlleleFrequency: z.number().gt(0).lt(1).default(0.001)
}).default({ theta: 0, mutation: { model: 'none' }, unknownAlleleFrequency: 0.001 })

/** The `loci` of the case files: alleles with their frequencies and, optionally, the locus's own mutation model. */
export const CaseFileLociSchema = z.array(z.object({
  name: z.string().min(1),
  alleles: z.array(alleleText).min(1).max(1000),
  frequencies: z.array(z.number().min(0).max(1)).min(1).max(1000),
  mutation: MutationSpecSchema.optional()
})).min(1).max(100)

/** The `kinship-lr-case/1` file format of the oracle cases (fixtures/oracle-cases/README.md). */
export const KinshipCaseFileSchema = z.object({
  schema: z.literal('kinship-lr-case/1'),
  id: z.string().optional(),
  options: CaseFileOptionsSchema,
  persons: z.array(z.object({
    id: z.string().min(1),
    sex: z.enum(['male', 'female']),
    father: z.string().nullish(),
    mother: z.string().nullish()
  })).min(1).max(200),
  missingPerson: z.string().min(1),
  genotypes: z.record(z.string(), ProfileFileSchema),
  loci: CaseFileLociSchema
}).passthrough()

/** A parsed case file, ready for kinshipLr. */
export interface ParsedCaseFile {
  kcase: KinshipCase
  loci: LocusModel[]
  options: LrOptions
}

/**
 * Parses and checks a kinship-lr-case/1 document. Errors name the field path, the person, the locus and the allele.
 *
 * @example parseKinshipCaseFile(JSON.parse(fs.readFileSync('fixtures/oracle-cases/tb_duo_father_textbook.json', 'utf8')))
 */
export function parseKinshipCaseFile (doc: unknown): ParsedCaseFile {
  const parsed = KinshipCaseFileSchema.safeParse(doc)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue.path.map(String)
    const where = describePath(path)
    fail('INVALID_CASE', `${path.join('.') || 'case'}: ${issue.message}${where.text}`, where.details)
  }
  const file = parsed.data
  const genotypes: KinshipCase['genotypes'] = {}
  for (const [person, profile] of Object.entries(file.genotypes)) {
    genotypes[person] = {}
    for (const [locus, pair] of Object.entries(profile)) {
      const alleles = pair.map((a) => canonicalAlleleFor(a, locus, person))
      genotypes[person][locus] = Number(alleles[0]) <= Number(alleles[1]) ? [alleles[0], alleles[1]] : [alleles[1], alleles[0]]
    }
  }
  const loci: LocusModel[] = file.loci.map((l) => {
    if (l.alleles.length !== l.frequencies.length) {
      fail('INVALID_FREQUENCIES', `locus ${l.name} has ${l.alleles.length} alleles but ${l.frequencies.length} frequencies`, { locus: l.name })
    }
    return {
      name: l.name,
      alleles: l.alleles.map((a) => canonicalAlleleFor(a, l.name)),
      frequencies: l.frequencies,
      ...(l.mutation !== undefined ? { mutation: l.mutation as MutationSpec } : {})
    }
  })
  return {
    kcase: {
      // A founder's parents may be written as null: the engine knows only "absent".
      persons: file.persons.map(({ id, sex, father, mother }) => ({ id, sex, ...(father != null ? { father } : {}), ...(mother != null ? { mother } : {}) })),
      missingPerson: file.missingPerson,
      genotypes
    },
    loci,
    options: {
      theta: file.options.theta,
      mutation: file.options.mutation as MutationSpec,
      unknownAllele: { rule: 'fixed', frequency: file.options.unknownAlleleFrequency }
    }
  }
}

function canonicalAlleleFor (raw: string, locus: string, person?: string): string {
  try {
    return canonicalAllele(raw, { locus })
  } catch (err) {
    if (err instanceof HomewardError && person !== undefined) {
      fail('INVALID_ALLELE', `person ${person}, locus ${locus}: ${err.message.replace(/ \(locus [^)]*\)$/, '')}`, { person, locus, allele: raw })
    }
    throw err
  }
}

function describePath (path: string[]): { text: string, details: Record<string, string> } {
  if (path[0] === 'genotypes' && path.length >= 2) {
    const details: Record<string, string> = { person: path[1] }
    if (path[2] !== undefined) details.locus = path[2]
    return { text: ` (person ${path[1]}${path[2] !== undefined ? `, locus ${path[2]}` : ''})`, details }
  }
  return { text: '', details: { field: path.join('.') } }
}
