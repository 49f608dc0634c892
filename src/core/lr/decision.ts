import { fail } from '../errors.ts'

/**
 * Deciding on a family/person pair the way GB/T 37223-2018 (and SF/Z JD0105001-2016) decide
 * parentage, with ISFG's advice to report both the count of inconsistent loci and the
 * mutation-aware LR; plus the posterior and the expected number of chance matches of a search.
 */

export type Decision = 'supported' | 'excluded' | 'inconclusive'

/** Which rule of the standard fired: stable text for machines, `reason` is for people. */
export type DecisionRule =
  | 'inconsistent-loci'
  | 'lr-zero'
  | 'lr-supports'
  | 'lr-excludes'
  | 'lr-between'

export interface DecisionResult {
  decision: Decision
  rule: DecisionRule
  reason: string
}

export interface DecisionInput {
  /** log10 of the mutation-aware combined LR; null when the LR is 0 (an exclusion). */
  log10Lr: number | null
  /** Loci where only a mutation explains the data. */
  inconsistentLoci: number
}

export interface DecisionThresholds {
  /** Combined LR at or above which the relationship is supported: 4 (LR 10,000). */
  log10Support: number
  /** Combined LR below which it is excluded: -4 (LR 0.0001). */
  log10Exclude: number
  /** This many inconsistent loci or more exclude: 3. */
  maxInconsistentLoci: number
}

/** GB/T 37223-2018: CPI ≥ 10,000 supports, CPI < 0.0001 excludes, 3 or more inconsistent loci exclude. */
export const GB_T_37223: Readonly<DecisionThresholds> = Object.freeze({ log10Support: 4, log10Exclude: -4, maxInconsistentLoci: 3 })

// A total log10 LR is a sum of per-locus log10 LRs and carries ~1e-15 of rounding: a true LR of
// exactly 10,000 must not fall to 'inconclusive' because the sum came out 3.9999999999999996.
const LOG10_TOLERANCE = 1e-9

/**
 * The decision for one pair under GB/T 37223-style rules, in this order:
 * 3+ inconsistent loci → excluded; LR 0 → excluded; LR ≥ 10^4 → supported (with 1–2 inconsistent loci
 * the LR is the mutation-aware one, as the standard asks); LR < 10^-4 → excluded; otherwise inconclusive:
 * type more loci or relatives. The reason always states both the inconsistency count and the LR (ISFG).
 *
 * @example decide({ log10Lr: 4, inconsistentLoci: 0 }).decision // 'supported'
 * @example decide({ log10Lr: 3.99, inconsistentLoci: 1 }).decision // 'inconclusive'
 * @example decide({ log10Lr: 6, inconsistentLoci: 3 }).decision // 'excluded'
 */
export function decide (input: DecisionInput, thresholds: DecisionThresholds = GB_T_37223): DecisionResult {
  const { log10Lr, inconsistentLoci } = input
  if (!Number.isInteger(inconsistentLoci) || inconsistentLoci < 0) {
    fail('BAD_REQUEST', `inconsistent loci must be a count, got ${inconsistentLoci}`, { value: String(inconsistentLoci) })
  }
  if (log10Lr !== null && Number.isNaN(log10Lr)) fail('BAD_REQUEST', 'log10 LR is NaN', { value: 'NaN' })
  const lrText = log10Lr === null ? 'the combined LR is 0' : `the combined LR is 10^${log10Lr.toFixed(2)}`
  const loci = `${inconsistentLoci} inconsistent ${inconsistentLoci === 1 ? 'locus' : 'loci'}`
  if (inconsistentLoci >= thresholds.maxInconsistentLoci) {
    return { decision: 'excluded', rule: 'inconsistent-loci', reason: `${loci} (${thresholds.maxInconsistentLoci} or more exclude); ${lrText}` }
  }
  if (log10Lr === null) {
    return { decision: 'excluded', rule: 'lr-zero', reason: `${lrText} (an exclusion); ${loci}` }
  }
  const supportText = formatPower(thresholds.log10Support)
  if (log10Lr >= thresholds.log10Support - LOG10_TOLERANCE) {
    const mut = inconsistentLoci > 0 ? ', explained by the mutation model' : ''
    return { decision: 'supported', rule: 'lr-supports', reason: `${lrText}, at least ${supportText}; ${loci}${mut}` }
  }
  if (log10Lr < thresholds.log10Exclude - LOG10_TOLERANCE) {
    return { decision: 'excluded', rule: 'lr-excludes', reason: `${lrText}, below ${formatPower(thresholds.log10Exclude)}; ${loci}` }
  }
  return {
    decision: 'inconclusive',
    rule: 'lr-between',
    reason: `inconclusive: type more loci or relatives; ${lrText}, between ${formatPower(thresholds.log10Exclude)} and ${supportText}; ${loci}`
  }
}

