import type { Sex } from '../core/markers/profile.ts'
import { orderRow, type RowContext } from './pedigree-row-order.ts'

/**
 * Where to draw each person of a pedigree, shared by the SVG and the PDF renderers.
 * Generations are rows: a founder sits one row above their highest child, anyone else one row
 * below their lower parent. The order within each row comes from pedigree-row-order.ts (each
 * couple's children together under the couple, spouses beside their partner, the two families of a
 * couple on either side of it, the father's side left); a few down/up passes then centre sibships
 * under their parents and couples over their children. Not a crossing-minimiser for every graph:
 * meant for the families of real cases (tens of persons), and correct (no overlaps, parents above) for any.
 */

export interface LayoutPerson {
  id: string
  sex: Sex
  father?: string
  mother?: string
  isMissingPerson?: boolean
  typed?: boolean
  relation?: string
}

export interface LayoutNode extends LayoutPerson {
  /** Centre of the symbol, in layout units (SVG px, PDF pt). */
  x: number
  y: number
  generation: number
}

export interface LayoutLine { x1: number, y1: number, x2: number, y2: number, kind: 'marriage' | 'descent' }

export interface PedigreeLayout {
  width: number
  height: number
  /** Side of a square, diameter of a circle. */
  nodeSize: number
  nodes: LayoutNode[]
  /** Draw these first: the symbols drawn over them hide the parts under the nodes. */
  lines: LayoutLine[]
}

export interface LayoutOptions { nodeSize?: number, hSpacing?: number, vSpacing?: number, margin?: number }

/**
 * @example layoutPedigree([{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: 'F', mother: 'M' }])
 *   // F and M side by side on row 0, MP centred below them on row 1
 */
export function layoutPedigree (persons: readonly LayoutPerson[], options: LayoutOptions = {}): PedigreeLayout {
  const nodeSize = options.nodeSize ?? 30
  const h = options.hSpacing ?? 96
  const v = options.vSpacing ?? 100
  const margin = options.margin ?? 20
  const byId = new Map(persons.map((p) => [p.id, p]))
  const parentsOf = (p: LayoutPerson): [string, string] | undefined =>
    p.father !== undefined && p.mother !== undefined && byId.has(p.father) && byId.has(p.mother) ? [p.father, p.mother] : undefined

  const gen = generations(persons, parentsOf)
  const partners = new Map<string, string[]>()
  const children = new Map<string, string[]>()
  for (const p of persons) {
    const pa = parentsOf(p)
    if (pa === undefined) continue
    for (const [a, b] of [[pa[0], pa[1]], [pa[1], pa[0]]]) {
      if (!(partners.get(a) ?? []).includes(b)) partners.set(a, [...(partners.get(a) ?? []), b])
      children.set(a, [...(children.get(a) ?? []), p.id])
    }
  }
  const depth = Math.max(0, ...gen.values())
  const rows: string[][] = Array.from({ length: depth + 1 }, () => [])
  for (const p of persons) rows[gen.get(p.id)!].push(p.id)
  const index = seedOrder(persons, parentsOf)
  const x = new Map<string, number>()

  const ctx: RowContext = {
    parentsOf: (id) => parentsOf(byId.get(id)!),
    partners,
    children,
    isMale: (id) => byId.get(id)!.sex === 'male',
    index
  }
  // Orders come from positions and positions from orders: a few rounds, top down, let the founders follow
  // where their children ended up (the paternal grandparents above the father, and so on).
  for (let round = 0; round < 3; round++) {
    const before = new Map(x) // last round's positions: where founders' children are
    x.clear()
    for (let g = 0; g <= depth; g++) {
      rows[g] = orderRow(rows[g], new Map([...before, ...x]), ctx)
      if (g === 0) rows[0].forEach((id, i) => x.set(id, i * h))
      else place(rows[g], desiredUnderParents(rows[g], byId, parentsOf, x, h), x, h)
    }
    for (let pass = 0; pass < 4; pass++) {
      for (let g = depth - 1; g >= 0; g--) place(rows[g], desiredOverChildren(rows[g], children, x, h), x, h)
      for (let g = 1; g <= depth; g++) place(rows[g], desiredUnderParents(rows[g], byId, parentsOf, x, h), x, h)
    }
    for (let g = depth - 1; g >= 0; g--) place(rows[g], desiredOverChildren(rows[g], children, x, h), x, h)
  }

  const minX = Math.min(...x.values())
  const left = margin + h / 2 - minX // room for a label as wide as the spacing
  const nodes: LayoutNode[] = persons.map((p) => ({ ...p, x: x.get(p.id)! + left, y: margin + nodeSize / 2 + gen.get(p.id)! * v, generation: gen.get(p.id)! }))
  const at = new Map(nodes.map((n) => [n.id, n]))
  const lines = connectors(nodes, at, parentsOf, v)
  const width = Math.max(...nodes.map((n) => n.x)) + h / 2 + margin
  const height = margin * 2 + nodeSize + depth * v + 30 // 30: two label lines under the last row
  return { width, height, nodeSize, nodes, lines }
}

function generations (persons: readonly LayoutPerson[], parentsOf: (p: LayoutPerson) => [string, string] | undefined): Map<string, number> {
  const gen = new Map(persons.map((p) => [p.id, 0]))
  const kids = new Map<string, string[]>()
  for (const p of persons) for (const parent of parentsOf(p) ?? []) kids.set(parent, [...(kids.get(parent) ?? []), p.id])
  // Monotone fixed point: values only grow and are bounded by the person count, so the cap is never
  // reached for a valid pedigree and only stops a cyclic (invalid) one.
  for (let round = 0; round <= persons.length + 1; round++) {
    let changed = false
    for (const p of persons) {
      const pa = parentsOf(p)
      const g = pa !== undefined
        ? Math.max(gen.get(pa[0])!, gen.get(pa[1])!) + 1
        : Math.max(gen.get(p.id)!, Math.min(...(kids.get(p.id) ?? []).map((k) => gen.get(k)! - 1), Infinity))
      const next = Number.isFinite(g) ? Math.min(g, persons.length) : gen.get(p.id)!
      if (next !== gen.get(p.id)) { gen.set(p.id, next); changed = true }
    }
    if (!changed) break
  }
  return gen
}

