import { z } from 'zod'
import { DateTextSchema, ExternalIdSchema, ProfileSchema, ProfileWireSchema, SexSchema } from './profile.ts'
import { SearchSummarySchema } from './case.ts'
import { MitoProfileSchema, MtDnaWireSchema, YHaplotypeSchema, YStrWireSchema } from './lineage.ts'
import { UnitIdSchema, UnitSchema } from './unit.ts'

/** POST /persons: an unidentified person, `id` the sample id. Amelogenin may be in the profile (AMEL). */
export const CreatePersonSchema = z.object({
  id: ExternalIdSchema,
  sex: SexSchema,
  profile: ProfileWireSchema,
  yStr: YStrWireSchema.optional(),
  mtDna: MtDnaWireSchema.optional(),
  estimatedBirthYear: z.number().int().min(1900).max(2100).optional(),
  foundPlace: z.string().max(200).optional(),
  foundDate: DateTextSchema.optional(),
  sexOverride: z.object({ reason: z.string().max(500) }).strict().optional().describe('keeps the declared sex although amelogenin contradicts it (an AMEL-Y deletion or Y dropout confirmed by Y-STRs), with how it was confirmed; otherwise such a person is refused'),
  unit: UnitIdSchema.optional().describe('the unit the person belongs to: yours (the default) or one below it; a replacement keeps its unit unless one is given')
})

export const PersonSchema = z.object({
  id: z.string(),
  sex: SexSchema,
  estimatedBirthYear: z.number().int().optional(),
  foundPlace: z.string().optional(),
  foundDate: z.string().optional(),
  profile: ProfileSchema,
  amelogenin: z.array(z.string()).optional(),
  yStr: YHaplotypeSchema.optional(),
  mtDna: MitoProfileSchema.optional(),
  sexOverride: z.object({ reason: z.string() }).optional().describe('the declared sex was kept against amelogenin, for this reason: matching trusts the declared sex'),
  unit: UnitSchema.optional(),
  status: z.enum(['open', 'closed']),
  createdAt: z.string(),
  updatedAt: z.string()
})

export const PersonWriteResultSchema = z.object({
  person: PersonSchema,
  created: z.boolean(),
  changed: z.boolean(),
  search: SearchSummarySchema.optional().describe('how many entries the search compared and stored; not shown to a lab account, since it tells the size and shape of the database')
})
