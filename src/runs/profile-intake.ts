import { collectErrors, fail, failAll, type HomewardError } from '../core/errors.ts'
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
 * The least a profile must hold to be compared (HOMEWARD_MIN_LOCI, HOMEWARD_MIN_REFERENCE_LOCI).
 * An unidentified person is typed once, by the lab holding the sample, with a full kit: below the
 * minimum an unrelated person clears the match threshold against too many families. A reference may
 * legitimately be partial (an old or degraded sample, remains, a relative who has died), so its
 * minimum is lower; the family-power figures then say whether the case can reach the match level.
 */
export interface IntakeRules {
  minPersonLoci: number
  minReferenceLoci: number
}

/** No minimum beyond one locus: for tools that read profiles without storing them (tests, benches); the service passes its configured rules. */
export const ANY_LOCUS_COUNT: IntakeRules = { minPersonLoci: 1, minReferenceLoci: 1 }

/** Refuses a profile with fewer STR loci than `minimum`, naming the sample, the count and the minimum. */
export function checkLocusCount (profile: Profile, sample: string, minimum: number, who: 'an unidentified person' | 'a reference', setting: string): void {
  const n = Object.keys(profile).length
  if (n >= minimum) return
  fail('INVALID_PROFILE', `sample ${sample}: ${n} STR ${n === 1 ? 'locus' : 'loci'} typed; ${who} needs at least ${minimum} (${setting})`, { sample, value: String(n), minimum })
}

/**
 * Canonical locus names and alleles for one sample; refuses unknown loci, off-ladder or bad alleles,
 * more than two alleles, and a locus given twice under two spellings, naming the sample and locus.
 * Every bad locus of the sample is reported, not only the first.
 *
 * @example canonicalProfile({ VWA: ['17', '14'], AMEL: ['X', 'Y'] }, 'U1')
 *   // { profile: { vWA: ['14', '17'] }, amelogenin: ['X', 'Y'] }
 */
export function canonicalProfile (raw: RawProfile, sample: string): CanonicalProfile {
  const profile: Profile = {}
  const spelled = new Map<string, string>()
  let amelogenin: string[] | undefined
  const problems: HomewardError[] = []
  for (const [rawLocus, calls] of Object.entries(raw)) {
    collectErrors(problems, () => {
      if (isAmelogenin(rawLocus)) {
        const upper = calls.map((c) => String(c).trim().toUpperCase())
        if (upper.length === 0 || upper.length > 2 || upper.some((c) => c !== 'X' && c !== 'Y')) {
          fail('INVALID_GENOTYPE', `sample ${sample}: amelogenin ${JSON.stringify(calls)} is not X or X,Y`, { sample, locus: rawLocus, value: calls.join(',') })
        }
        amelogenin = upper.length === 1 ? [upper[0], upper[0]] : [...upper].sort()
        return
      }
      const locus = canonicalLocus(rawLocus, { sample })
      const before = spelled.get(locus)
      if (before !== undefined) {
        fail('INVALID_PROFILE', `sample ${sample}: locus ${locus} is given twice (as "${before}" and "${rawLocus}")`, { sample, locus, value: rawLocus })
      }
      spelled.set(locus, rawLocus)
      profile[locus] = makeGenotype(calls, { locus, sample })
    })
  }
  failAll(problems)
  return amelogenin === undefined ? { profile } : { profile, amelogenin }
}
