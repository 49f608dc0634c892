import t from 'tap'
import { familyPower } from '../../../src/core/power/family-power.ts'
import { locusPowers } from '../../../src/core/power/locus-power.ts'
import type { KinshipCase, LocusModel, LrOptions } from '../../../src/core/pedigree/kinship-case.ts'
import type { PowerSettings } from '../../../src/core/power/family-power-types.ts'
import { benchLoci } from '../../../bench/lib/population-model.ts'
import { NO_MUTATION, oneLocusCase, PEDIGREES, toyLocus } from '../../helpers/kinship.ts'

const SETTINGS: PowerSettings = { thresholds: [1e3, 1e4], databaseSize: 1000, seed: 1, simulations: 10, maxInconsistentLoci: 3 }
const STEPWISE: LrOptions = {
  theta: 0.01,
  mutation: { male: { model: 'stepwise', rate: 0.0035, range: 0.1, rate2: 0 }, female: { model: 'stepwise', rate: 0.001, range: 0.1, rate2: 0 } },
  unknownAllele: { rule: 'fixed', frequency: 0.001 }
}

t.test('one parent typed 1/2 at a two-allele locus (θ = 0): E[LR] = 1/(8p(1−p)) + ½ and E[log10 LR] by hand', async (t) => {
  for (const p of [0.1, 0.3, 0.5]) {
    const locus = toyLocus([p, 1 - p])
    const kcase = oneLocusCase(PEDIGREES.duoFather, { AF: '1/2' })
    const [lp] = locusPowers(kcase, [locus], NO_MUTATION)
    let expectedLr = 0
    lp.trueChild.log10Lr.forEach((x, k) => { expectedLr += lp.trueChild.weight[k] * 10 ** x })
    t.ok(Math.abs(expectedLr - (1 / (8 * p * (1 - p)) + 0.5)) < 1e-12, `p = ${p}: E[LR] ${expectedLr}`)
    // Child 1/1 (prob p/2, LR 1/(2p)), 2/2 ((1−p)/2, 1/(2(1−p))), 1/2 (½, 1/(4p(1−p))).
    const byHand = (p / 2) * Math.log10(1 / (2 * p)) + ((1 - p) / 2) * Math.log10(1 / (2 * (1 - p))) + 0.5 * Math.log10(1 / (4 * p * (1 - p)))
    const power = familyPower(kcase, [locus], NO_MUTATION, SETTINGS)
    t.ok(Math.abs(power.trueChild.expectedLog10Lr - byHand) < 1e-12, `p = ${p}: E[log10 LR]`)
    // An unrelated person is excluded unless they carry 1 or 2: here every genotype does, so 0.
    t.equal(power.unrelated.exclusionPower, 0)
  }
})

t.test('one parent typed 1/2 among three alleles: exclusion power is P(no 1 and no 2) = p3², exactly', async (t) => {
  const locus = toyLocus([0.2, 0.3, 0.5])
  const power = familyPower(oneLocusCase(PEDIGREES.duoFather, { AF: '1/2' }), [locus], NO_MUTATION, SETTINGS)
  t.ok(Math.abs(power.unrelated.exclusionPower - 0.25) < 1e-15)
  t.same(power.unrelated.inconsistentLoci.map((x) => Number(x.toFixed(12))), [0.75, 0.25])
  // LR ≥ 1000 is out of reach at one locus: exact 0 for both.
  t.equal(power.trueChild.pLrAtLeast[0].method, 'exact')
  t.equal(power.trueChild.pLrAtLeast[0].probability, 0)
})

t.test('a single full sibling can never exclude anyone: exclusion power exactly 0 at any number of loci', async (t) => {
  const loci = benchLoci()
  const sibling: Record<string, [string, string]> = {}
  for (const l of loci) sibling[l.name] = [l.alleles[0], l.alleles[l.alleles.length - 1]]
  for (const count of [1, 5, 23]) {
    const kcase: KinshipCase = { persons: PEDIGREES.fullSib, missingPerson: 'MP', genotypes: { S: Object.fromEntries(Object.entries(sibling).slice(0, count)) } }
    const power = familyPower(kcase, loci.slice(0, count), { ...STEPWISE, theta: 0 }, SETTINGS)
    t.equal(power.unrelated.exclusionPower, 0, `${count} loci`)
    t.equal(power.unrelated.inconsistentLoci[0], 1)
    t.equal(power.trueChild.pExcludedByRule, 0)
  }
})

