import type { LocusName } from './locus.ts'
import type { MutationModelSpec, MutationSpec } from './mutation-spec.ts'

/**
 * Homeward's default mutation model: stepwise, with per-locus rates and a per-sex split.
 *
 * Per-locus average rates per meiosis: the AABB 2002 annual report summary (38 parentage laboratories),
 * as tabulated in J.M. Butler, Forensic DNA Typing, 2nd ed. (2005), Table 6.3, for the 13 original CODIS
 * loci. The values were transcribed from that table from memory and rounded to 0.01 % (checked only
 * against the ranges in Jin et al. 2016, FSI:Genetics 23:86–90, and Lu et al. 2012, Int J Legal Med
 * 126:331–335): verify them against the source before casework use, and prefer a lab's own rates.
 *
 * The paternal:maternal split: Lu et al. 2012 (6,441 Chinese Han meioses, 24 loci) report male-germline
 * mutations ~4.3× as frequent as female; the per-locus average μ is split so that (μp + μm)/2 = μ.
 *
 * Loci without a rate here (the newer CODIS loci, Penta D/E, D6S1043, ...) take the configured default
 * (0.002 paternal, 0.0005 maternal), which is above the Chinese Han averages (~0.7–1.3 × 10^-3): erring
 * high costs a little LR on true families, erring low can exclude one.
 */
export const PUBLISHED_AVERAGE_RATES: Readonly<Record<LocusName, number>> = Object.freeze({
  CSF1PO: 0.0016,
  FGA: 0.0028,
  TH01: 0.0001,
  TPOX: 0.0001,
  vWA: 0.0017,
  D3S1358: 0.0012,
  D5S818: 0.0011,
  D7S820: 0.0010,
  D8S1179: 0.0014,
  D13S317: 0.0014,
  D16S539: 0.0011,
  D18S51: 0.0022,
  D21S11: 0.0019
})

/** Paternal to maternal mutation-rate ratio (Lu et al. 2012). */
export const PATERNAL_TO_MATERNAL_RATIO = 4.3

/**
 * Rate across microvariant groups (e.g. 9 → 9.3): rare; small but not zero so that a true family with
 * a microvariant mismatch is weakened, not excluded.
 */
export const DEFAULT_MICROVARIANT_RATE = 1e-6

export interface DefaultMutationOptions {
  range: number
  defaultPaternalRate: number
  defaultMaternalRate: number
}

/** The paternal and maternal rates for a locus: published (split by sex) or the configured default. */
export function locusMutationRates (locus: LocusName, options: DefaultMutationOptions): { paternal: number, maternal: number, published: boolean } {
  const mu = PUBLISHED_AVERAGE_RATES[locus]
  if (mu === undefined) return { paternal: options.defaultPaternalRate, maternal: options.defaultMaternalRate, published: false }
  const r = PATERNAL_TO_MATERNAL_RATIO
  return { paternal: 2 * mu * r / (r + 1), maternal: 2 * mu / (r + 1), published: true }
}

/**
 * The stepwise model of one locus, per sex of the transmitting parent.
 *
 * @example defaultLocusMutation('FGA', { range: 0.5, defaultPaternalRate: 0.002, defaultMaternalRate: 0.0005 })
 *   // male rate 2·0.0028·4.3/5.3 ≈ 0.004543, female 2·0.0028/5.3 ≈ 0.001057, range 0.5
 */
export function defaultLocusMutation (locus: LocusName, options: DefaultMutationOptions): MutationSpec {
  const { paternal, maternal } = locusMutationRates(locus, options)
  const model = (rate: number): MutationModelSpec => ({ model: 'stepwise', rate, range: options.range, rate2: DEFAULT_MICROVARIANT_RATE })
  return { male: model(paternal), female: model(maternal) }
}
