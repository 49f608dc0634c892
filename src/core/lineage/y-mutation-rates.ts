import type { YLocusName } from './y-loci.ts'

/**
 * Y-STR mutation rates per father–son meiosis, per locus, as YHRD compiled them from published father–son
 * studies: mutations / meioses (the point estimate). Source: the ystr_markers data set of the R package
 * malan (github.com/mikldk/malan, data/ystr_markers.RData, commit 7c58e462af18e21bd093fc79c6eca803ebec2692,
 * "from yhrd.org"), copied unchanged to fixtures/lineage/yhrd-mutation-rates.tsv (a test checks these
 * numbers against it). The rapidly mutating loci (DYS570, DYS576, DYS518, DYS449, DYS627, DYF387S1) match
 * the magnitudes of Ballantyne et al. 2010 (Am J Hum Genet 87:341), ~1e-2.
 *
 * Multi-copy loci: the source splits DYS385 and DYF387S1 into copies a and b, each with the locus's figures
 * (32/26171, 14/1804); Homeward applies that rate to each copy, which errs high (a true relative keeps a
 * little more LR on a mismatch; an unrelated man gains nothing, his haplotype frequency is unchanged).
 *
 * No rate is 0; a locus without a rate here takes DEFAULT_Y_MUTATION_RATE.
 */
export const Y_MUTATION_COUNTS: Readonly<Record<YLocusName, { mutations: number, meioses: number }>> = Object.freeze({
  DYS438: { mutations: 4, meioses: 10673 },
  DYS392: { mutations: 8, meioses: 15418 },
  DYS393: { mutations: 15, meioses: 14264 },
  DYS437: { mutations: 13, meioses: 10652 },
  DYS385: { mutations: 32, meioses: 26171 },
  DYS643: { mutations: 3, meioses: 2220 },
  DYS448: { mutations: 11, meioses: 7229 },
  DYS390: { mutations: 33, meioses: 15612 },
  DYS19: { mutations: 36, meioses: 16090 },
  DYS391: { mutations: 38, meioses: 15486 },
  DYS389I: { mutations: 42, meioses: 14339 },
  'Y-GATA-H4': { mutations: 25, meioses: 8260 },
  DYS533: { mutations: 8, meioses: 2177 },
  DYS549: { mutations: 8, meioses: 2131 },
  DYS389II: { mutations: 59, meioses: 14310 },
  DYS456: { mutations: 31, meioses: 7229 },
  DYS635: { mutations: 35, meioses: 8076 },
  DYS481: { mutations: 11, meioses: 2191 },
  DYS439: { mutations: 58, meioses: 10647 },
  DYS460: { mutations: 10, meioses: 1717 },
  DYS458: { mutations: 46, meioses: 7228 },
  DYF387S1: { mutations: 14, meioses: 1804 },
  DYS449: { mutations: 19, meioses: 1617 },
  DYS627: { mutations: 21, meioses: 1766 },
  DYS570: { mutations: 25, meioses: 1873 },
  DYS576: { mutations: 32, meioses: 2174 },
  DYS518: { mutations: 28, meioses: 1556 }
})

/** Rate for a Y locus without a published figure above: the median of the figures (DYS389II's order, ~4e-3), stated rather than guessed per locus. */
export const DEFAULT_Y_MUTATION_RATE = 0.004

/**
 * The mutation rate per meiosis of a Y locus (per copy for DYS385 and DYF387S1).
 *
 * @example yMutationRate('DYS19') // 36 / 16090 = 0.0022374
 */
export function yMutationRate (locus: YLocusName): number {
  const c = Y_MUTATION_COUNTS[locus]
  return c === undefined ? DEFAULT_Y_MUTATION_RATE : c.mutations / c.meioses
}