t.test('the true child\'s genotype probabilities LR(g)·P(g | refs, H2) sum to 1, under θ = 0.01 and mutation too', async (t) => {
  const loci: LocusModel[] = benchLoci().slice(0, 4)
  const g = (l: LocusModel, a: number, b: number): [string, string] => [l.alleles[a], l.alleles[b]]
  const profile = (a: number, b: number): Record<string, [string, string]> => Object.fromEntries(loci.map((l) => [l.name, g(l, a, b)]))
  const cases: Array<[string, KinshipCase]> = [
    ['trio', { persons: PEDIGREES.trio, missingPerson: 'MP', genotypes: { AF: profile(1, 2), AM: profile(0, 3) } }],
    ['half sibling', { persons: PEDIGREES.halfSib, missingPerson: 'MP', genotypes: { S: profile(2, 2) } }],
    ['grandparent', { persons: PEDIGREES.grandparent, missingPerson: 'MP', genotypes: { S: profile(1, 4) } }],
    ['children of MP', { persons: PEDIGREES.mpParent, missingPerson: 'MP', genotypes: { C1: profile(0, 1), C2: profile(1, 2) } }]
  ]
  for (const [name, kcase] of cases) {
    for (const options of [STEPWISE, { ...STEPWISE, theta: 0 }, NO_MUTATION]) {
      for (const lp of locusPowers(kcase, loci, options)) {
        const sum = lp.trueChild.weight.reduce((a, b) => a + b, 0)
        const sumU = lp.unrelated.weight.reduce((a, b) => a + b, 0)
        t.ok(Math.abs(sum - 1) < 1e-9 && Math.abs(sumU - 1) < 1e-9, `${name}, ${lp.locus}, θ ${options.theta}: Σ P_true = ${sum}`)
      }
    }
  }
})

t.test('the true child is inconsistent only through a mutation; an exclusion rule of 1 locus is the exclusion power for an unrelated person', async (t) => {
  const loci = benchLoci().slice(0, 8)
  const profile = (a: number, b: number): Record<string, [string, string]> => Object.fromEntries(loci.map((l) => [l.name, [l.alleles[a], l.alleles[b]]]))
  const kcase: KinshipCase = { persons: PEDIGREES.trio, missingPerson: 'MP', genotypes: { AF: profile(1, 2), AM: profile(0, 3) } }
  const withMutation = familyPower(kcase, loci, STEPWISE, { ...SETTINGS, maxInconsistentLoci: 1 })
  const without = familyPower(kcase, loci, NO_MUTATION, { ...SETTINGS, maxInconsistentLoci: 1 })
  t.equal(without.trueChild.pExcludedByRule, 0)
  t.ok(withMutation.trueChild.pExcludedByRule > 0 && withMutation.trueChild.pExcludedByRule < 0.05)
  t.ok(Math.abs(withMutation.unrelated.pExcludedByRule - withMutation.unrelated.exclusionPower) < 1e-12)
  for (const p of [...withMutation.trueChild.pLrAtLeast, ...withMutation.unrelated.pLrAtLeast]) {
    t.ok(p.lower <= p.probability && p.probability <= p.upper && p.upper <= 1 && p.lower >= 0)
  }
  t.equal(withMutation.unrelated.expectedChanceCandidates[1].expected, 1000 * withMutation.unrelated.pLrAtLeast[1].upper)
})

t.test('bad settings are refused naming the field', async (t) => {
  const kcase = oneLocusCase(PEDIGREES.duoFather, { AF: '1/2' })
  const locus = toyLocus([0.5, 0.5])
  t.throws(() => familyPower(kcase, [locus], NO_MUTATION, { ...SETTINGS, thresholds: [] }), { code: 'BAD_REQUEST', details: { field: 'thresholds' } })
  t.throws(() => familyPower(kcase, [locus], NO_MUTATION, { ...SETTINGS, thresholds: [-1] }), { code: 'BAD_REQUEST', details: { field: 'thresholds', value: '-1' } })
  t.throws(() => familyPower(kcase, [locus], NO_MUTATION, { ...SETTINGS, databaseSize: 1.5 }), { code: 'BAD_REQUEST', details: { field: 'databaseSize' } })
  t.throws(() => familyPower(kcase, [locus], NO_MUTATION, { ...SETTINGS, maxInconsistentLoci: 0 }), { code: 'BAD_REQUEST', details: { field: 'maxInconsistentLoci' } })
})
