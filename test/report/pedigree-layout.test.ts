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
