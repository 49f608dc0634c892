import t from 'tap'
import { addRelative } from '../../../src/core/power/add-relative.ts'
import { familyPower } from '../../../src/core/power/family-power.ts'
import { nextRelatives } from '../../../src/core/power/next-relatives.ts'
import { missingPersonLrTable } from '../../../src/core/lr/genotype-lr-table.ts'
import type { KinshipCase, LrOptions } from '../../../src/core/pedigree/kinship-case.ts'
import type { PowerSettings } from '../../../src/core/power/family-power-types.ts'
import { benchLoci } from '../../../bench/lib/population-model.ts'
import { NO_MUTATION, oneLocusCase, PEDIGREES, toyLocus } from '../../helpers/kinship.ts'

const SETTINGS: PowerSettings = { thresholds: [1e3, 1e4], databaseSize: 1000, seed: 7, simulations: 6, maxInconsistentLoci: 3 }
const STEPWISE: LrOptions = { theta: 0.01, mutation: { model: 'stepwise', rate: 0.002, range: 0.1, rate2: 0 }, unknownAllele: { rule: 'fixed', frequency: 0.001 } }

t.test('addRelative types an untyped person already there, adds connecting persons, and refuses a typed one', async (t) => {
  const founder: KinshipCase = { persons: [{ id: 'MP', sex: 'female' }], missingPerson: 'MP', genotypes: {} }
  const father = addRelative(founder, 'father')!
  t.equal(father.relative, 'next-MP-father')
  t.same(father.kcase.persons.find((p) => p.id === 'MP'), { id: 'MP', sex: 'female', father: 'next-MP-father', mother: 'next-MP-mother' })
  const duo = oneLocusCase(PEDIGREES.duoFather, { AF: '1/2' })
  t.equal(addRelative(duo, 'father'), null)
  t.equal(addRelative(duo, 'mother')!.relative, 'M')
  const child = addRelative(duo, 'child')!
  const added = child.kcase.persons.find((p) => p.id === child.relative)!
  t.equal(added.father, 'MP')
  const uncle = addRelative(duo, 'paternal-uncle')!
  const u = uncle.kcase.persons.find((p) => p.id === uncle.relative)!
  t.same([u.father, u.mother], ['next-AF-father', 'next-AF-mother'])
  t.equal(duo.persons.find((p) => p.id === 'AF')!.father, undefined, 'the input case is not changed')
})

t.test('a father-only family: every relation but the father, ranked by gain, reproducible for a seed', async (t) => {
  const loci = benchLoci().slice(0, 6)
  const kcase: KinshipCase = {
    persons: PEDIGREES.duoFather,
    missingPerson: 'MP',
    genotypes: { AF: Object.fromEntries(loci.map((l) => [l.name, [l.alleles[1], l.alleles[2]]])) }
  }
  const ranked = nextRelatives(kcase, loci, STEPWISE, SETTINGS)
  t.notOk(ranked.some((r) => r.relation === 'father'))
  t.equal(ranked.length, 11)
  for (let i = 1; i < ranked.length; i++) t.ok(ranked[i - 1].gainPLrAtLeast >= ranked[i].gainPLrAtLeast)
  const mother = ranked.find((r) => r.relation === 'mother')!
  const uncle = ranked.find((r) => r.relation === 'paternal-uncle')!
  t.ok(mother.gainPLrAtLeast > uncle.gainPLrAtLeast, 'the mother adds more than a paternal uncle')
  t.ok(mother.exclusionPower > uncle.exclusionPower)
  t.same(nextRelatives(kcase, loci, STEPWISE, { ...SETTINGS, seed: 8 }), ranked, 'no simulation: the seed changes nothing')
  for (const r of ranked) {
    t.equal(r.simulations, 0)
    t.ok(r.pLrAtLeast.every((p) => p.lower >= 0 && p.lower <= p.expected && p.expected <= p.upper && p.upper <= 1 && p.standardError === 0))
    t.ok(r.pLrAtLeast.every((p) => p.upper - p.lower < 0.05), 'the grid brackets each expectation tightly')
  }
})

t.test('the relative is simulated given the references: a father between grandparents typed 1/1 can only be 1/1', async (t) => {
  const p = 0.3
  const q = 0.7
  const kcase = oneLocusCase(PEDIGREES.grandparent, { S: '1/1', GM: '1/1' })
  const father = nextRelatives(kcase, [toyLocus([p, q])], NO_MUTATION, { ...SETTINGS, simulations: 50 }).find((r) => r.relation === 'father')!
  // With the father 1/1 an unrelated person is excluded exactly when they lack allele 1: q². A father drawn
  // ignoring the grandparents would be 1/2 or 2/2 at times, giving another exclusion power or an impossible family.
  t.ok(Math.abs(father.exclusionPower - q * q) < 1e-12, `${father.exclusionPower}`)
  t.ok(father.exclusionPowerStandardError < 1e-12)
})

