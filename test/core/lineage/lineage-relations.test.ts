import t from 'tap'
import { lineageRelations } from '../../../src/core/lineage/lineage-relations.ts'
import { relativesToPedigree, type Relative } from '../../../src/core/pedigree/relatives-pedigree.ts'
import type { Sex } from '../../../src/core/markers/profile.ts'

function lines (sex: Sex, relatives: Relative[]): { paternal?: Record<string, number>, maternal: Record<string, number> } {
  const pedigree = relativesToPedigree({ id: 'MP', sex }, relatives)
  const r = lineageRelations(pedigree, relatives.map((x) => x.id))
  const asMap = (l: { relatives: Array<{ id: string, meioses: number }> }): Record<string, number> => Object.fromEntries(l.relatives.map((x) => [x.id, x.meioses]))
  return { paternal: r.paternal === undefined ? undefined : asMap(r.paternal), maternal: asMap(r.maternal) }
}

t.test('a boy: his paternal line through fathers (males only), his maternal line through mothers', async (t) => {
  const r = lines('male', [
    { id: 'F', relation: 'father' },
    { id: 'M', relation: 'mother' },
    { id: 'B', relation: 'full-sibling', sex: 'male' },
    { id: 'S', relation: 'full-sibling', sex: 'female' },
    { id: 'PGF', relation: 'paternal-grandfather' },
    { id: 'PGM', relation: 'paternal-grandmother' },
    { id: 'PU', relation: 'paternal-uncle' },
    { id: 'PA', relation: 'paternal-aunt' },
    { id: 'MGF', relation: 'maternal-grandfather' },
    { id: 'MGM', relation: 'maternal-grandmother' },
    { id: 'MU', relation: 'maternal-uncle' },
    { id: 'MA', relation: 'maternal-aunt' },
    { id: 'PHB', relation: 'paternal-half-sibling', sex: 'male' },
    { id: 'MHS', relation: 'maternal-half-sibling', sex: 'female' },
    { id: 'SON', relation: 'child', sex: 'male' },
    { id: 'DAU', relation: 'child', sex: 'female' }
  ])
  t.same(r.paternal, { F: 1, B: 2, PGF: 2, PU: 3, PHB: 2, SON: 1 })
  t.same(r.maternal, { M: 1, B: 2, S: 2, MGM: 2, MU: 3, MA: 3, MHS: 2 })
})

t.test('a girl has no paternal line; her maternal line is the same as a boy\'s; her children take her mtDNA', async (t) => {
  const r = lines('female', [
    { id: 'F', relation: 'father' },
    { id: 'MA', relation: 'maternal-aunt' },
    { id: 'PA', relation: 'paternal-aunt' },
    { id: 'SON', relation: 'child', sex: 'male' }
  ])
  t.equal(r.paternal, undefined)
  t.same(r.maternal, { MA: 3, SON: 1 })
})

t.test('a paternal-line cousin through the uncle, and no line through a grandmother\'s son-in-law', async (t) => {
  const pedigree = {
    missingPerson: 'MP',
    persons: [
      { id: 'GF', sex: 'male' as const }, { id: 'GM', sex: 'female' as const },
      { id: 'F', sex: 'male' as const, father: 'GF', mother: 'GM' }, { id: 'U', sex: 'male' as const, father: 'GF', mother: 'GM' },
      { id: 'UW', sex: 'female' as const }, { id: 'C', sex: 'male' as const, father: 'U', mother: 'UW' },
      { id: 'A', sex: 'female' as const, father: 'GF', mother: 'GM' }, { id: 'AH', sex: 'male' as const },
      { id: 'AC', sex: 'male' as const, father: 'AH', mother: 'A' },
      { id: 'M', sex: 'female' as const }, { id: 'MP', sex: 'male' as const, father: 'F', mother: 'M' }
    ]
  }
  const r = lineageRelations(pedigree, ['C', 'AC', 'GM', 'MP'])
  t.same(r.paternal!.relatives, [{ id: 'C', meioses: 4 }], 'the MP\'s own slot is ignored; AC is of another Y line')
  t.same(r.maternal.relatives, [], 'GM is the father\'s mother: not the MP\'s maternal line')
  t.same(r.paternal!.members.map((m) => m.id), ['GF', 'F', 'U', 'C', 'MP'])
  t.equal(r.paternal!.missingPerson, 'MP')
})
