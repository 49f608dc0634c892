import { anyReferenceTyped, locusPersons, prepareLocus, preparePedigree, withoutMutation, type PreparedPedigree } from '../pedigree/case-locus.ts'
import { fail } from '../errors.ts'
import type { KinshipCase, KinshipLrResult, LocusLr, LocusModel, LrOptions } from '../pedigree/kinship-case.ts'
import { lnLocusLikelihood, type LocusParameters, type LocusPerson } from '../likelihood/locus-likelihood.ts'
import { lumpUnseenAlleles } from '../markers/allele-lumping.ts'
import { validateCaseGenotypes } from '../pedigree/case-genotypes.ts'

/**
 * The kinship likelihood ratio of H1 (the tested person, genotypes[missingPerson], is the missing person)
 * against H2 (the tested person is unrelated to the family), per locus and in total, computed exactly on the
 * whole pedigree: mutation on every transmission, θ over every founder allele, unknown alleles added per the
 * rule and reported. Loci are independent; the total is the product of the per-locus LRs.
 *
 * @example // father 12/12, tested child 12/12, p(12) = 0.05, no mutation, θ = 0: LR = 1/p = 20
 */
export function kinshipLr (kcase: KinshipCase, loci: readonly LocusModel[], options: LrOptions): KinshipLrResult {
  const pedigree = preparePedigree(kcase)
  validateCaseGenotypes(kcase, loci)
  const perLocus = loci.map((locus) => locusLr(pedigree, kcase, locus, options))
  let log10Lr: number | null = 0
  let inconsistentLoci = 0
  let comparedLoci = 0
  for (const r of perLocus) {
    if (r.class === 'inconsistent') inconsistentLoci++
    if (r.class !== 'untyped') comparedLoci++
    log10Lr = log10Lr === null || r.log10Lr === null ? null : log10Lr + r.log10Lr
  }
  return { log10Lr, perLocus, inconsistentLoci, comparedLoci }
}

function locusLr (pedigree: PreparedPedigree, kcase: KinshipCase, locus: LocusModel, options: LrOptions): LocusLr {
  const prepared = prepareLocus(locus, kcase, options)
  const adjustments = prepared.adjusted.adjustments
  const testedTyped = kcase.genotypes[kcase.missingPerson]?.[locus.name] !== undefined
  if (!testedTyped || !anyReferenceTyped(kcase, locus.name)) {
    return { locus: locus.name, lr: 1, log10Lr: 0, class: 'untyped', adjustments }
  }
  let h1 = locusPersons(pedigree, kcase, prepared, locus.name, 'H1')
  let h2 = locusPersons(pedigree, kcase, prepared, locus.name, 'H2')
  let params = prepared.params
  if (prepared.mutationFree) ({ hypotheses: [h1, h2], params } = lumpUnseenAlleles([h1, h2], params))
  const ln1 = lnLocusLikelihood(h1, params)
  const ln2 = lnLocusLikelihood(h2, params)
  if (ln2 === -Infinity) {
    fail('INVALID_CASE', `the references' genotypes at locus ${locus.name} are impossible in this pedigree without the tested person; check the pedigree or use a mutation model`, { locus: locus.name })
  }
  const lnLr = ln1 - ln2
  const consistent = ln1 > -Infinity && (prepared.mutationFree || isConsistent(h1, h2, params))
  return {
    locus: locus.name,
    lr: Math.exp(lnLr),
    log10Lr: ln1 === -Infinity ? null : lnLr / Math.LN10,
    class: consistent ? 'consistent' : 'inconsistent',
    adjustments
  }
}

/**
 * Consistent: the data fit H1 without any mutation. A locus where the references already need a mutation
 * among themselves is not held against the tested person.
 */
function isConsistent (h1: readonly LocusPerson[], h2: readonly LocusPerson[], params: LocusParameters): boolean {
  const plain = withoutMutation(params)
  if (lnLocusLikelihood(h1, plain) > -Infinity) return true
  return lnLocusLikelihood(h2, plain) === -Infinity
}
