import t, { type Test } from 'tap'
import type { KinshipCase, LocusModel, LrOptions } from '../../../src/core/pedigree/kinship-case.ts'
import { kinshipLr } from '../../../src/core/lr/kinship-lr.ts'
import { screenCandidate, screenFamily, familyCodeTables, SCREEN_SLACK } from '../../../src/core/screening/screening-bound.ts'
import { alleleDictionary, buildFamiliesIndex, familyTables, referenceCodes } from '../../../src/core/screening/screening-population.ts'
import { simulatedCase, simulatedProfile, withCandidate } from '../../../src/core/simulation/simulate-cases.ts'
import { simulatePopulation, UNTYPED } from '../../../src/core/simulation/simulate-population.ts'

// Six real-looking loci (alleles and frequencies of NIST 1036 Asian, fixtures/frequencies), so the
// brute force over every pair stays within seconds.
const loci: LocusModel[] = [
  { name: 'TH01', alleles: ['6', '7', '8', '9', '9.3', '10'], frequencies: [0.10, 0.28, 0.06, 0.46, 0.03, 0.07] },
  { name: 'TPOX', alleles: ['8', '9', '10', '11', '12'], frequencies: [0.52, 0.12, 0.03, 0.30, 0.03] },
  { name: 'D3S1358', alleles: ['14', '15', '16', '17', '18'], frequencies: [0.04, 0.36, 0.32, 0.21, 0.07] },
  { name: 'vWA', alleles: ['14', '16', '17', '18', '19', '20'], frequencies: [0.26, 0.16, 0.24, 0.19, 0.11, 0.04] },
  { name: 'D5S818', alleles: ['9', '10', '11', '12', '13'], frequencies: [0.10, 0.20, 0.32, 0.20, 0.18] },
  { name: 'CSF1PO', alleles: ['9', '10', '11', '12', '13'], frequencies: [0.07, 0.21, 0.22, 0.39, 0.11] }
]
// Mutation rates ten times the real ones, so the mutation terms of the bound matter often.
const mutation = { male: { model: 'stepwise' as const, rate: 0.03, range: 0.3 }, female: { model: 'stepwise' as const, rate: 0.01, range: 0.3 } }
const L = loci.length

function check (t: Test, options: LrOptions, families: number, persons: number, thresholds: number[]): void {
  const pop = simulatePopulation({ seed: 2026, cases: families, persons, plantedFraction: families / persons, loci, coreLoci: 5, mutation })
  // Alleles the frequency table lacks: a reference carrying "5" at TH01 (case 0) and candidates carrying
  // "13" at TPOX (every 37th person): the bound must leave those pairs to the engine.
  const dict = alleleDictionary(loci, [['5'], ['13']])
  pop.refAlleles[0] = 6
  pop.refAlleles[1] = 6
  for (let p = 0; p < persons; p += 37) {
    if (pop.personAlleles[(p * L + 1) * 2] === UNTYPED) continue
    pop.personAlleles[(p * L + 1) * 2 + 1] = 5
  }
  const kcases: KinshipCase[] = []
  const codes: number[][][] = []
  for (let c = 0; c < families; c++) {
    kcases.push(simulatedCase(pop, c, dict.alleles))
    codes.push(referenceCodes(pop.refAlleles, pop.refOffset[c], pop.refOffset[c + 1], L))
  }
  const index = buildFamiliesIndex(dict, kcases, codes, loci, options)
  const exact = new Float64Array(families * persons)
  for (let p = 0; p < persons; p++) {
    const profile = simulatedProfile(pop, p, dict.alleles)
    for (let c = 0; c < families; c++) {
      const r = kinshipLr(withCandidate(kcases[c], profile), loci, options)
      exact[c * persons + p] = r.log10Lr === null ? 0 : 10 ** r.log10Lr
    }
  }
  let pairsAbove = 0
  let boundBelowLr = 0
  let dropped = 0
  let familyMismatch = 0
  let earlyExitDiffers = 0
  for (const threshold of thresholds) {
    const screened = new Set<number>()
    const noExit = { ...index, ceiling: undefined }
    for (let p = 0; p < persons; p++) {
      const codes = pop.personAlleles.subarray(p * L * 2, (p + 1) * L * 2)
      const hits = screenCandidate(index, dict.base, codes, 0, families, threshold)
      for (let h = 0; h < hits.count; h++) screened.add(hits.index[h] * persons + p)
      // The early exit (ceilings) may only save work: the hits are those of the full product.
      if (hits.count !== screenCandidate(noExit, dict.base, codes, 0, families, threshold).count) earlyExitDiffers++
    }
    for (let c = 0; c < families; c++) {
      const fam = familyCodeTables(dict, familyTables(kcases[c], loci, options))
      const famHits = screenFamily(fam, pop.personAlleles, 0, persons, threshold)
      const famSet = new Set(Array.from(famHits.index.subarray(0, famHits.count)))
      for (let p = 0; p < persons; p++) {
        const lr = exact[c * persons + p]
        if (lr < threshold) continue
        pairsAbove++
        if (!screened.has(c * persons + p)) dropped++
        if (!famSet.has(p)) familyMismatch++
      }
      for (let h = 0; h < famHits.count; h++) {
        const lr = exact[c * persons + famHits.index[h]]
        // The family screen multiplies the engine's own table values: the bound is the LR up to rounding.
        if (Number.isFinite(famHits.bound[h]) && Math.abs(famHits.bound[h] - lr) > 1e-9 * lr) boundBelowLr++
      }
    }
  }
  t.ok(pairsAbove > 20, `${pairsAbove} pairs reach a threshold`)
  t.equal(dropped, 0, 'no pair at or above the threshold is dropped by the per-person screen')
  t.equal(familyMismatch, 0, 'no pair at or above the threshold is dropped by the per-family screen')
  t.equal(boundBelowLr, 0, 'the per-family screen reproduces the engine LR')
  t.equal(earlyExitDiffers, 0, 'the early exit keeps exactly the hits of the full product')
  // The bound itself, on every pair: threshold = LR must keep the pair.
  let below = 0
  let unknownKept = 0
  for (let p = 0; p < persons; p++) {
    const genotype = pop.personAlleles.subarray(p * L * 2, (p + 1) * L * 2)
    const hits = screenCandidate(index, dict.base, genotype, 0, families, 0)
    for (let c = 0; c < families; c++) {
      const lr = exact[c * persons + p]
      const bound = hits.bound[c]
      if (bound < lr * (1 - SCREEN_SLACK)) below++
      if (genotype[3] === 5 && bound === Infinity) unknownKept++
    }
  }
  t.equal(below, 0, `the bound is ≥ the engine LR on all ${families * persons} pairs`)
  t.ok(unknownKept > 0, 'a candidate with an allele outside the table goes to the engine')
}

t.test('θ = 0: screened ⊇ pairs with LR ≥ t, against kinshipLr on every pair of 15 families × 1,000 persons', async (t) => {
  check(t, { theta: 0, mutation, unknownAllele: { rule: 'fixed', frequency: 0.001 } }, 15, 1000, [1, 10, 100, 1e3])
})

t.test('θ = 0.01: the same on 8 families × 300 persons', async (t) => {
  check(t, { theta: 0.01, mutation, unknownAllele: { rule: 'fixed', frequency: 0.001 } }, 8, 300, [1, 100])
})
