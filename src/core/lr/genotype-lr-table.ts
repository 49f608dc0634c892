import { anyReferenceTyped, locusPersons, prepareLocus, preparePedigree, type PreparedLocus, type PreparedPedigree } from '../pedigree/case-locus.ts'
import type { KinshipCase, LocusModel, LrOptions } from '../pedigree/kinship-case.ts'
import { founderAlleleMoments } from '../likelihood/founder-moments.ts'
import { lnLocusLikelihood, locusJointTable } from '../likelihood/locus-likelihood.ts'
import { validateCaseGenotypes } from '../pedigree/case-genotypes.ts'

/** The LR of every possible genotype of the missing person at one locus, given the family's references. */
export interface LocusLrTable {
  locus: string
  /** The locus's alleles after unknown alleles (of the references and `extraAlleles`) were added. */
  alleles: string[]
  /** lr[genotypeIndex(i, j, n)]: the exact LR (as kinshipLr gives it) of genotype alleles[i]/alleles[j]. */
  lr: Float64Array
  /**
   * unrelated[genotypeIndex(i, j, n)]: P(an unrelated person has genotype alleles[i]/alleles[j] | the references),
   * the H2 probabilities the LR divides by, normalised to sum 1 (Hardy–Weinberg at θ = 0; under θ > 0 the
   * person's alleles are drawn with the founders'). The true child's are lr[k]·unrelated[k] (they sum to 1).
   */
  unrelated: Float64Array
  /** False when no reference is typed here: the LR is 1 for every genotype. */
  informative: boolean
}

/**
 * Index of the unordered genotype of allele indices i ≤ j among n alleles, in 0 … n(n+1)/2 − 1.
 *
 * @example genotypeIndex(0, 0, 3) // 0
 * @example genotypeIndex(1, 2, 3) // 4   (order: 00 01 02 11 12 22)
 */
export function genotypeIndex (i: number, j: number, n: number): number {
  if (i > j) { const t = i; i = j; j = t }
  return i * n - (i * (i - 1)) / 2 + (j - i)
}

/**
 * For a family case, per locus, the LR of every genotype the missing person could have: one pass of the
 * likelihood with MP's alleles left unsummed (θ = 0), or one pair of likelihoods per genotype (θ > 0, where
 * the tested person's alleles enter the founders' joint Balding–Nichols draw). MP's own genotype in the case,
 * if any, is ignored. A profile with an allele outside `alleles` changes the renormalised table, so such a
 * candidate must be scored with a table built with that allele in `extraAlleles` (or by kinshipLr).
 */
export function missingPersonLrTable (
  kcase: KinshipCase, loci: readonly LocusModel[], options: LrOptions, extraAlleles: Record<string, string[]> = {}
): LocusLrTable[] {
  const family: KinshipCase = { ...kcase, genotypes: { ...kcase.genotypes } }
  delete family.genotypes[kcase.missingPerson]
  const pedigree = preparePedigree(family)
  validateCaseGenotypes(family, loci)
  return loci.map((locus) => {
    const prepared = prepareLocus(locus, family, options, extraAlleles[locus.name] ?? [])
    const { n } = prepared.params
    const size = (n * (n + 1)) / 2
    const lr = new Float64Array(size)
    const alleles = prepared.adjusted.alleles
    if (!anyReferenceTyped(family, locus.name)) {
      lr.fill(1)
      return { locus: locus.name, alleles, lr, unrelated: firstDraw(prepared.params.freqs, options.theta), informative: false }
    }
    const mpIsFounder = pedigree.persons[pedigree.missing].father === undefined
    if (options.theta === 0 || !mpIsFounder) {
      // H1 for every genotype at once: MP's alleles are left unsummed.
      const h1 = locusPersons(pedigree, family, prepared, locus.name, 'H1', null)
      const joint = locusJointTable(h1, prepared.params, pedigree.missing)
      const lnH2 = h2Likelihoods(pedigree, family, prepared, locus.name, n)
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          const pH1 = i === j ? joint.table[i * n + i] : joint.table[i * n + j] + joint.table[j * n + i]
          const k = genotypeIndex(i, j, n)
          lr[k] = pH1 === 0 ? 0 : Math.exp(joint.lnScale + Math.log(pH1) - lnH2[k])
        }
      }
      return { locus: locus.name, alleles, lr, unrelated: normalisedExp(lnH2), informative: true }
    }
    const lnH2 = new Float64Array(size)
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const g = [i, j] as const
        const ln1 = lnLocusLikelihood(locusPersons(pedigree, family, prepared, locus.name, 'H1', g), prepared.params)
        const ln2 = lnLocusLikelihood(locusPersons(pedigree, family, prepared, locus.name, 'H2', g), prepared.params)
        lr[genotypeIndex(i, j, n)] = ln1 === -Infinity ? 0 : Math.exp(ln1 - ln2)
        lnH2[genotypeIndex(i, j, n)] = ln2
      }
    }
    return { locus: locus.name, alleles, lr, unrelated: normalisedExp(lnH2), informative: true }
  })
}