t.test('the expected exclusion power with the mother, father typed 1/1: Σ over her genotypes, exactly', async (t) => {
  const p = 0.4
  const q = 0.6
  const kcase = oneLocusCase(PEDIGREES.duoFather, { AF: '1/1' })
  const mother = nextRelatives(kcase, [toyLocus([p, q])], NO_MUTATION, SETTINGS).find((r) => r.relation === 'mother')!
  // Mother 1/1: the child is 1/1, EP 1 − p². Mother 1/2: child 1/1 or 1/2, EP q². Mother 2/2: child 1/2, EP 1 − 2pq.
  const exact = p * p * (1 - p * p) + 2 * p * q * q * q + q * q * (1 - 2 * p * q)
  t.ok(Math.abs(mother.exclusionPower - exact) < 1e-12, `${mother.exclusionPower} vs ${exact}`)
  t.ok(Math.abs(mother.gainExclusionPower - (exact - q * q)) < 1e-12)
  t.equal(mother.exclusionPowerStandardError, 0)
})

t.test('with a relative typed, E[P(LR ≥ t)] and E[exclusion power] are the averages over the relative\'s genotypes of the family\'s power with them (brute force, stepwise mutation)', async (t) => {
  const loci = [toyLocus([0.5, 0.3, 0.2], 'L1'), toyLocus([0.4, 0.35, 0.25], 'L2')].map((l) => ({ ...l, alleles: ['10', '11', '12'] }))
  const model: LrOptions = { theta: 0, mutation: { model: 'stepwise', rate: 0.02, range: 0.1, rate2: 0 }, unknownAllele: { rule: 'fixed', frequency: 0.001 } }
  const kcase: KinshipCase = { persons: PEDIGREES.duoFather, missingPerson: 'MP', genotypes: { AF: { L1: ['10', '11'], L2: ['12', '12'] } } }
  const thresholds = [2, 8]
  const settings = { ...SETTINGS, thresholds }
  const ranked = nextRelatives(kcase, loci, model, settings)
  for (const relation of ['mother', 'paternal-uncle', 'child'] as const) {
    const added = addRelative(kcase, relation)!
    // P(r | refs) per locus: the relative's genotype table given the references (the relative in the tested slot).
    const tables = missingPersonLrTable({ ...added.kcase, missingPerson: added.relative }, loci, model)
    const genotypes = tables.map((table) => {
      const out: Array<{ g: [string, string], p: number }> = []
      for (let i = 0, k = 0; i < table.alleles.length; i++) {
        for (let j = i; j < table.alleles.length; j++, k++) out.push({ g: [table.alleles[i], table.alleles[j]], p: table.lr[k] * table.unrelated[k] })
      }
      return out
    })
    const expected = thresholds.map(() => 0)
    let exclusion = 0
    for (const a of genotypes[0]) {
      for (const b of genotypes[1]) {
        const typed: KinshipCase = { ...added.kcase, genotypes: { ...added.kcase.genotypes, [added.relative]: { L1: a.g, L2: b.g } } }
        const power = familyPower(typed, loci, model, settings)
        power.trueChild.pLrAtLeast.forEach((x, i) => { expected[i] += a.p * b.p * x.probability })
        exclusion += a.p * b.p * power.unrelated.exclusionPower
      }
    }
    const got = ranked.find((r) => r.relation === relation)!
    got.pLrAtLeast.forEach((x, i) => t.ok(Math.abs(x.expected - expected[i]) < 1e-9 && x.lower <= expected[i] + 1e-12 && expected[i] <= x.upper + 1e-12, `${relation} P(LR ≥ ${thresholds[i]}): ${x.expected} vs ${expected[i]}`))
    t.ok(Math.abs(got.exclusionPower - exclusion) < 1e-12, `${relation} EP: ${got.exclusionPower} vs ${exclusion}`)
  }
})

t.test('the two grandparents of one side, interchangeable founders, share one projection; not when they differ', async (t) => {
  const loci = benchLoci().slice(0, 4)
  const typedAt = (a: number, b: number): Record<string, [string, string]> => Object.fromEntries(loci.map((l) => [l.name, [l.alleles[a], l.alleles[b]]]))
  const kcase: KinshipCase = { persons: PEDIGREES.duoFather, missingPerson: 'MP', genotypes: { AF: typedAt(1, 2) } }
  const ranked = nextRelatives(kcase, loci, STEPWISE, SETTINGS)
  const pick = (rs: typeof ranked, r: string): Omit<(typeof ranked)[number], 'relation' | 'label'> => {
    const { relation, label, ...rest } = rs.find((x) => x.relation === r)!
    return rest
  }
  t.same(pick(ranked, 'paternal-grandmother'), pick(ranked, 'paternal-grandfather'), 'by symmetry, the same figures')
  // The paternal grandfather has a typed son by another partner: he is no longer interchangeable with the grandmother.
  const halfUncle: KinshipCase = {
    persons: [
      { id: 'PGF', sex: 'male' }, { id: 'PGM', sex: 'female' }, { id: 'X', sex: 'female' },
      { id: 'AF', sex: 'male', father: 'PGF', mother: 'PGM' }, { id: 'H', sex: 'male', father: 'PGF', mother: 'X' },
      { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: 'AF', mother: 'M' }
    ],
    missingPerson: 'MP',
    genotypes: { AF: typedAt(1, 2), H: typedAt(0, 3) }
  }
  const other = nextRelatives(halfUncle, loci, STEPWISE, SETTINGS)
  t.notSame(pick(other, 'paternal-grandmother'), pick(other, 'paternal-grandfather'), 'computed apart')
})
