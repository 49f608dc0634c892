import { validatePedigree, type Pedigree, type PedigreePerson } from '../pedigree/pedigree.ts'

/** Paternal: the Y chromosome, father to son. Maternal: mtDNA, mother to every child. */
export type LineageKind = 'paternal' | 'maternal'

/** A person on a line, with the parent they received the line's marker from (none at the line's founder). */
export interface LineMember {
  id: string
  parent?: string
}

/** A typed reference on the missing person's line and the meioses between the two along the line. */
export interface LineRelative {
  id: string
  meioses: number
}

/**
 * The missing person's line in a pedigree: every person who carries the same Y chromosome (paternal) or
 * mitochondrial genome (maternal) bar mutation, parents first, each with their line parent, so the line is
 * a tree rooted at its founder; and the typed references on it with their meioses to the missing person.
 */
export interface LineageLine {
  kind: LineageKind
  /** The missing person's id: the slot of the candidate, a member of the line. */
  missingPerson: string
  members: LineMember[]
  relatives: LineRelative[]
}

/** Both lines of a case: `paternal` is absent for a female missing person (she has no Y chromosome). */
export interface LineageRelations {
  paternal?: LineageLine
  maternal: LineageLine
}

/**
 * Which typed references share the missing person's paternal line (males linked to him through fathers only)
 * and maternal line (anyone linked through mothers only), and over how many meioses. A brother is 2 meioses
 * from the missing person on both lines, a paternal uncle 3 on the paternal line, a maternal aunt 3 on the
 * maternal line, a father 1 on the paternal line and none on the maternal. The missing person's own slot
 * in `typed` is ignored (it holds the candidate).
 *
 * @example lineageRelations({ persons: [{ id: 'GF', sex: 'male' }, { id: 'GM', sex: 'female' },
 *   { id: 'F', sex: 'male', father: 'GF', mother: 'GM' }, { id: 'U', sex: 'male', father: 'GF', mother: 'GM' },
 *   { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: 'F', mother: 'M' }], missingPerson: 'MP' }, ['U'])
 *   // paternal.relatives: [{ id: 'U', meioses: 3 }]; maternal.relatives: []
 */
export function lineageRelations (pedigree: Pedigree, typed: Iterable<string>): LineageRelations {
  const ordered = validatePedigree(pedigree)
  const mp = ordered.find((p) => p.id === pedigree.missingPerson)!
  const typedSet = new Set(typed)
  typedSet.delete(mp.id)
  const maternal = line('maternal', ordered, mp, typedSet, (p) => p.mother)
  if (mp.sex !== 'male') return { maternal }
  const paternal = line('paternal', ordered, mp, typedSet, (p) => (p.sex === 'male' ? p.father : undefined))
  return { paternal, maternal }
}

function line (
  kind: LineageKind,
  ordered: readonly PedigreePerson[],
  mp: PedigreePerson,
  typed: ReadonlySet<string>,
  lineParent: (p: PedigreePerson) => string | undefined
): LineageLine {
  // Depth below the line's founder and the founder itself, parents first so each parent is known before its child.
  const root = new Map<string, string>()
  const depth = new Map<string, number>()
  for (const p of ordered) {
    const parent = lineParent(p)
    // A female has no Y line: her sons' line parent is their father, so she is never reached as a parent.
    if (parent === undefined || !root.has(parent)) {
      if (kind === 'paternal' && p.sex !== 'male') continue
      root.set(p.id, p.id)
      depth.set(p.id, 0)
    } else {
      root.set(p.id, root.get(parent)!)
      depth.set(p.id, depth.get(parent)! + 1)
    }
  }
  const founder = root.get(mp.id)!
  const members: LineMember[] = ordered
    .filter((p) => root.get(p.id) === founder)
    .map((p) => (p.id === founder ? { id: p.id } : { id: p.id, parent: lineParent(p)! }))
  const parentOf = new Map(members.map((m) => [m.id, m.parent]))
  const relatives = members
    .filter((m) => typed.has(m.id))
    .map((m) => ({ id: m.id, meioses: distance(m.id, mp.id, parentOf, depth) }))
  return { kind, missingPerson: mp.id, members, relatives }
}

/** Edges between two members of one tree: up from the deeper one to their common ancestor, then down. */
function distance (a: string, b: string, parentOf: ReadonlyMap<string, string | undefined>, depth: ReadonlyMap<string, number>): number {
  let x = a
  let y = b
  let n = 0
  while (depth.get(x)! > depth.get(y)!) { x = parentOf.get(x)!; n++ }
  while (depth.get(y)! > depth.get(x)!) { y = parentOf.get(y)!; n++ }
  while (x !== y) { x = parentOf.get(x)!; y = parentOf.get(y)!; n += 2 }
  return n
}
