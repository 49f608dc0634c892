import { z } from 'zod'
import type { AssignmentInput } from './sample-assignment.ts'

const sex = z.enum(['male', 'female'])

/** One entry of an upload's mapping: sample id → where the sample goes. */
export const AssignmentInputSchema = z.discriminatedUnion('side', [
  z.object({
    side: z.literal('reference'),
    caseId: z.string().min(1).max(200),
    personId: z.string().min(1).max(200).optional(),
    relation: z.string().min(1).max(100).optional(),
    sex: sex.optional()
  }).strict(),
  z.object({ side: z.literal('unidentified'), sex: sex.optional() }).strict()
]) satisfies z.ZodType<AssignmentInput>

/**
 * sample id → assignment, as a JSON object, read into a Map. Not z.record: a record is a plain object,
 * on which a sample named "constructor" finds Object's constructor and a "__proto__" entry is dropped;
 * the object's own entries are taken one by one instead, whatever their names.
 */
export const ImportMappingSchema = z.preprocess(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v) ? new Map(Object.entries(v)) : v,
  z.map(z.string().min(1).max(200), AssignmentInputSchema, { error: 'expected an object: sample id → assignment' })
)

/**
 * sample id → { reason }: keep the stated sex of an unidentified person whose amelogenin contradicts it
 * (POST /persons' sexOverride). Read into a Map for the same reason as the mapping.
 */
export const SexOverridesSchema = z.preprocess(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v) ? new Map(Object.entries(v)) : v,
  z.map(z.string().min(1).max(200), z.object({ reason: z.string().trim().min(1, 'a sex override needs a reason').max(1000) }).strict(), { error: 'expected an object: sample id → {reason}' })
)

/** The samples whose stated sex the upload keeps against amelogenin, for its audit entry (ids only: the reasons are personal). */
export function sexOverrideTarget (overrides: ReadonlyMap<string, unknown> | undefined): Record<string, string> {
  return overrides === undefined || overrides.size === 0 ? {} : { sexOverrides: [...overrides.keys()].join(',') }
}

/**
 * The options of an import, the same for the CLI flags and the HTTP upload's `options` field.
 * `frequencyTableId` names a stored table whose alleles the preview checks.
 */
export const ImportOptionsSchema = z.object({
  dryRun: z.boolean().default(true),
  mode: z.enum(['all-or-nothing', 'accepted-only']).default('all-or-nothing'),
  idColumn: z.string().min(1).max(100).optional(),
  rule: z.string().min(1).max(500).optional(),
  mapping: ImportMappingSchema.optional(),
  sexOverrides: SexOverridesSchema.optional(),
  defaultSide: z.literal('unidentified').optional(),
  kit: z.string().min(1).max(100).optional(),
  frequencyTableId: z.string().min(1).max(200).optional()
}).strict()

export type ImportRequestOptions = z.infer<typeof ImportOptionsSchema>
