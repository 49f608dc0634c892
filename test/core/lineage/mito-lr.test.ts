import t from 'tap'
import { createMitoHaplotypeIndex } from '../../../src/core/lineage/haplotype-frequency.ts'
import { lineageRelations } from '../../../src/core/lineage/lineage-relations.ts'
import { MITO_SITE_RATE, mitoLineLr } from '../../../src/core/lineage/mito-lr.ts'
import { parseMitoProfile, type MitoProfile } from '../../../src/core/lineage/mito-profile.ts'
import type { Pedigree } from '../../../src/core/pedigree/pedigree.ts'

const nu = MITO_SITE_RATE
const FAMILY: Pedigree = {
  missingPerson: 'MP',
  persons: [
    { id: 'GF', sex: 'male' }, { id: 'GM', sex: 'female' }, { id: 'F', sex: 'male' },
    { id: 'M', sex: 'female', father: 'GF', mother: 'GM' }, { id: 'A', sex: 'female', father: 'GF', mother: 'GM' },
    { id: 'MP', sex: 'male', father: 'F', mother: 'M' }
  ]
}
const maternal = (typed: string[]): ReturnType<typeof lineageRelations>['maternal'] => lineageRelations(FAMILY, typed).maternal
const mito = (range: string, variants: string): MitoProfile => parseMitoProfile({ range, variants })

// 98 unrelated profiles over the whole control region, none equal to the family's: x = 0, n = 98, f = 2/100.
const index = createMitoHaplotypeIndex()
for (let i = 0; i < 98; i++) index.add(`Q${i}`, mito('16024-576', `${16100 + i}C 263G`))
const frequencyOf = (c: MitoProfile, over: Parameters<typeof index.frequency>[1]): ReturnType<typeof index.frequency> => index.frequency(c, over)

// The candidate was sequenced over 16024-16400, the aunt over 16100-16569: they overlap on 16100-16400 (301 sites).
const CANDIDATE = mito('16024-16400', '16069T 16223T 16362C')

t.test('a maternal aunt identical over an overlap shorter than either range: (1 − ν)^(3·301) / (2/100)', async (t) => {
  const aunt = mito('16100-16569', '16223T 16362C 16519C') // 16069T and 16519C lie outside the overlap
  const r = mitoLineLr(maternal(['A']), { A: aunt }, CANDIDATE, frequencyOf)!
  t.same(r.relatives, [{ id: 'A', meioses: 3 }])
  t.same(r.compared, ['16100-16400'])
  t.same(r.frequency, { frequency: 0.02, matches: 0, size: 98, method: 'mito-counting (x+2)/(n+2)' })
  t.equal(r.differences, 0)
  const numerator = (1 - nu) ** (3 * 301) // each site stays through the 3 meioses GM→A, GM→M→MP (to first order in ν)
  t.ok(Math.abs(10 ** r.log10Numerator / numerator - 1) < 1e-6, `${10 ** r.log10Numerator} ≈ ${numerator}`)
  t.ok(Math.abs(10 ** r.log10Lr! / (numerator / 0.02) - 1) < 1e-6, 'LR ≈ 0.956 × 50 = 47.8')
})

t.test('a one-difference mismatch: ν (three meioses × ν/3 for that base) × the rest', async (t) => {
  const aunt = mito('16100-16569', '16223T 16311C 16362C 16519C')
  const r = mitoLineLr(maternal(['A']), { A: aunt }, CANDIDATE, frequencyOf)!
  t.equal(r.differences, 1)
  const firstOrder = 3 * (nu / 3) * (1 - nu) ** (3 * 300)
  t.ok(Math.abs(10 ** r.log10Numerator / firstOrder - 1) < 1e-3, `${10 ** r.log10Numerator} ≈ ${firstOrder}`)
  t.ok(r.log10Lr! < 0, 'one difference over a short overlap: LR ≈ 5e-5 / 0.02 < 1, evidence against, not an exclusion')
  t.not(r.log10Lr, null)
})

t.test('point heteroplasmy is compatible with either base: no difference, the line holds either with probability 1/2', async (t) => {
  const aunt = mito('16100-16569', '16223T 16311Y 16362C 16519C')
  const withC = mitoLineLr(maternal(['A']), { A: aunt }, mito('16024-16400', '16069T 16223T 16311C 16362C'), frequencyOf)!
  const withRcrs = mitoLineLr(maternal(['A']), { A: aunt }, CANDIDATE, frequencyOf)!
  const bothY = mitoLineLr(maternal(['A']), { A: aunt }, mito('16024-16400', '16069T 16223T 16311Y 16362C'), frequencyOf)!
  const identical = (1 - nu) ** (3 * 301)
  for (const r of [withC, withRcrs]) {
    t.equal(r.differences, 0)
    t.ok(Math.abs(10 ** r.log10Numerator / (identical / 2) - 1) < 1e-3, `${10 ** r.log10Numerator} ≈ ${identical / 2}`)
  }
  t.ok(Math.abs(10 ** bothY.log10Numerator / identical - 1) < 1e-3, 'both heteroplasmic: as identical')
})

t.test('C-stretch length variants do not count; the mother is one meiosis away', async (t) => {
  const mother = mito('16024-576', '16189C 16193.1C 263G 309.1C 315.1C')
  const child = mito('16024-576', '16189C 16193.1C 16193.2C 263G 315.1C')
  const r = mitoLineLr(maternal(['M']), { M: mother }, child, frequencyOf)!
  t.equal(r.differences, 0)
  t.same(r.relatives, [{ id: 'M', meioses: 1 }])
  t.ok(Math.abs(10 ** r.log10Numerator / (1 - nu) ** 1122 - 1) < 1e-6)
})

t.test('nothing compared: no typed reference on the line, or ranges that do not meet', async (t) => {
  t.equal(mitoLineLr(maternal([]), {}, CANDIDATE, frequencyOf), undefined)
  t.equal(mitoLineLr(maternal(['A']), { A: mito('1-576', '263G') }, CANDIDATE, frequencyOf), undefined)
})

t.test('a memo shared across pairs and lines gives the same LRs as none', async (t) => {
  const cache = new Map<string, number>()
  const aunt = mito('16100-16569', '16223T 16311C 16362C 16519C')
  const mother = mito('16024-576', '16223T 16362C 263G')
  const pairs: Array<[string[], Record<string, MitoProfile>, MitoProfile]> = [
    [['A'], { A: aunt }, CANDIDATE], [['M'], { M: mother }, CANDIDATE], [['A', 'M'], { A: aunt, M: mother }, CANDIDATE],
    [['M'], { M: aunt }, CANDIDATE], [['A'], { A: mother }, mito('16024-576', '16223T 16362C 263G 152C')]
  ]
  for (const [typed, refs, cand] of [...pairs, ...pairs]) {
    const plain = mitoLineLr(maternal(typed), refs, cand, frequencyOf)!
    t.equal(mitoLineLr(maternal(typed), refs, cand, frequencyOf, { cache })!.log10Lr, plain.log10Lr)
  }
  t.ok(cache.size > 0)
})
