import type { Sex } from '../core/markers/profile.ts'
import { sexNote } from './report-wording.ts'

/** Whether the tested person's sex fits the missing person's; null when the person's sex is unknown. */
export interface SexConsistency {
  missingPerson: Sex
  /** As recorded for the unidentified person; absent when unknown (e.g. remains). */
  person?: Sex
  /** The sex amelogenin indicates ('X' only → female, 'X','Y' → male), when typed. */
  amelogenin?: Sex
  /** The declared sex was kept against amelogenin (the lab's reason): amelogenin then does not decide. */
  sexOverride?: { reason: string }
  consistent: boolean | null
  note: string
}

/** The sex amelogenin calls indicate, or undefined when absent or unreadable. */
export function sexFromAmelogenin (calls: readonly string[] | undefined): Sex | undefined {
  if (calls === undefined || calls.length === 0) return undefined
  const upper = calls.map((c) => c.trim().toUpperCase())
  if (upper.some((c) => c !== 'X' && c !== 'Y')) return undefined
  if (!upper.includes('X') && !upper.includes('Y')) return undefined
  return upper.includes('Y') ? 'male' : 'female'
}

/**
 * Compares the missing person's sex with the person's recorded sex and amelogenin. A person whose
 * sex contradicts the missing person's is not a candidate, whatever the LR (issue 3).
 *
 * @example sexConsistency('male', 'female', undefined).consistent // false
 */
export function sexConsistency (missingPerson: Sex, person: Sex | undefined, amelogenin: readonly string[] | undefined, sexOverride?: { reason: string }): SexConsistency {
  const amel = sexFromAmelogenin(amelogenin)
  // as the search does (sexMismatch): an overridden declared sex is trusted over the amelogenin call
  const known = [person, sexOverride === undefined ? amel : undefined].filter((s): s is Sex => s !== undefined)
  const consistent = known.length === 0 ? null : !known.some((s) => s !== missingPerson)
  const facts = { missingPerson, consistent, ...(person === undefined ? {} : { person }), ...(amel === undefined ? {} : { amelogenin: amel }), ...(sexOverride === undefined ? {} : { sexOverride }) }
  return { ...facts, note: sexNote('en', facts) }
}
