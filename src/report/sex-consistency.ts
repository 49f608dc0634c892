import type { Sex } from '../core/markers/profile.ts'

/** Whether the tested person's sex fits the missing person's; null when the person's sex is unknown. */
export interface SexConsistency {
  missingPerson: Sex
  /** As recorded for the unidentified person; absent when unknown (e.g. remains). */
  person?: Sex
  /** The sex amelogenin indicates ('X' only → female, 'X','Y' → male), when typed. */
  amelogenin?: Sex
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
export function sexConsistency (missingPerson: Sex, person: Sex | undefined, amelogenin: readonly string[] | undefined): SexConsistency {
  const amel = sexFromAmelogenin(amelogenin)
  const known = [person, amel].filter((s): s is Sex => s !== undefined)
  const parts: string[] = []
  let consistent: boolean | null
  if (known.length === 0) {
    consistent = null
    parts.push(`the person's sex is unknown; the missing person is ${missingPerson}: sex cannot be checked`)
  } else if (known.some((s) => s !== missingPerson)) {
    consistent = false
    const which = person !== undefined && person !== missingPerson ? `recorded as ${person}` : `${amel} by amelogenin`
    parts.push(`the person is ${which} but the missing person is ${missingPerson}: the sexes contradict, so the person is not a candidate for this case`)
  } else {
    consistent = true
    parts.push(`the person is ${known[0]}, as is the missing person`)
  }
  if (person !== undefined && amel !== undefined && person !== amel) {
    parts.push(`the recorded sex (${person}) and amelogenin (${amel}) disagree: check the sample (an AMELY deletion can make a male read X only)`)
  }
  const result: SexConsistency = { missingPerson, consistent, note: `${capitalise(parts.join('; '))}.` }
  if (person !== undefined) result.person = person
  if (amel !== undefined) result.amelogenin = amel
  return result
}

function capitalise (s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
