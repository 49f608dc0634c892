import t, { type Test } from 'tap'
import { layoutPedigree, type LayoutPerson, type PedigreeLayout } from '../../src/report/pedigree-layout.ts'

const H = 96 // the default horizontal spacing

/** Invariants every layout must keep, whatever the pedigree. */
function checkLayout (t: Test, persons: LayoutPerson[], layout: PedigreeLayout): void {
  t.equal(layout.nodes.length, persons.length, 'every person placed once')
  t.same(new Set(layout.nodes.map((n) => n.id)), new Set(persons.map((p) => p.id)))
  const at = new Map(layout.nodes.map((n) => [n.id, n]))
  for (const n of layout.nodes) {
    for (const parent of [n.father, n.mother]) {
      if (parent !== undefined) t.ok(at.get(parent)!.y < n.y, `${parent} above ${n.id}`)
    }
    t.ok(n.x - layout.nodeSize / 2 >= 0 && n.x + layout.nodeSize / 2 <= layout.width, `${n.id} inside horizontally`)
    t.ok(n.y - layout.nodeSize / 2 >= 0 && n.y + layout.nodeSize / 2 <= layout.height, `${n.id} inside vertically`)
  }
  const rows = new Map<number, typeof layout.nodes>()
  for (const n of layout.nodes) rows.set(n.y, [...(rows.get(n.y) ?? []), n])
  for (const row of rows.values()) {
    const xs = row.map((n) => n.x).sort((a, b) => a - b)
    for (let i = 1; i < xs.length; i++) t.ok(xs[i] - xs[i - 1] >= H - 1e-9, `no overlap in row at ${row[0].y}`)
  }
}

t.test('a trio: parents side by side on one row, the child centred below', async (t) => {
  const persons: LayoutPerson[] = [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'C', sex: 'male', father: 'F', mother: 'M' }]
  const layout = layoutPedigree(persons)
  checkLayout(t, persons, layout)
  const [f, m, c] = layout.nodes
  t.equal(f.y, m.y)
  t.equal(f.generation, 0)
  t.equal(c.generation, 1)
  t.equal(Math.abs(f.x - m.x), H, 'spouses adjacent')
  t.equal(c.x, (f.x + m.x) / 2, 'child under the couple')
  const marriage = layout.lines.filter((l) => l.kind === 'marriage')
  t.same(marriage, [{ x1: f.x, y1: f.y, x2: m.x, y2: m.y, kind: 'marriage' }])
  // drop from the couple, a sibship bar, and one line down to the child
  t.equal(layout.lines.filter((l) => l.kind === 'descent').length, 3)
})

t.test('three generations with half siblings, an uncle and his married-in wife', async (t) => {
  const persons: LayoutPerson[] = [
    { id: 'GF', sex: 'male' }, { id: 'GM', sex: 'female' },
    { id: 'F', sex: 'male', father: 'GF', mother: 'GM' }, { id: 'U', sex: 'male', father: 'GF', mother: 'GM' },
    { id: 'M', sex: 'female' }, { id: 'M2', sex: 'female' }, { id: 'W', sex: 'female' },
    { id: 'MP', sex: 'male', father: 'F', mother: 'M', isMissingPerson: true },
    { id: 'S', sex: 'female', father: 'F', mother: 'M' },
    { id: 'HS', sex: 'male', father: 'F', mother: 'M2' },
    { id: 'COUSIN', sex: 'female', father: 'U', mother: 'W' }
  ]
  const layout = layoutPedigree(persons)
  checkLayout(t, persons, layout)
  const g = Object.fromEntries(layout.nodes.map((n) => [n.id, n.generation]))
  t.same(g, { GF: 0, GM: 0, F: 1, U: 1, M: 1, M2: 1, W: 1, MP: 2, S: 2, HS: 2, COUSIN: 2 }, 'founders who married in sit on their partner\'s row')
  const x = Object.fromEntries(layout.nodes.map((n) => [n.id, n.x]))
  t.equal(Math.abs(x.U - x.W), H, 'the uncle and his wife are adjacent')
  t.equal(Math.abs(x.MP - x.S), H, 'full siblings adjacent')
  t.equal(layout.lines.filter((l) => l.kind === 'marriage').length, 4, 'GF×GM, F×M, F×M2, U×W')
})

t.test('a spouse who married in goes to the side away from the siblings', async (t) => {
  // the uncle case: F and U are brothers; M married F. M on F's left keeps the brothers' sibship clear.
  const persons: LayoutPerson[] = [
    { id: 'GF', sex: 'male' }, { id: 'GM', sex: 'female' },
    { id: 'F', sex: 'male', father: 'GF', mother: 'GM' }, { id: 'U', sex: 'male', father: 'GF', mother: 'GM' },
    { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: 'F', mother: 'M' }
  ]
  const layout = layoutPedigree(persons)
  checkLayout(t, persons, layout)
  const x = Object.fromEntries(layout.nodes.map((n) => [n.id, n.x]))
  t.ok(x.M < x.F && x.F < x.U, 'M, F, U from left to right')
})