/** 4 → "10,000", -4 → "0.0001" (written out, not through 10 ** -4, which is 0.00009999999999999999). */
function formatPower (log10: number): string {
  if (!Number.isInteger(log10) || Math.abs(log10) > 6) return `10^${log10}`
  return log10 >= 0 ? `1${'0'.repeat(log10)}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : `0.${'0'.repeat(-log10 - 1)}1`
}

function checkPrior (prior: number): void {
  if (!(prior >= 0 && prior <= 1)) fail('BAD_REQUEST', `the prior must be a probability in [0, 1], got ${prior}`, { value: String(prior) })
}

/**
 * log10 of the posterior odds that the person is the missing person: log10 LR + log10(prior / (1 − prior)).
 * Null for an LR of 0 or a prior of 0 (odds 0); +Infinity for a prior of 1.
 *
 * @example log10PosteriorOdds(4, 0.5) // 4
 */
export function log10PosteriorOdds (log10Lr: number | null, prior: number): number | null {
  checkPrior(prior)
  if (log10Lr === null || prior === 0) return null
  if (prior === 1) return Infinity
  return log10Lr + Math.log10(prior) - Math.log10(1 - prior)
}

/**
 * Posterior probability that the person is the missing person: LR·prior / (LR·prior + 1 − prior),
 * computed from the log odds so that LRs of 10^300 and more neither overflow nor lose the prior.
 * Rounds to 1 in double precision once the odds pass ~10^16: show `log10PosteriorOdds` beside it.
 *
 * @example posterior(4, 0.5) // 10000/10001 ≈ 0.99990
 * @example posterior(Math.log10(999), 0.001) // 999·0.001/(0.999 + 0.999) = 0.5
 * @example posterior(null, 0.01) // 0
 */
export function posterior (log10Lr: number | null, prior: number): number {
  const lpo = log10PosteriorOdds(log10Lr, prior)
  if (lpo === null) return 0
  if (lpo === Infinity) return 1
  // odds / (1 + odds) = 1 / (1 + 10^-lpo); for lpo very negative use odds directly to keep precision.
  return lpo < 0 ? 10 ** lpo / (1 + 10 ** lpo) : 1 / (1 + 10 ** -lpo)
}

/**
 * Upper bound on the expected number of unrelated candidates at or above an LR threshold when searching
 * `n` families (or persons): since E[LR | unrelated] = 1, P(LR ≥ t) ≤ 1/t, so at most n/t chance matches.
 *
 * @param n database size searched (families or persons), a count
 * @param thresholdLr the LR threshold (not log10), e.g. 10,000
 * @example expectedChanceMatches(1_000_000, 10_000) // 100
 */
export function expectedChanceMatches (n: number, thresholdLr: number): number {
  if (!(Number.isFinite(n) && n >= 0)) fail('BAD_REQUEST', `database size must be a non-negative count, got ${n}`, { value: String(n) })
  if (!(thresholdLr > 0 && Number.isFinite(thresholdLr))) fail('BAD_REQUEST', `LR threshold must be positive, got ${thresholdLr}`, { value: String(thresholdLr) })
  return n / thresholdLr
}

/**
 * dvir's rule: a match is undisputed when its LR is at least the threshold AND at least threshold × every
 * competing LR (the other candidates for the same person, or for the same case's missing slot).
 * Competitors with LR 0 (null) never dispute.
 *
 * @example isUndisputed(6, [1.5], 4) // true: 10^6 ≥ 10^4 and 10^6 ≥ 10^4·10^1.5
 * @example isUndisputed(6, [2.5], 4) // false
 */
export function isUndisputed (log10Lr: number | null, competitorsLog10Lr: readonly (number | null)[], log10Threshold = GB_T_37223.log10Support): boolean {
  if (log10Lr === null || log10Lr < log10Threshold - LOG10_TOLERANCE) return false
  for (const c of competitorsLog10Lr) {
    if (c !== null && log10Lr < c + log10Threshold - LOG10_TOLERANCE) return false
  }
  return true
}
