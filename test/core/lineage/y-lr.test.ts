import t from 'tap'
import { createYHaplotypeIndex } from '../../../src/core/lineage/haplotype-frequency.ts'
import { lineageRelations } from '../../../src/core/lineage/lineage-relations.ts'
import type { YHaplotype } from '../../../src/core/lineage/y-haplotype.ts'
import { Y_KITS } from '../../../src/core/lineage/y-loci.ts'
import { yLineLr } from '../../../src/core/lineage/y-lr.ts'
import { Y_MUTATION_COUNTS } from '../../../src/core/lineage/y-mutation-rates.ts'
import type { Pedigree } from '../../../src/core/pedigree/pedigree.ts'

const mu = (locus: string): number => Y_MUTATION_COUNTS[locus].mutations / Y_MUTATION_COUNTS[locus].meioses
const m = 0.03 // the stated multi-step share

// A Yfiler Plus haplotype (values of the ranges these loci take; DYS385 and DYF387S1 two copies).
const SON: YHaplotype = Object.fromEntries(Y_KITS['Yfiler Plus'].map((l, i) => [l, l === 'DYS385' ? ['11', '14'] : l === 'DYF387S1' ? ['36', '38'] : [String(10 + (i % 12))]]))

// 999 unrelated men, all different from SON at DYS19 (and among themselves elsewhere): SON is unseen, f = 1/1000.
const index = createYHaplotypeIndex()
for (let i = 0; i < 999; i++) index.add(`U${i}`, { ...SON, DYS19: [String(30 + (i % 3))], DYS570: [String(i)] })
const frequencyOf = (c: YHaplotype, loci: readonly string[]): ReturnType<typeof index.frequency> => index.frequency(c, loci)

const person = (id: string, sex: 'male' | 'female', father?: string, mother?: string): Pedigree['persons'][number] =>
  father === undefined ? { id, sex } : { id, sex, father, mother }
const FAMILY: Pedigree = {
  missingPerson: 'MP',
  persons: [
    person('GF', 'male'), person('GM', 'female'), person('F', 'male', 'GF', 'GM'), person('U', 'male', 'GF', 'GM'),
    person('M', 'female'), person('MP', 'male', 'F', 'M')
  ]
}
const paternal = (typed: string[]): ReturnType<typeof lineageRelations>['paternal'] => lineageRelations(FAMILY, typed).paternal

t.test('father and son equal at every Yfiler Plus locus: LR = Π(1 − μ_l) × (the two-copy terms) / (1/1000)', async (t) => {
  const r = yLineLr(paternal(['F']), { F: SON }, SON, frequencyOf)!
  let numerator = 1
  for (const l of Y_KITS['Yfiler Plus']) {
    if (l === 'DYS385') numerator *= (1 - mu(l)) ** 2 + (mu(l) * m / 8) ** 2 // 11↔14: 3 steps each way
    else if (l === 'DYF387S1') numerator *= (1 - mu(l)) ** 2 + (mu(l) * m / 4) ** 2 // 36↔38: 2 steps
    else numerator *= 1 - mu(l)
  }
  t.equal(r.compared.length, 25)
  t.equal(r.differences, 0)
  t.same(r.frequency, { frequency: 1 / 1000, matches: 0, size: 999, method: 'y-counting (x+1)/(N+1)' })
  t.ok(Math.abs(10 ** r.log10Numerator - numerator) < 1e-12, `${10 ** r.log10Numerator} = ${numerator}`)
  t.ok(Math.abs(r.log10Lr! - Math.log10(numerator * 1000)) < 1e-9)
  t.ok(Math.abs(numerator - 0.865) < 0.001, 'Π(1 − μ) over Yfiler Plus ≈ 0.865 (Σμ over its 27 copies = 0.144 from the YHRD table)')
})

t.test('three loci by hand: 0.99288 × 1000', async (t) => {
  const h = { DYS19: ['14'], DYS391: ['10'], DYS385: ['11', '14'] }
  const r = yLineLr(paternal(['F']), { F: h }, h, () => ({ frequency: 0.001, matches: 0, size: 999, method: 'y-counting (x+1)/(N+1)' }))!
  // (1 − 36/16090)(1 − 38/15486)((1 − 32/26171)² + (32/26171 × 0.03/8)²)
  t.ok(Math.abs(10 ** r.log10Numerator - 0.9928817384089734) < 1e-12)
  t.ok(Math.abs(10 ** r.log10Lr! - 992.8817384089734) < 1e-8)
})

t.test('one step at one locus: the numerator takes μ(1 − m)/2 there', async (t) => {
  const equal = yLineLr(paternal(['F']), { F: SON }, SON, frequencyOf)!
  const son = { ...SON, DYS19: ['15'] } // father 10 + … : DYS19 is the 6th locus of the kit
  const father = { ...SON, DYS19: ['14'] }
  const r = yLineLr(paternal(['F']), { F: father }, son, frequencyOf)!
  t.equal(r.differences, 1)
  const expected = 10 ** equal.log10Numerator / (1 - mu('DYS19')) * mu('DYS19') * (1 - m) / 2
  t.ok(Math.abs(10 ** r.log10Numerator / expected - 1) < 1e-12, `${10 ** r.log10Numerator} vs ${expected}`)
  t.ok(Math.abs(10 ** r.log10Lr! - expected * 1000) < 1e-9, 'LR ≈ 0.00094 × 1000: at N = 999 one mutation brings a true son below 1; the database size decides')
})

