import { z } from 'zod'
import { RELATIONS } from '../../core/pedigree/relatives-pedigree.ts'
import { DateTextSchema, ExternalIdSchema, ProfileSchema, ProfileWireSchema, SexSchema } from './profile.ts'
import { MitoProfileSchema, MtDnaWireSchema, YHaplotypeSchema, YStrWireSchema } from './lineage.ts'
import { RecordIdSchema, recordsById } from './record-id.ts'
import { UnitIdSchema, UnitSchema } from './unit.ts'
import { MAX_MISSING_SLOTS } from '../../core/pedigree/missing-slots.ts'

const PersonIdSchema = RecordIdSchema

const PedigreePersonWireSchema = z.object({
  id: PersonIdSchema,
  sex: SexSchema,
  father: PersonIdSchema.nullish(),
  mother: PersonIdSchema.nullish()
})

const MissingSlotWireSchema = z.object({
  slot: PersonIdSchema,
  sex: SexSchema,
  relation: z.enum(RELATIONS).optional().describe('relatives form only: how this missing person is related to the first one')
})

const RelativeWireSchema = z.object({
  id: PersonIdSchema,
  relation: z.enum(RELATIONS),
  sex: SexSchema.optional(),
  of: PersonIdSchema.optional(),
  sampleId: ExternalIdSchema.optional(),
  profile: ProfileWireSchema.optional(),
  yStr: YStrWireSchema.optional(),
  mtDna: MtDnaWireSchema.optional()
})

/**
 * POST /cases: the pedigree form, the same shape as the oracle case files (`persons`, `missingPerson` the
 * id of the slot, `genotypes`; other fields of those files are ignored), or the relatives form
 * (`missingPerson: {sex, id?}` and `relatives`).
 */
export const CreateCaseSchema = z.object({
  id: ExternalIdSchema,
  missingPerson: z.union([PersonIdSchema, z.object({ id: PersonIdSchema.optional(), sex: SexSchema })]).optional(),
  missingPersons: z.array(MissingSlotWireSchema).min(1).max(MAX_MISSING_SLOTS).optional()
    .describe('several missing persons (MP1, MP2, ...) instead of missingPerson: each slot a person of the pedigree (persons), or with relatives the first slot the one they are named from and the others its relation (default full-sibling)'),
  persons: z.array(PedigreePersonWireSchema).min(1).max(200).optional(),
  genotypes: recordsById(ProfileWireSchema).optional(),
  yStr: recordsById(YStrWireSchema).optional().describe('Y-STR haplotypes of the pedigree form, by person id'),
  mtDna: recordsById(MtDnaWireSchema).optional().describe('mtDNA profiles of the pedigree form, by person id'),
  relatives: z.array(RelativeWireSchema).min(1).max(100).optional(),
  born: DateTextSchema.optional(),
  missingSince: DateTextSchema.optional(),
  frequencyTable: z.string().min(1).max(100).optional(),
  unit: UnitIdSchema.optional().describe('the unit the case belongs to: yours (the default) or one below it; a replacement keeps its unit unless one is given')
}).superRefine((c, ctx) => {
  if ((c.persons === undefined) === (c.relatives === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['persons'], message: 'give either persons (with genotypes) or relatives' })
  }
  if ((c.missingPerson === undefined) === (c.missingPersons === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['missingPersons'], message: 'give either missingPerson (one missing person) or missingPersons (several)' })
  }
})

export const ReplaceCaseSchema = CreateCaseSchema

export const CaseSchema = z.object({
  id: z.string(),
  missingPerson: z.object({ id: z.string(), sex: SexSchema, born: z.string().optional(), missingSince: z.string().optional() }),
  missingPersons: z.array(z.object({ slot: z.string(), sex: SexSchema })).describe('every missing person of the case, the first being missingPerson (one entry for a case with one)'),
  persons: z.array(z.object({ id: z.string(), sex: SexSchema, father: z.string().optional(), mother: z.string().optional(), relation: z.string().optional() })),
  references: z.record(z.string(), z.object({ profile: ProfileSchema, sampleId: z.string().optional(), amelogenin: z.array(z.string()).optional(), yStr: YHaplotypeSchema.optional(), mtDna: MitoProfileSchema.optional() })),
  frequencyTable: z.string(),
  unit: UnitSchema.optional(),
  status: z.enum(['open', 'closed']),
  createdAt: z.string(),
  updatedAt: z.string()
})

export const SearchSummarySchema = z.object({ compared: z.number().int(), stored: z.number().int() })

export const CaseWriteResultSchema = z.object({
  case: CaseSchema,
  created: z.boolean(),
  changed: z.boolean(),
  search: SearchSummarySchema.optional().describe('how many entries the search compared and stored; not shown to a lab account, since it tells the size and shape of the database'),
  warnings: z.array(z.string())
})
