import t from 'tap'
import { addRelative } from '../../../src/core/power/add-relative.ts'
import { nextRelatives } from '../../../src/core/power/next-relatives.ts'
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
  t.same(nextRelatives(kcase, loci, STEPWISE, SETTINGS), ranked, 'same seed, same answer')
  for (const r of ranked) {
    t.equal(r.simulations, 6)
    t.ok(r.pLrAtLeast.every((p) => p.expected >= 0 && p.expected <= 1 && p.standardError >= 0))
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

t.test('the expected exclusion power with the mother, father typed 1/1: Σ over her genotypes, within its standard error', async (t) => {
  const p = 0.4
  const q = 0.6
  const kcase = oneLocusCase(PEDIGREES.duoFather, { AF: '1/1' })
  const mother = nextRelatives(kcase, [toyLocus([p, q])], NO_MUTATION, { ...SETTINGS, simulations: 400 }).find((r) => r.relation === 'mother')!
  // Mother 1/1: the child is 1/1, EP 1 − p². Mother 1/2: child 1/1 or 1/2, EP q². Mother 2/2: child 1/2, EP 1 − 2pq.
  const exact = p * p * (1 - p * p) + 2 * p * q * q * q + q * q * (1 - 2 * p * q)
  t.ok(Math.abs(mother.exclusionPower - exact) <= 4 * mother.exclusionPowerStandardError, `${mother.exclusionPower} ± ${mother.exclusionPowerStandardError} vs ${exact}`)
  t.ok(Math.abs(mother.gainExclusionPower - (exact - q * q)) <= 4 * mother.exclusionPowerStandardError)
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
  t.notSame(pick(other, 'paternal-grandmother'), pick(other, 'paternal-grandfather'), 'simulated apart')
})