t.test('two steps at one locus: μ·m/4; one step at each of two loci: the product of the one-step terms', async (t) => {
  const base = 10 ** yLineLr(paternal(['F']), { F: SON }, SON, frequencyOf)!.log10Numerator
  const two = yLineLr(paternal(['F']), { F: SON }, { ...SON, DYS570: [String(Number(SON.DYS570[0]) + 2)] }, frequencyOf)!
  t.ok(Math.abs(10 ** two.log10Numerator / (base / (1 - mu('DYS570')) * mu('DYS570') * m / 4) - 1) < 1e-12)
  const both = yLineLr(paternal(['F']), { F: SON }, { ...SON, DYS570: [String(Number(SON.DYS570[0]) + 1)], DYS576: [String(Number(SON.DYS576[0]) - 1)] }, frequencyOf)!
  const expected = base / (1 - mu('DYS570')) / (1 - mu('DYS576')) * (mu('DYS570') * (1 - m) / 2) * (mu('DYS576') * (1 - m) / 2)
  t.ok(Math.abs(10 ** both.log10Numerator / expected - 1) < 1e-12)
  t.equal(both.differences, 2)
})

t.test('a grandfather two meioses away, one step: 2μ(1 − μ)(1 − m)/2 to first order', async (t) => {
  const h = { DYS19: ['14'] }
  const r = yLineLr(paternal(['GF']), { GF: h }, { DYS19: ['15'] }, () => ({ frequency: 0.01, matches: 0, size: 99, method: 'y-counting (x+1)/(N+1)' }))!
  t.same(r.relatives, [{ id: 'GF', meioses: 2 }])
  const firstOrder = 2 * (1 - mu('DYS19')) * mu('DYS19') * (1 - m) / 2
  t.ok(Math.abs(10 ** r.log10Numerator / firstOrder - 1) < 0.01, `${10 ** r.log10Numerator} ≈ ${firstOrder}`)
})

t.test('several relatives on one line are taken together on the line, not as a product', async (t) => {
  const single = yLineLr(paternal(['F']), { F: SON }, SON, frequencyOf)!
  const chain = yLineLr(paternal(['F', 'GF']), { F: SON, GF: SON }, SON, frequencyOf)!
  t.ok(Math.abs(chain.log10Numerator - single.log10Numerator) < 1e-12, 'the father stands between the grandfather and the son: the grandfather adds nothing')
  const uncle = yLineLr(paternal(['U']), { U: SON }, SON, frequencyOf)!
  const grandfather = yLineLr(paternal(['GF']), { GF: SON }, SON, frequencyOf)!
  const both = yLineLr(paternal(['U', 'GF']), { U: SON, GF: SON }, SON, frequencyOf)!
  t.ok(both.log10Lr! < uncle.log10Lr! + grandfather.log10Lr! - 2, 'one line haplotype: the frequency divides once')
  t.ok(both.log10Numerator >= uncle.log10Numerator, 'two references pin the line better than one')
  t.ok(Math.abs(both.log10Numerator - grandfather.log10Numerator) < 1e-12, 'the grandfather stands between the uncle and the missing person')
})

t.test('a null allele against a called one is a rare change, not an exclusion', async (t) => {
  const r = yLineLr(paternal(['F']), { F: { ...SON, DYS448: ['null'] } }, SON, frequencyOf)!
  const base = 10 ** yLineLr(paternal(['F']), { F: SON }, SON, frequencyOf)!.log10Numerator
  t.ok(Math.abs(10 ** r.log10Numerator / (base / (1 - mu('DYS448')) * mu('DYS448') * m / 4) - 1) < 1e-12)
})

t.test('no lineage evidence: a girl, no typed man on the line, no common locus', async (t) => {
  const girl = { ...FAMILY, persons: FAMILY.persons.map((p) => (p.id === 'MP' ? { ...p, sex: 'female' as const } : p)) }
  t.equal(yLineLr(lineageRelations(girl, ['F']).paternal, { F: SON }, SON, frequencyOf), undefined)
  t.equal(yLineLr(paternal(['F']), {}, SON, frequencyOf), undefined)
  t.equal(yLineLr(paternal(['F']), { F: { DYS19: ['14'] } }, { DYS391: ['10'] }, frequencyOf), undefined)
})

t.test('a memo shared across pairs and lines gives the same LRs as none', async (t) => {
  const cache = new Map<string, number>()
  const pairs: Array<[string[], Record<string, YHaplotype>, YHaplotype]> = [
    [['F'], { F: SON }, SON], [['U'], { U: SON }, SON], [['F'], { F: SON }, { ...SON, DYS19: ['15'] }],
    [['GF', 'U'], { GF: SON, U: { ...SON, DYS570: ['30'] } }, SON], [['F'], { F: { ...SON, DYS19: ['15'] } }, SON]
  ]
  for (const [typed, refs, cand] of [...pairs, ...pairs]) {
    const plain = yLineLr(paternal(typed), refs, cand, frequencyOf)!
    const memo = yLineLr(paternal(typed), refs, cand, frequencyOf, { cache })!
    t.equal(memo.log10Lr, plain.log10Lr)
  }
  t.ok(cache.size > 0)
})
