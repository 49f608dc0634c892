import t from 'tap'
import type { KinshipCase, LocusModel, LrOptions } from '../../../src/core/pedigree/kinship-case.ts'
import { screenCandidate } from '../../../src/core/screening/screening-bound.ts'
import { alleleDictionary, buildFamiliesIndex } from '../../../src/core/screening/screening-population.ts'
import { roundUpToFloat32 } from '../../../src/core/screening/screening-table.ts'
import { UNTYPED } from '../../../src/core/simulation/simulate-population.ts'

t.test('roundUpToFloat32 never rounds down', async (t) => {
  for (const x of [0.1, 1 / 3, 2 / 3, 1e-7, 123456.789, 1, 0, 5e-30]) {
    const y = roundUpToFloat32(x)
    t.ok(y >= x, `${y} ≥ ${x}`)
    t.equal(Math.fround(y), y, 'a float32')
    t.ok(y - x <= Math.abs(x) * 2 ** -23, 'at most one float32 step above')
  }
})

// Father typed a/b, mother untyped, no mutation, θ = 0: the parent–child closed forms of DOMAIN.md §3.
const pa = 0.1
const pb = 0.2
const locus: LocusModel = { name: 'TH01', alleles: ['6', '7', '8', '9'], frequencies: [pa, pb, 0.3, 0.4] }
const options: LrOptions = { theta: 0, mutation: { model: 'none' }, unknownAllele: { rule: 'fixed', frequency: 0.001 } }
const duo: KinshipCase = {
  persons: [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: 'F', mother: 'M' }],
  missingPerson: 'MP',
  genotypes: { F: { TH01: ['6', '7'] } }
}

t.test('compact table of a father–child duo holds the closed forms', async (t) => {
  const dict = alleleDictionary([locus], [['11']])
  const index = buildFamiliesIndex(dict, [duo], [[[0, 1]]], [locus], options)
  t.equal(index.sCount[0], 2, 'S = {6, 7}')
  t.same(Array.from(index.sAlleles), [0, 1])
  const expected = [
    1 / (2 * pa), // 6/6 (C aa, AP ab)
    (pa + pb) / (4 * pa * pb), // 6/7 (C ab, AP ab)
    1 / (2 * pb), // 7/7
    1 / (4 * pa), // U_6: 6/x with x ∉ S (C ac, AP ab)
    1 / (4 * pb), // U_7
    0 // U_0: neither allele from the father
  ]
  t.equal(index.values.length, expected.length)
  expected.forEach((e, i) => {
    t.ok(index.values[i] >= e * (1 - 1e-12) && index.values[i] <= e * (1 + 2 ** -22), `value ${i}: ${index.values[i]} ≈ ${e}`)
  })
  const bound = (a: number, b: number): number => screenCandidate(index, dict.base, Uint8Array.of(a, b), 0, 1, 0).bound[0]
  t.equal(bound(0, 2), index.values[3], 'candidate 6/8 gets U_6')
  t.equal(bound(1, 3), index.values[4], 'candidate 7/9 gets U_7')
  t.equal(bound(2, 3), 0, 'candidate 8/9 is excluded by the bound: LR 0')
  t.equal(bound(UNTYPED, UNTYPED), 1, 'an untyped candidate locus contributes 1')
  t.equal(bound(0, 4), Infinity, 'allele 11 is not in the table: the engine must decide')
  t.equal(screenCandidate(index, dict.base, Uint8Array.of(2, 3), 0, 1, 1).count, 0, 'below the threshold: dropped')
})
