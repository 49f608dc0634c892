import { z } from 'zod'
import type { IdentificationView } from '../../runs/identification-view.ts'

const CONCLUSIONS = ['Undisputed', 'Match (GLR)', 'Symmetric match', 'Probable', 'Inconclusive', 'Disputed', 'No match', 'Excluded', 'Nonidentifiable'] as const

const NamedPairSchema = z.union([
  z.object({ caseId: z.string(), slot: z.string(), personId: z.string(), log10Lr: z.number(), withheld: z.literal(false) }),
  z.object({ caseId: z.null(), slot: z.null(), personId: z.null(), log10Lr: z.number(), withheld: z.literal(true) })
])

/** One conclusion of the joint identification (log10 figures; null where none). */
export const IdentificationSchema = z.object({
  componentId: z.string(),
  caseId: z.string().nullable(),
  slot: z.string().nullable(),
  personId: z.string().nullable(),
  withheld: z.boolean(),
  conclusion: z.enum(CONCLUSIONS),
  log10Lr: z.number().nullable(),
  log10Glr: z.number().nullable(),
  posterior: z.number().nullable(),
  competitor: NamedPairSchema.nullable(),
  joint: z.boolean(),
  summary: z.string(),
  modelVersion: z.string().nullable(),
  frequencyTable: z.object({ id: z.string(), version: z.string() }).nullable(),
  computedAt: z.string()
}) satisfies z.ZodType<IdentificationView>

export const CaseIdentificationSchema = z.object({
  caseId: z.string(),
  /** One per slot with a candidate above the floor; a slot without one has none (no candidate, nothing to decide). */
  slots: z.array(IdentificationSchema)
})

export const PersonIdentificationSchema = z.object({
  personId: z.string(),
  identification: IdentificationSchema.nullable()
})
