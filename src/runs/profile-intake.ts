import { fail } from '../core/errors.ts'
import { canonicalLocus, isAmelogenin } from '../core/markers/locus.ts'
import { makeGenotype, type Profile } from '../core/markers/profile.ts'

/** A profile as it arrives on the wire: locus (any accepted spelling) → one or two allele strings. */
export type RawProfile = Record<string, readonly string[]>

export interface CanonicalProfile {
  profile: Profile
  /** Amelogenin calls, kept apart: a sex check, never part of an LR. */
  amelogenin?: string[]
}

/**
 * Canonical locus names and alleles for one sample; refuses unknown loci, off-ladder or bad alleles,
 * more than two alleles, and a locus given twice under two spellings, naming the sample and locus.
 *
 * @example canonicalProfile({ VWA: ['17', '14'], AMEL: ['X', 'Y'] }, 'U1')
 *   // { profile: { vWA: ['14', '17'] }, amelogenin: ['X', 'Y'] }
 */
export function canonicalProfile (raw: RawProfile, sample: string): CanonicalProfile {
  const profile: Profile = {}
  const spelled = new Map<string, string>()
  let amelogenin: string[] | undefined
  for (const [rawLocus, calls] of Object.entries(raw)) {
    if (isAmelogenin(rawLocus)) {
      const upper = calls.map((c) => String(c).trim().toUpperCase())
      if (upper.length === 0 || upper.length > 2 || upper.some((c) => c !== 'X' && c !== 'Y')) {
        fail('INVALID_GENOTYPE', `sample ${sample}: amelogenin ${JSON.stringify(calls)} is not X or X,Y`, { sample, locus: rawLocus, value: calls.join(',') })
      }
      amelogenin = upper.length === 1 ? [upper[0], upper[0]] : [...upper].sort()
      continue
    }
    const locus = canonicalLocus(rawLocus, { sample })
    const before = spelled.get(locus)
    if (before !== undefined) {
      fail('INVALID_PROFILE', `sample ${sample}: locus ${locus} is given twice (as "${before}" and "${rawLocus}")`, { sample, locus, value: rawLocus })
    }
    spelled.set(locus, rawLocus)
    profile[locus] = makeGenotype(calls, { locus, sample })
  }
  return amelogenin === undefined ? { profile } : { profile, amelogenin }
}