/** exp(x_k) / Σ exp(x): Σ_g P(references, g | H2) is P(references), so this is P(g | references, H2). */
function normalisedExp (ln: Float64Array): Float64Array {
  let top = -Infinity
  for (const x of ln) if (x > top) top = x
  const out = new Float64Array(ln.length)
  let sum = 0
  for (let k = 0; k < ln.length; k++) { out[k] = Math.exp(ln[k] - top); sum += out[k] }
  for (let k = 0; k < ln.length; k++) out[k] /= sum
  return out
}

/** The first two alleles drawn from the Balding–Nichols urn with nothing typed: p(θ + (1−θ)p) and 2(1−θ)pq. */
function firstDraw (freqs: Float64Array, theta: number): Float64Array {
  const n = freqs.length
  const out = new Float64Array((n * (n + 1)) / 2)
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      out[genotypeIndex(i, j, n)] = i === j ? freqs[i] * (theta + (1 - theta) * freqs[i]) : 2 * (1 - theta) * freqs[i] * freqs[j]
    }
  }
  return out
}

/**
 * ln P(references, tested person = g | H2) for every genotype g. With θ = 0 the tested person is independent
 * of the family: ln P(refs) + ln HW(g). With θ > 0 their alleles join the founders' draw, so each g is summed.
 */
function h2Likelihoods (pedigree: PreparedPedigree, family: KinshipCase, prepared: PreparedLocus, locusName: string, n: number): Float64Array {
  const out = new Float64Array((n * (n + 1)) / 2)
  const { freqs, theta } = prepared.params
  if (theta === 0) {
    const lnRefs = lnLocusLikelihood(locusPersons(pedigree, family, prepared, locusName, 'H2', null), prepared.params)
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) out[genotypeIndex(i, j, n)] = lnRefs + Math.log(i === j ? freqs[i] * freqs[i] : 2 * freqs[i] * freqs[j])
    }
    return out
  }
  // The tested person's alleles are the last two drawn from the founders' urn (exchangeability), so their
  // probability is a quadratic in the untyped founder allele counts: its expectations are the moments.
  const moments = founderAlleleMoments(locusPersons(pedigree, family, prepared, locusName, 'H2', null), prepared.params)
  const typedCount = new Float64Array(n)
  for (const a of moments.typedFounderAlleles) typedCount[a]++
  const K = moments.typedFounderAlleles.length + moments.untypedFounderAlleles
  const lnDraw = Math.log((1 + (K - 1) * theta) * (1 + K * theta))
  const { s0, s1, s2 } = moments
  for (let a = 0; a < n; a++) {
    const Aa = theta * typedCount[a] + (1 - theta) * freqs[a]
    for (let b = a; b < n; b++) {
      const Ab = theta * typedCount[b] + (1 - theta) * freqs[b]
      const joint = a === b
        ? Aa * (Aa + theta) * s0 + theta * (2 * Aa + theta) * s1[a] + theta * theta * s2[a * n + a]
        : 2 * (Aa * Ab * s0 + theta * Aa * s1[b] + theta * Ab * s1[a] + theta * theta * s2[a * n + b])
      out[genotypeIndex(a, b, n)] = moments.lnScale + Math.log(joint) - lnDraw
    }
  }
  return out
}