/**
 * The first guess at left-to-right order: ancestors before descendants and, in each couple, the father's
 * ancestry before the mother's (a depth-first walk up from the youngest), so the paternal side starts left
 * whatever order the persons were listed in.
 */
function seedOrder (persons: readonly LayoutPerson[], parentsOf: (p: LayoutPerson) => [string, string] | undefined): Map<string, number> {
  const byId = new Map(persons.map((p) => [p.id, p]))
  const order = new Map<string, number>()
  let next = 0
  const visit = (id: string): void => {
    if (order.has(id)) return
    order.set(id, -1) // on the path: a cycle (an invalid pedigree) stops here
    for (const parent of parentsOf(byId.get(id)!) ?? []) visit(parent)
    order.set(id, next++)
  }
  const depth = (p: LayoutPerson): number => { let d = 0; for (let q = p; parentsOf(q) !== undefined && d < persons.length; q = byId.get(parentsOf(q)![0])!) d++; return d }
  for (const p of [...persons].sort((a, b) => depth(b) - depth(a))) visit(p.id)
  return order
}

function sibKey (p: LayoutPerson): string { return `${p.father ?? ''}\u0000${p.mother ?? ''}` }

function mid (ids: readonly string[], x: Map<string, number>): number {
  return ids.reduce((s, id) => s + x.get(id)!, 0) / ids.length
}

function desiredUnderParents (row: string[], byId: Map<string, LayoutPerson>, parentsOf: (p: LayoutPerson) => [string, string] | undefined, x: Map<string, number>, h: number): Array<number | undefined> {
  const groups = new Map<string, string[]>()
  for (const id of row) {
    const p = byId.get(id)!
    if (parentsOf(p) !== undefined) groups.set(sibKey(p), [...(groups.get(sibKey(p)) ?? []), id])
  }
  return row.map((id) => {
    const pa = parentsOf(byId.get(id)!)
    if (pa === undefined) return undefined
    const sibs = groups.get(sibKey(byId.get(id)!))!
    return mid(pa, x) + (sibs.indexOf(id) - (sibs.length - 1) / 2) * h
  })
}

function desiredOverChildren (row: string[], children: Map<string, string[]>, x: Map<string, number>, h: number): Array<number | undefined> {
  return row.map((id, i) => {
    const kids = children.get(id)
    if (kids === undefined) return undefined
    // a partner on the right of this person pulls them half a step left of the children's centre
    const next = row[i + 1]
    const prev = row[i - 1]
    const side = next !== undefined && children.get(next)?.some((k) => kids.includes(k)) === true ? -0.5 : prev !== undefined && children.get(prev)?.some((k) => kids.includes(k)) === true ? 0.5 : 0
    return mid(kids, x) + side * h
  })
}

/** Left-to-right sweep at least `h` apart, then one shift so the row sits on its desired positions on average. */
function place (row: string[], desired: Array<number | undefined>, x: Map<string, number>, h: number): void {
  const pos: number[] = []
  for (let i = 0; i < row.length; i++) {
    const want = desired[i] ?? x.get(row[i]) ?? 0
    pos.push(i === 0 ? want : Math.max(want, pos[i - 1] + h))
  }
  const offsets = row.flatMap((_, i) => desired[i] === undefined ? [] : [pos[i] - desired[i]!])
  const shift = offsets.length === 0 ? 0 : offsets.reduce((s, d) => s + d, 0) / offsets.length
  row.forEach((id, i) => x.set(id, pos[i] - shift))
}

function connectors (nodes: LayoutNode[], at: Map<string, LayoutNode>, parentsOf: (p: LayoutPerson) => [string, string] | undefined, v: number): LayoutLine[] {
  const lines: LayoutLine[] = []
  const sibships = new Map<string, { father: LayoutNode, mother: LayoutNode, kids: LayoutNode[] }>()
  for (const n of nodes) {
    const pa = parentsOf(n)
    if (pa === undefined) continue
    const k = sibKey(n)
    const s = sibships.get(k) ?? { father: at.get(pa[0])!, mother: at.get(pa[1])!, kids: [] }
    s.kids.push(n)
    sibships.set(k, s)
  }
  const perRow = new Map<number, number>()
  for (const { father, mother, kids } of sibships.values()) {
    lines.push({ x1: father.x, y1: father.y, x2: mother.x, y2: mother.y, kind: 'marriage' })
    const mx = (father.x + mother.x) / 2
    const my = (father.y + mother.y) / 2
    const childY = kids[0].y
    // stagger the sibship bars of one row a little so two overlapping sibships stay distinguishable
    const k = perRow.get(childY) ?? 0
    perRow.set(childY, k + 1)
    const barY = childY - v / 2 + [0, 6, -6][k % 3]
    const xs = kids.map((c) => c.x)
    lines.push({ x1: mx, y1: my, x2: mx, y2: barY, kind: 'descent' })
    lines.push({ x1: Math.min(mx, ...xs), y1: barY, x2: Math.max(mx, ...xs), y2: barY, kind: 'descent' })
    for (const c of kids) lines.push({ x1: c.x, y1: barY, x2: c.x, y2: c.y, kind: 'descent' })
  }
  return lines
}
