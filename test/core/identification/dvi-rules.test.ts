import t from 'tap'
import { dviSolve } from '../../../src/core/identification/dvi-solve.ts'
import { toyProblem, toyVictim, trioFamily } from '../../helpers/dvi-toy.ts'

// Hand-made problems where dvir's rules give one answer each (LR 50 per locus, 4 loci: 6.25·10^6 per child).

t.test('one slot, two identical victims: not undisputed (the competitor is as good), the family is Disputed', async (t) => {
  const r = dviSolve(toyProblem([trioFamily('F', ['C'])], [toyVictim('V1'), toyVictim('V2')]))
  t.equal(r.am[0].conclusion, 'Disputed')
  t.equal(r.am[0].sample, 'V1', 'the first best, as dvir')
  t.equal(r.am[0].comment, 'Also: V2 (LR=6200000)')
  t.ok(Math.abs(r.am[0].lnLr! - 4 * Math.log(50)) < 1e-9, 'LR 50^4')
})

t.test('one slot, one victim and an unrelated one: Undisputed, the other No match', async (t) => {
  const r = dviSolve(toyProblem([trioFamily('F', ['C'])], [toyVictim('V1'), toyVictim('V2', ['12', '13'])], { theta: 0, mutation: { model: 'equal', rate: 0.001 }, unknownAllele: { rule: 'fixed', frequency: 0.001 } }))
  t.equal(r.am[0].conclusion, 'Undisputed')
  t.equal(r.am[0].sample, 'V1')
  // V2 is 12/13 against parents 10/10 and 11/11: 4 incompatible loci > maxIncomp, excluded before anything.
  t.same([r.pm[1].conclusion, r.pm[1].comment], ['Excluded', '4+ inconsistencies'])
})

t.test('two sibling slots, one victim who fits both: Symmetric match naming the victim for both slots', async (t) => {
  const r = dviSolve(toyProblem([trioFamily('F', ['C1', 'C2'])], [toyVictim('V1')]))
  t.same(r.am.map((x) => [x.missing, x.sample, x.conclusion]), [['C1', 'V1', 'Symmetric match'], ['C2', 'V1', 'Symmetric match']])
  t.same([r.pm[0].missing, r.pm[0].conclusion], ['C1/C2', 'Symmetric match'])
  t.ok(Math.abs(r.am[0].lnGlr! - 4 * Math.log(50)) < 1e-9, 'GLR: the best against "nobody" = the pairwise LR')
})

t.test('two sibling slots, two victims who fit both: "V1/V2" for each slot', async (t) => {
  const r = dviSolve(toyProblem([trioFamily('F', ['C1', 'C2'])], [toyVictim('V1'), toyVictim('V2')]))
  t.same(r.am.map((x) => [x.missing, x.sample, x.conclusion]), [['C1', 'V1/V2', 'Symmetric match'], ['C2', 'V1/V2', 'Symmetric match']])
  t.same(r.pm.map((x) => [x.sample, x.missing]), [['V1', 'C1/C2'], ['V2', 'C1/C2']])
})

t.test('below threshold: the same pattern is Inconclusive', async (t) => {
  const r = dviSolve(toyProblem([trioFamily('F', ['C1', 'C2'])], [toyVictim('V1'), toyVictim('V2')]), { threshold: 1e12 })
  t.same(r.am.map((x) => x.conclusion), ['Inconclusive', 'Inconclusive'])
  t.equal(r.am[0].sample, null)
})

t.test('nonidentifiable slots: unrelated to every reference, or a family without references', async (t) => {
  const family = trioFamily('F', ['C'])
  family.persons.push({ id: 'X', sex: 'male' }, { id: 'G', sex: 'female', father: 'X', mother: 'C' })
  family.missing.push('X')
  const bare = { ...trioFamily('E', ['D']), genotypes: {} }
  const r = dviSolve(toyProblem([family, bare], [toyVictim('V1')]))
  t.same(r.am.map((x) => [x.missing, x.conclusion, x.comment]), [
    ['C', 'Undisputed', 'Step 1'],
    ['X', 'Nonidentifiable', 'Unrelated to all references'],
    ['D', 'Nonidentifiable', 'No references in family']
  ])
})

t.test('a victim of a sex no slot has is Excluded with no compatible pairings; ignoreSex pairs it', async (t) => {
  const male = { ...toyVictim('V2'), sex: 'male' as const }
  const r = dviSolve(toyProblem([trioFamily('F', ['C'])], [toyVictim('V1'), male]))
  t.same([r.pm[1].conclusion, r.pm[1].comment], ['Excluded', 'No compatible pairings'])
  t.equal(r.am[0].conclusion, 'Undisputed')
  const ignored = dviSolve(toyProblem([trioFamily('F', ['C'])], [toyVictim('V1'), male]), { ignoreSex: true })
  t.equal(ignored.am[0].conclusion, 'Disputed', 'sex ignored: the identical male profile competes')
})

t.test('a best LR of exactly 1 (up to rounding) is Inconclusive, not No match', async (t) => {
  // dvir's example2: M1 is a founder unrelated to the typed R1, so V1 as M1 has LR 1 in exact arithmetic
  // (the engine's value is 1 − 1e-16). dvir concludes Inconclusive for V1.
  const loci = [{ name: 'L1', alleles: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'], frequencies: Array(10).fill(0.1) }]
  const r = dviSolve({
    loci,
    options: { theta: 0, mutation: { model: 'none' }, unknownAllele: { rule: 'fixed', frequency: 0.001 } },
    victims: [{ id: 'V1', sex: 'male', genotypes: { L1: ['1', '1'] } }, { id: 'V2', sex: 'male', genotypes: { L1: ['1', '2'] } }, { id: 'V3', sex: 'female', genotypes: { L1: ['3', '4'] } }],
    families: [
      { id: 'F1', persons: [{ id: 'M1', sex: 'male' }, { id: 'R1', sex: 'female' }, { id: 'M2', sex: 'male', father: 'M1', mother: 'R1' }], missing: ['M1', 'M2'], genotypes: { R1: { L1: ['2', '2'] } } },
      { id: 'F2', persons: [{ id: 'R2', sex: 'male' }, { id: 'MO2', sex: 'female' }, { id: 'M3', sex: 'female', father: 'R2', mother: 'MO2' }], missing: ['M3'], genotypes: { R2: { L1: ['3', '3'] } } }
    ]
  })
  const v1 = r.pm.find((x) => x.sample === 'V1')!
  t.ok(Math.abs(v1.lnLr!) < 1e-12, 'best LR 1')
  t.equal(v1.conclusion, 'Inconclusive')
})