t.test('a founder who married into a younger generation is placed on that row', async (t) => {
  const persons: LayoutPerson[] = [
    { id: 'A', sex: 'male' }, { id: 'B', sex: 'female' },
    { id: 'C', sex: 'male', father: 'A', mother: 'B' }, { id: 'D', sex: 'female' },
    { id: 'E', sex: 'male', father: 'C', mother: 'D' }, { id: 'X', sex: 'female' },
    { id: 'Y', sex: 'female', father: 'E', mother: 'X' }
  ]
  const layout = layoutPedigree(persons)
  checkLayout(t, persons, layout)
  t.equal(layout.nodes.find((n) => n.id === 'X')!.generation, 2)
  t.equal(layout.nodes.find((n) => n.id === 'Y')!.generation, 3)
})

t.test('a wide random pedigree keeps every invariant', async (t) => {
  // deterministic pseudo-random family: 60 persons, each later person a child of an earlier couple
  let seed = 7
  const rand = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31 }
  const persons: LayoutPerson[] = [{ id: 'm0', sex: 'male' }, { id: 'f0', sex: 'female' }]
  const males = ['m0']
  const females = ['f0']
  for (let i = 1; i < 30; i++) {
    const father = males[Math.floor(rand() * males.length)]
    const mother = rand() < 0.5 ? females[Math.floor(rand() * females.length)] : `w${i}`
    if (mother === `w${i}`) { persons.push({ id: mother, sex: 'female' }); females.push(mother) }
    const sex = rand() < 0.5 ? 'male' : 'female'
    persons.push({ id: `p${i}`, sex, father, mother })
    ;(sex === 'male' ? males : females).push(`p${i}`)
  }
  checkLayout(t, persons, layoutPedigree(persons))
})

t.test('a cyclic (invalid) pedigree still terminates', async (t) => {
  const persons: LayoutPerson[] = [{ id: 'A', sex: 'male', father: 'B', mother: 'C' }, { id: 'B', sex: 'male', father: 'A', mother: 'C' }, { id: 'C', sex: 'female' }]
  const layout = layoutPedigree(persons)
  t.equal(layout.nodes.length, 3)
})

t.test('a single person', async (t) => {
  const layout = layoutPedigree([{ id: 'MP', sex: 'female', isMissingPerson: true }])
  t.equal(layout.nodes.length, 1)
  t.equal(layout.lines.length, 0)
})

/**
 * What a reader needs to follow the lines: no two sibships of one row overlap (so no drop or bar crosses
 * another), no marriage line passes over a third person, every couple's children sit under the couple, and
 * (when given) the father's side is drawn left of the mother's.
 */
function checkDrawing (t: Test, persons: LayoutPerson[], layout: PedigreeLayout, sides?: { father: string, mother: string }): void {
  const at = new Map(layout.nodes.map((n) => [n.id, n]))
  const sibships = new Map<string, { mx: number, lo: number, hi: number, kids: number[], row: number }>()
  for (const n of layout.nodes) {
    if (n.father === undefined || n.mother === undefined) continue
    const key = `${n.father}×${n.mother}`
    const [fx, mx] = [at.get(n.father)!.x, at.get(n.mother)!.x]
    const s = sibships.get(key) ?? { mx: (fx + mx) / 2, lo: Math.min(fx, mx), hi: Math.max(fx, mx), kids: [], row: n.y }
    s.kids.push(n.x)
    sibships.set(key, s)
  }
  const spans = [...sibships].map(([key, s]) => ({ key, row: s.row, lo: Math.min(s.mx, ...s.kids), hi: Math.max(s.mx, ...s.kids), s }))
  for (const a of spans) {
    // under the couple: the children's span meets the span between the two parents
    t.ok(Math.max(...a.s.kids) >= a.s.lo - 1e-9 && Math.min(...a.s.kids) <= a.s.hi + 1e-9, `the children of ${a.key} are under the couple`)
    for (const b of spans) {
      if (a.key < b.key && a.row === b.row) t.ok(a.hi < b.lo || b.hi < a.lo, `the sibship lines of ${a.key} and ${b.key} do not cross`)
    }
  }
  for (const l of layout.lines.filter((x) => x.kind === 'marriage')) {
    const between = layout.nodes.filter((n) => n.y === l.y1 && n.x > Math.min(l.x1, l.x2) + 1e-9 && n.x < Math.max(l.x1, l.x2) - 1e-9)
    t.same(between.map((n) => n.id), [], `no one stands on the marriage line at x ${l.x1}–${l.x2}`)
  }
  if (sides !== undefined) {
    const family = (id: string): Set<string> => {
      // the person, their ancestors, and their ancestors' other descendants (uncles, aunts) with spouses
      const out = new Set<string>([id])
      const up = (p: string): void => { const q = at.get(p)!; for (const r of [q.father, q.mother]) if (r !== undefined && !out.has(r)) { out.add(r); up(r) } }
      up(id)
      for (const n of layout.nodes) if (n.father !== undefined && out.has(n.father) && out.has(n.mother!) && n.y <= at.get(id)!.y) out.add(n.id)
      return out
    }
    const paternal = [...family(sides.father)].map((id) => at.get(id)!.x)
    const maternal = [...family(sides.mother)].map((id) => at.get(id)!.x)
    t.ok(Math.max(...paternal) < Math.min(...maternal), `the father's side (${[...family(sides.father)].join(', ')}) is left of the mother's (${[...family(sides.mother)].join(', ')})`)
  }
  checkLayout(t, persons, layout)
}

