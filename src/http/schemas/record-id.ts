import { z } from 'zod'
import { checkRecordId, MAX_RECORD_ID_LENGTH, recordIdProblem, showId } from '../../core/record-id.ts'

/**
 * An id that names a record or a sample on the wire (case, person, pedigree person, relative, sample):
 * the rule of src/core/record-id.ts, so a refusal names the id and the code point at fault, and the
 * id goes on in NFC.
 */
export const RecordIdSchema = z.string()
  .superRefine((raw, ctx) => {
    const checked = checkRecordId(raw)
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: recordIdProblem(raw, checked.problem) })
  })
  .normalize('NFC')
  .meta({ description: `1 to ${MAX_RECORD_ID_LENGTH} characters, no control, invisible or BIDI characters, no Latin mixed with Cyrillic or Greek; stored in Unicode NFC` })

/**
 * An object keyed by ids (a case's genotypes by person id): every key under the id rule, and two keys
 * that are one id once normalised ("José" in NFC and in NFD) refused rather than one silently dropped.
 */
export function recordsById<T extends z.ZodType> (value: T) {
  return z.record(z.string(), value).transform((records, ctx) => {
    const entries: Array<[string, z.output<T>]> = []
    const rawOf = new Map<string, string>()
    for (const [raw, v] of Object.entries(records) as Array<[string, z.output<T>]>) {
      const checked = checkRecordId(raw)
      if (!checked.ok) {
        ctx.issues.push({ code: 'custom', message: recordIdProblem(raw, checked.problem), input: records })
        continue
      }
      const prior = rawOf.get(checked.id)
      if (prior !== undefined) {
        ctx.issues.push({ code: 'custom', message: `ids ${showId(prior)} and ${showId(raw)} are the same id (Unicode NFC): give it once`, input: records })
        continue
      }
      rawOf.set(checked.id, raw)
      entries.push([checked.id, v])
    }
    // fromEntries defines own properties, so no key can reach a prototype.
    return Object.fromEntries(entries) as Record<string, z.output<T>>
  })
}
