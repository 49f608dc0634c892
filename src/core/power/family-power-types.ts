/**
 * The results of family power (issue 12): how likely a family's typed references are to find their missing
 * child, how often an unrelated person would pass for the child, and which relative to sample next. Pure data,
 * clonable (no typed arrays), so a worker can hand it back and the service can store it as JSON.
 *
 * Computed by familyPower (./family-power.ts) and nextRelatives (./next-relatives.ts):
 *   familyPower(kcase: KinshipCase, loci: LocusModel[], options: LrOptions, settings: PowerSettings): FamilyPower
 *   nextRelatives(kcase: KinshipCase, loci: LocusModel[], options: LrOptions, settings: PowerSettings): NextRelativePower[]
 * where kcase is the family with the missing person untyped (a genotype given for the missing person is ignored).
 */

/** What a power computation is asked. */
export interface PowerSettings {
  /** LR thresholds (plain LR, not log), ascending, e.g. [1e3, 1e4]. nextRelatives ranks by the largest one. */
  thresholds: number[]
  /** Unrelated profiles a search compares against (the database's current size), for the expected chance candidates. */
  databaseSize: number
  /**
   * Seed and genotype sets of the conditional simulation of next relatives as homeward-power/1 did it; checked
   * and stored, no longer used: nextRelatives computes over all the relative's genotypes (no simulation).
   */
  seed: number
  simulations: number
  /** The exclusion rule: a candidate with at least this many inconsistent loci is excluded (3 in GB/T 37223). */
  maxInconsistentLoci: number
}

/**
 * P(LR ≥ t) for one threshold. 'exact': lower = upper = probability. 'bounded': the distribution of the total
 * log10 LR was combined across loci on a grid, rounding every locus down (lower) and up (upper), so the true
 * value is guaranteed to lie in [lower, upper]; probability is their midpoint.
 */
export interface ThresholdPower {
  /** The threshold t as a plain LR, e.g. 10000. */
  lr: number
  /** Best value of P(LR ≥ t), in [0, 1]. */
  probability: number
  /** Guaranteed lower bound of P(LR ≥ t). */
  lower: number
  /** Guaranteed upper bound of P(LR ≥ t). */
  upper: number
  method: 'exact' | 'bounded'
}

/** The true missing child, drawn given the typed references under H1 (the family's pedigree and model). */
export interface TrueChildPower {
  /** P(LR ≥ t) per threshold, in the order of settings.thresholds. */
  pLrAtLeast: ThresholdPower[]
  /**
   * E[log10 LR], exact (a sum of per-locus expectations). Always finite: a genotype of LR 0 has probability 0
   * for the true child under the model.
   */
  expectedLog10Lr: number
  /** The median of log10 LR lies in [lower, upper] (grid bounds, at most a few hundredths of a log10 unit apart). */
  medianLog10Lr: { lower: number, upper: number }
  /** inconsistentLoci[k]: probability of exactly k loci inconsistent without mutation (exact Poisson-binomial); length = loci + 1. */
  inconsistentLoci: number[]
  /** P(at least settings.maxInconsistentLoci inconsistent loci): how often the exclusion rule would drop the true child. Exact. */
  pExcludedByRule: number
}

/** A person unrelated to the family (H2), drawn from the population given the references (θ as the engine uses it). */
export interface UnrelatedPower {
  /**
   * P(at least one locus incompatible with the pedigree without mutation), exact: forrel's missingPersonEP
   * (at θ = 0; under θ > 0 the unrelated person's genotype is drawn as the engine's H2 has it).
   */
  exclusionPower: number
  /** inconsistentLoci[k]: probability of exactly k inconsistent loci (exact Poisson-binomial); length = loci + 1. */
  inconsistentLoci: number[]
  /** P(at least settings.maxInconsistentLoci inconsistent loci). Exact. */
  pExcludedByRule: number
  /** P(LR ≥ t) per threshold (order of settings.thresholds): the false-positive rate of one comparison. */
  pLrAtLeast: ThresholdPower[]
  /**
   * Expected number of unrelated profiles with LR ≥ t among settings.databaseSize: databaseSize × P(LR ≥ t),
   * taken at the upper bound (conservative). Per threshold, in the order of settings.thresholds.
   */
  expectedChanceCandidates: Array<{ lr: number, expected: number }>
}

/** The power of a family as it stands. */
export interface FamilyPower {
  trueChild: TrueChildPower
  unrelated: UnrelatedPower
  /** Number of loci in the model (the length of the inconsistentLoci distributions minus one). */
  loci: number
  /** Loci where at least one reference is typed; the others give LR 1 whatever the candidate. */
  informativeLoci: number
}

/**
 * A relative the family could still give, as a relation to the missing person. Autosomal markers do not see
 * sex, so an uncle stands for an uncle or aunt; 'full-sibling' is a further sibling when one is already typed.
 */
export type NextRelation =
  | 'father' | 'mother' | 'full-sibling'
  | 'paternal-grandfather' | 'paternal-grandmother' | 'maternal-grandfather' | 'maternal-grandmother'
  | 'paternal-uncle' | 'maternal-uncle' | 'paternal-half-sibling' | 'maternal-half-sibling' | 'child'

/** The power the family would have if one more relative were typed, averaged over that relative's genotypes. */
export interface NextRelativePower {
  relation: NextRelation
  /** Words for a caseworker, e.g. "paternal uncle or aunt". */
  label: string
  /**
   * Expected P(LR ≥ t) of the true child once the relative is typed, per threshold (order of settings.thresholds),
   * over the relative's genotypes given the current references (no simulation): the true value lies in
   * [lower, upper] (the grid's bracket, as familyPower's; equal when 'exact'); expected is their midpoint.
   * standardError is 0 (kept for figures stored by the simulating method, homeward-power/1).
   */
  pLrAtLeast: Array<{ lr: number, expected: number, standardError: number, lower: number, upper: number, method: 'exact' | 'bounded' }>
  /**
   * Expected exclusion power once the relative is typed, exact: loci are independent given the references, so it
   * is 1 − Π_l (1 − E_r[EP_l(r)]), each expectation summed over the relative's genotypes at that locus.
   */
  exclusionPower: number
  /** Standard error of exclusionPower: 0 (exact). */
  exclusionPowerStandardError: number
  /** expected P(LR ≥ largest threshold) minus today's (on the same grid and θ = 0 model); the ranking key. */
  gainPLrAtLeast: number
  /** exclusionPower minus today's. */
  gainExclusionPower: number
  /** Genotype sets simulated: 0, every figure is computed over all the relative's genotypes. */
  simulations: number
}