t.test('both sides with grandparents (relatives form): the mother under her own parents, no crossing lines', async (t) => {
  const { relativesToPedigree } = await import('../../src/core/pedigree/relatives-pedigree.ts')
  const shapes = {
    'four grandparents': [{ id: 'PGF', relation: 'paternal-grandfather' }, { id: 'PGM', relation: 'paternal-grandmother' }, { id: 'MGF', relation: 'maternal-grandfather' }, { id: 'MGM', relation: 'maternal-grandmother' }],
    'grandparents, an uncle, an aunt, a sibling': [{ id: 'PGF', relation: 'paternal-grandfather' }, { id: 'MGM', relation: 'maternal-grandmother' }, { id: 'PU', relation: 'paternal-uncle' },
      { id: 'MA', relation: 'maternal-aunt' }, { id: 'SIB', relation: 'full-sibling', sex: 'female' }],
    'both lines with uncles and aunts, half siblings on both sides': [{ id: 'MGF', relation: 'maternal-grandfather' }, { id: 'PGM', relation: 'paternal-grandmother' },
      { id: 'MU', relation: 'maternal-uncle' }, { id: 'MA', relation: 'maternal-aunt' }, { id: 'PA', relation: 'paternal-aunt' }, { id: 'PU', relation: 'paternal-uncle' },
      { id: 'PHS', relation: 'paternal-half-sibling', sex: 'male' }, { id: 'MHS', relation: 'maternal-half-sibling', sex: 'female' }, { id: 'S1', relation: 'full-sibling', sex: 'male' }]
  } as const
  for (const [name, relatives] of Object.entries(shapes)) {
    await t.test(name, async (t) => {
      const { persons } = relativesToPedigree({ id: 'MP', sex: 'male' }, relatives as never)
      const father = persons.find((p) => p.relation.startsWith('father'))!.id
      const mother = persons.find((p) => p.relation.startsWith('mother'))!.id
      const layout = layoutPedigree(persons.map((p) => ({ ...p, isMissingPerson: p.id === 'MP' })))
      checkDrawing(t, persons, layout, { father, mother })
      const x = Object.fromEntries(layout.nodes.map((n) => [n.id, n.x]))
      const mp = persons.find((p) => p.id === 'MP')!
      t.ok(Math.abs(x.MP - (x[mp.father!] + x[mp.mother!]) / 2) <= H, 'the missing person under the parents')
    })
  }
})

t.test('both sides with grandparents (pedigree form), whatever order the persons come in', async (t) => {
  const persons: LayoutPerson[] = [
    { id: 'MP', sex: 'female', father: 'F', mother: 'M', isMissingPerson: true },
    { id: 'MGM', sex: 'female' }, { id: 'M', sex: 'female', father: 'MGF', mother: 'MGM' }, { id: 'AUNT', sex: 'female', father: 'MGF', mother: 'MGM' },
    { id: 'PGM', sex: 'female' }, { id: 'MGF', sex: 'male' }, { id: 'F', sex: 'male', father: 'PGF', mother: 'PGM' },
    { id: 'UNCLE', sex: 'male', father: 'PGF', mother: 'PGM' }, { id: 'PGF', sex: 'male' }, { id: 'UW', sex: 'female' },
    { id: 'COUSIN', sex: 'male', father: 'UNCLE', mother: 'UW' }, { id: 'BRO', sex: 'male', father: 'F', mother: 'M' }
  ]
  for (const order of [persons, [...persons].reverse(), [...persons.slice(6), ...persons.slice(0, 6)]]) {
    checkDrawing(t, order, layoutPedigree(order), { father: 'F', mother: 'M' })
  }
})

t.test('a man with two wives: each sibship under its own couple, the lines apart', async (t) => {
  const persons: LayoutPerson[] = [
    { id: 'GF', sex: 'male' }, { id: 'GM', sex: 'female' },
    { id: 'F', sex: 'male', father: 'GF', mother: 'GM' }, { id: 'U', sex: 'male', father: 'GF', mother: 'GM' },
    { id: 'M', sex: 'female' }, { id: 'M2', sex: 'female' },
    { id: 'MP', sex: 'male', father: 'F', mother: 'M', isMissingPerson: true }, { id: 'S', sex: 'female', father: 'F', mother: 'M' },
    { id: 'HS', sex: 'male', father: 'F', mother: 'M2' }, { id: 'HS2', sex: 'male', father: 'F', mother: 'M2' }
  ]
  checkDrawing(t, persons, layoutPedigree(persons))
})
