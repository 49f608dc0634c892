import { fail } from '../errors.ts'
import type { KinshipCase, LocusModel, LrOptions } from '../pedigree/kinship-case.ts'
import type { FamilyPower, PowerSettings, ThresholdPower } from './family-power-types.ts'
import { combineLoci, type GridOptions, type LogLrDistribution } from './log-lr-distribution.ts'
import { locusPowers, type LocusPower } from './locus-power.ts'
import { atLeast, poissonBinomial } from './poisson-binomial.ts'

/**
 * The power of a family as it stands, under the given model, for the true missing child and for an unrelated
 * person. What is exact and what is bounded:
 *  - exact (to rounding): the inconsistent-loci distributions (Poisson-binomial over the per-locus
 *    probabilities), the exclusion power 1 − Π(1 − EP_locus), E[log10 LR] (a sum over loci);
 *  - P(LR ≥ t) and the median: exact by enumeration when the loci have few LR values between them, else
 *    bracketed by the grid of log-lr-distribution.ts, lower and upper bounds reported, midpoint as the value.
 * No simulation. The missing person's own genotype, if the case has one, is ignored.
 *
 * @example // one parent typed 1/2 where p(1) = p(2) = p, θ = 0, no mutation: E[LR] = 1/(8p(1−p)) + ½ (see the tests)
 */
export function familyPower (kcase: KinshipCase, loci: readonly LocusModel[], options: LrOptions, settings: PowerSettings): FamilyPower {
  checkPowerSettings(settings)
  return powerFromLoci(locusPowers(kcase, loci, options), settings)
}

/** Step of the grid for a family's own power (log10 units); the bounds differ by at most loci × step. */
export const POWER_GRID_STEP = 0.005
/** Mult-adds per grid pass for a family's own power (four passes, about 10 ms each). */
export const POWER_GRID_WORK = 1e7

/** familyPower from the per-locus contributions; `step` trades precision of P(LR ≥ t) for time. */
export function powerFromLoci (perLocus: readonly LocusPower[], settings: PowerSettings, step = POWER_GRID_STEP): FamilyPower {
  const logThresholds = settings.thresholds.map((t) => Math.log10(t))
  const lowT = Math.min(...logThresholds)
  const highT = Math.max(...logThresholds)
  let mean = 0
  let variance = 0
  for (const l of perLocus) { mean += l.trueMean; variance += l.trueVariance }
  const sd = Math.sqrt(variance)
  // The true child's grid covers the thresholds and its bulk (for the median); an unrelated person's covers the
  // thresholds with a wide margin below, since its sums start far below and only the upper tail is asked.
  // Margins (only their tightness depends on them, never the validity of the bounds): a true child's partial
  // sum can fall by a few inconsistent loci (≈ −4 each) and still recover; an unrelated person's partial sum
  // almost never climbs 20 above a threshold and comes back, or rises by 20 from below it.
  const trueGrid: GridOptions = { step, low: Math.min(lowT, mean - 5 * sd) - 20, high: Math.max(highT + 20, mean + 5 * sd), workBudget: POWER_GRID_WORK }
  const unrelatedGrid: GridOptions = { step, low: lowT - 20, high: highT + 20, workBudget: POWER_GRID_WORK }
  const trueDist = combineLoci(perLocus.map((l) => l.trueChild), trueGrid)
  const unrelatedDist = combineLoci(perLocus.map((l) => l.unrelated), unrelatedGrid)

  const trueCounts = poissonBinomial(perLocus.map((l) => l.trueInconsistent))
  const unrelatedCounts = poissonBinomial(perLocus.map((l) => l.unrelatedInconsistent))
  const unrelatedPLr = thresholdPowers(unrelatedDist, settings.thresholds)
  return {
    trueChild: {
      pLrAtLeast: thresholdPowers(trueDist, settings.thresholds),
      expectedLog10Lr: mean,
      medianLog10Lr: trueDist.median(),
      inconsistentLoci: trueCounts,
      pExcludedByRule: atLeast(trueCounts, settings.maxInconsistentLoci)
    },
    unrelated: {
      exclusionPower: exclusionPower(perLocus),
      inconsistentLoci: unrelatedCounts,
      pExcludedByRule: atLeast(unrelatedCounts, settings.maxInconsistentLoci),
      pLrAtLeast: unrelatedPLr,
      expectedChanceCandidates: unrelatedPLr.map((p) => ({ lr: p.lr, expected: settings.databaseSize * p.upper }))
    },
    loci: perLocus.length,
    informativeLoci: perLocus.filter((l) => l.informative).length
  }
}

/** 1 − Π(1 − EP_locus): loci are independent, so an unrelated person passes every locus with the product. */
export function exclusionPower (perLocus: readonly LocusPower[]): number {
  return 1 - perLocus.reduce((keep, l) => keep * (1 - l.unrelatedInconsistent), 1)
}

function thresholdPowers (dist: LogLrDistribution, thresholds: readonly number[]): ThresholdPower[] {
  return thresholds.map((lr) => {
    const { lower, upper } = dist.tail(Math.log10(lr))
    return { lr, probability: (lower + upper) / 2, lower, upper, method: dist.exact ? 'exact' : 'bounded' }
  })
}

/** Refuses settings that would make the figures meaningless, naming the field. */
export function checkPowerSettings (settings: PowerSettings): void {
  const { thresholds, databaseSize, simulations, maxInconsistentLoci, seed } = settings
  if (!Array.isArray(thresholds) || thresholds.length === 0) fail('BAD_REQUEST', 'power: give at least one LR threshold', { field: 'thresholds' })
  for (const t of thresholds) {
    if (!Number.isFinite(t) || t <= 0) fail('BAD_REQUEST', `power: LR threshold ${String(t)} is not a positive number`, { field: 'thresholds', value: String(t) })
  }
  if (!Number.isInteger(databaseSize) || databaseSize < 0) fail('BAD_REQUEST', `power: database size ${String(databaseSize)} is not a whole number ≥ 0`, { field: 'databaseSize', value: String(databaseSize) })
  if (!Number.isInteger(simulations) || simulations < 1) fail('BAD_REQUEST', `power: simulations ${String(simulations)} is not a whole number ≥ 1`, { field: 'simulations', value: String(simulations) })
  if (!Number.isInteger(maxInconsistentLoci) || maxInconsistentLoci < 1) {
    fail('BAD_REQUEST', `power: the exclusion rule's number of inconsistent loci ${String(maxInconsistentLoci)} is not a whole number ≥ 1`, { field: 'maxInconsistentLoci', value: String(maxInconsistentLoci) })
  }
  if (!Number.isInteger(seed)) fail('BAD_REQUEST', `power: seed ${String(seed)} is not a whole number`, { field: 'seed', value: String(seed) })
}
