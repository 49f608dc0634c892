/**
 * The left-to-right order of each generation's row of a pedigree drawing, so that every couple's children
 * sit together under the couple and the sibship lines of different couples do not cross. A row is made of
 * blocks kept contiguous: a sibship (the children of one couple) with the spouses who married into it
 * beside their partner, or a group of founders married to each other. Blocks are ordered by where their
 * parents are (sibships) or where their children are (founders), and within a sibship the one married to
 * someone of a block further right goes to its right end (and the other way round), so the couple that
 * joins two families sits where the families meet. In a couple the man is on the left, so the father's
 * side of a family is drawn left of the mother's.
 */

export interface RowContext {
  /** The two parents of a person, when both are in the drawing. */
  parentsOf: (id: string) => readonly [string, string] | undefined
  partners: ReadonlyMap<string, readonly string[]>
  children: ReadonlyMap<string, readonly string[]>
  isMale: (id: string) => boolean
  /** Input position, the last tie-break, so that the drawing is stable. */
  index: ReadonlyMap<string, number>
}

type Side = -1 | 0 | 1

/**
 * Orders one row. `x` holds the positions known so far (the rows above, and from an earlier pass the
 * rows below); a block with no known reference position keeps the input order.
 */
export function orderRow (row: readonly string[], x: ReadonlyMap<string, number>, c: RowContext): string[] {
  const inRow = new Set(row)
  const hasParents = (id: string): boolean => c.parentsOf(id) !== undefined
  const partnersInRow = (id: string): string[] => (c.partners.get(id) ?? []).filter((q) => inRow.has(q))
  const parentMid = (id: string): number | undefined => mean(c.parentsOf(id) ?? [], x)

  // a founder married to someone with parents goes beside that partner (the first such partner)
  const attachedTo = new Map<string, string>()
  for (const id of row) {
    if (hasParents(id)) continue
    const host = partnersInRow(id).find(hasParents)
    if (host !== undefined) attachedTo.set(id, host)
  }
  const spousesOf = (id: string): string[] => partnersInRow(id).filter((q) => attachedTo.get(q) === id)

  const blocks: Array<{ key: number | undefined, first: number, members: string[] }> = []
  const sibships = new Map<string, string[]>()
  for (const id of row) {
    if (!hasParents(id)) continue
    const k = c.parentsOf(id)!.join('\u0000')
    sibships.set(k, [...(sibships.get(k) ?? []), id])
  }
  for (const sibs of sibships.values()) {
    const here = parentMid(sibs[0])
    // which end of the sibship each member goes to: towards a spouse from another family, or (a spouse
    // who married in) to an end of their own, alternating, so no spouse stands between two siblings
    let alternate = -1
    const side = new Map<string, Side>()
    const crossMarried = new Set<string>()
    for (const s of sibs) {
      const other = partnersInRow(s).find((q) => hasParents(q) && c.parentsOf(q)!.join('\u0000') !== c.parentsOf(s)!.join('\u0000'))
      const there = other === undefined ? undefined : parentMid(other)
      if (other !== undefined) crossMarried.add(s)
      if (there !== undefined && here !== undefined && there !== here) side.set(s, there > here ? 1 : -1)
      else if (other !== undefined) side.set(s, c.isMale(s) ? 1 : -1) // not placed yet: the man left of his wife
      else if (spousesOf(s).length > 0) { side.set(s, alternate as Side); alternate = -alternate } else side.set(s, 0)
    }
    const ordered = [...sibs].sort((a, b) => side.get(a)! - side.get(b)! || c.index.get(a)! - c.index.get(b)!)
    const members: string[] = []
    for (const s of ordered) {
      const spouses = spousesOf(s)
      // spouses on the outer side first, then alternating, so a second marriage does not cross the first;
      // for one married into the next family the outer side is taken by that marriage: the other way
      const outer: Side = (side.get(s) === 1) !== crossMarried.has(s) ? 1 : -1
      const left: string[] = []
      const right: string[] = []
      spouses.forEach((q, i) => ((i % 2 === 0) === (outer === -1) ? left.unshift(q) : right.push(q)))
      members.push(...left, s, ...right)
    }
    blocks.push({ key: here, first: Math.min(...sibs.map((s) => c.index.get(s)!)), members })
  }

  // founders not attached to anyone with parents: groups of founders married to each other
  const done = new Set<string>([...attachedTo.keys(), ...row.filter(hasParents)])
  for (const id of row) {
    if (done.has(id)) continue
    const group = founderGroup(id, partnersInRow, done, c)
    const kids = group.flatMap((g) => c.children.get(g) ?? [])
    blocks.push({ key: mean(kids, x), first: Math.min(...group.map((g) => c.index.get(g)!)), members: group })
  }
  // blocks whose place is known go by it; the others keep their input order among them
  const known = blocks.filter((b) => b.key !== undefined).sort((a, b) => a.key! - b.key! || a.first - b.first)
  const unknown = blocks.filter((b) => b.key === undefined).sort((a, b) => a.first - b.first)
  return [...known, ...unknown].flatMap((b) => b.members)
}

/** A founder and the founders married to them (and so on), laid out man left of his wife, wives alternating around him. */
function founderGroup (start: string, partnersInRow: (id: string) => string[], done: Set<string>, c: RowContext): string[] {
  const seen: string[] = []
  const stack = [start]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (done.has(id)) continue
    done.add(id)
    seen.push(id)
    for (const q of partnersInRow(id)) if (!done.has(q) && c.parentsOf(q) === undefined) stack.push(q)
  }
  if (seen.length === 1) return seen
  // the one with the most partners in the middle; a plain couple: the man first
  const hub = [...seen].sort((a, b) => partnersInRow(b).length - partnersInRow(a).length || Number(c.isMale(b)) - Number(c.isMale(a)) || c.index.get(a)! - c.index.get(b)!)[0]
  const others = seen.filter((s) => s !== hub).sort((a, b) => c.index.get(a)! - c.index.get(b)!)
  const left: string[] = []
  const right: string[] = []
  const hubLeft = c.isMale(hub)
  others.forEach((q, i) => ((i % 2 === 0) === hubLeft ? right.push(q) : left.unshift(q)))
  return [...left, hub, ...right]
}

function mean (ids: readonly string[], x: ReadonlyMap<string, number>): number | undefined {
  const xs = ids.flatMap((id) => { const v = x.get(id); return v === undefined ? [] : [v] })
  return xs.length === 0 ? undefined : xs.reduce((s, v) => s + v, 0) / xs.length
}
