import type { LocusName } from '../markers/locus.ts'
import type { MutationModelSpec, MutationSpec } from './mutation-spec.ts'

/**
 * Homeward's default mutation model: stepwise, with per-locus rates and a per-sex split.
 *
 * Per-locus AVERAGE rates per meiosis (sexes pooled), 17 loci: the NIST STRBase summary of the AABB
 * parentage-testing annual-report mutation counts (the table J.M. Butler reproduces as Table 6.3 of
 * Forensic DNA Typing, 2nd ed., 2005: AABB 2002 Annual Report, 38 laboratories). Source actually read:
 * the public transcription of that STRBase table in github.com/VitorAguiar/duopaternity,
 * input_data/strbase_mutation_rates.tsv at commit d27ab1d9ec94faa5103572aa77612146f0ede913 (columns
 * marker, rate; "PentaD"/"PentaE" there are Penta D/E here). Every value below is that file's value,
 * unchanged; the 13 original CODIS loci equal the values Homeward used before (once transcribed from
 * memory of Butler Table 6.3), and Penta D, Penta E, D2S1338 and D19S433 are new. This is a secondary
 * source: the AABB 2002 report itself (dokumen.tips copy) was found but its mutation table was not
 * retrievable, so the values were not checked against the primary table. Prefer a lab's own rates.
 *
 * Sanity check against Chinese Han trio studies (abstract/body text retrieved): Jin et al. 2016,
 * FSI:Genetics 23:86–90 (10,636 trios, 33 loci) report 0.20 × 10^-3 (TPOX) to 1.96 × 10^-3 (FGA), mean
 * 0.70 × 10^-3; Lu et al. 2012, Int J Legal Med 126:331–335 (PMID 22005758) 0 to 3.4 × 10^-3, overall
 * 1.3 × 10^-3. The AABB-based averages here sit in or slightly above those ranges; for missing-person work
 * erring high only costs a little LR on true families, erring low can exclude one. Their per-locus tables
 * (and paternal/maternal splits) were not retrievable, so no Chinese per-locus or per-sex value is used.
 *
 * No rate here is 0 (TH01 and TPOX are 0.0001). A row with 0 observed mutations must never be entered as
 * 0 (that excludes true families on a one-step mismatch): enter the rule-of-three upper bound 3/n for n
 * meioses instead. As a guard, a zero or non-finite rate falls back to the configured default rates.
 *
 * Loci without a rate here (D1S1656, D2S441, D10S1248, D12S391, D22S1045, D6S1043, SE33, ...) take the
 * configured default (0.002 paternal, 0.0005 maternal), above the Chinese Han averages quoted above.
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
  D21S11: 0.0019,
  'Penta D': 0.0014,
  'Penta E': 0.0016,
  D2S1338: 0.0012,
  D19S433: 0.0011
})

/**
 * Paternal to maternal mutation-rate ratio: Lu et al. 2012 (6,441 Chinese Han meioses, 24 loci; abstract,
 * PMID 22005758: "Mutation events in the male germline were more frequent than in the female germline
 * (~4.3:1)"). The average μ is split so that (μp + μm)/2 = μ. Other Chinese Han studies seen: Wu et al.
 * 2017, Chin J Forensic Med 32(1):29–32 (41 loci) 4.7:1; an eastern-Han SiFaSTR 23plex study 2.09:1.
 */
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

/**
 * The paternal and maternal rates for a locus: published (split by sex) or the configured default.
 * A locus absent from the table, or with a rate that is not a positive finite number, takes the default.
 *
 * @example locusMutationRates('Penta D', { range: 0.5, defaultPaternalRate: 0.002, defaultMaternalRate: 0.0005 })
 *   // μ = 0.0014: paternal 2·0.0014·4.3/5.3 ≈ 0.0022717, maternal 2·0.0014/5.3 ≈ 0.0005283, published true
 */
export function locusMutationRates (locus: LocusName, options: DefaultMutationOptions): { paternal: number, maternal: number, published: boolean } {
  const mu = Object.hasOwn(PUBLISHED_AVERAGE_RATES, locus) ? PUBLISHED_AVERAGE_RATES[locus] : undefined
  if (mu === undefined || !Number.isFinite(mu) || mu <= 0) return { paternal: options.defaultPaternalRate, maternal: options.defaultMaternalRate, published: false }
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
