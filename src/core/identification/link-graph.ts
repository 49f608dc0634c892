/*
 * Identification over stored pairwise results (the service's path, issue 13). dviSolve (dvi-solve.ts) starts from
 * genotypes and keeps dvir's dense victims × slots matrix; a database search stores only the pairs that reach the
 * candidate floor, so the service starts from those links: a sparse bipartite graph of persons and missing-person
 * slots. Every figure is a log10 LR, as stored.
 */

/** One stored pairwise result: the person in the slot against the person unrelated. */
export interface PairLink {
  slot: string
  person: string
  /** log10 LR; an exclusion (LR 0) is no link at all. */
  log10Lr: number
  /** Loci inconsistent with the pedigree (dvir's incompatibilities, counted by the engine). */
  inconsistentLoci: number
}

/** A missing-person slot and the family (case) whose pedigree holds it. */
export interface LinkSlot { id: string, family: string }

/** What the identification is computed from. */
export interface LinkProblem {
  slots: readonly LinkSlot[]
  links: readonly PairLink[]
  /**
   * log10 of the largest LR a pair absent from `links` can have, per slot and per person: the search compared
   * them with entries it did not store, which were below the floor. Absent: every pair of it is known.
   */
  unseenSlot?: ReadonlyMap<string, number>
  unseenPerson?: ReadonlyMap<string, number>
  /**
   * log10 joint LR of placing persons in several slots of one family, computed on the pedigree (siblings
   * placed together are one likelihood, not the product of their pairwise LRs). Needed only for a family with
   * more than one slot in a component; with one slot the joint LR is the pairwise LR.
   */
  jointLog10?: (family: string, placement: ReadonlyMap<string, string>) => number
}

/** A connected component: slots and persons linked by LRs above the floor, not excluded. */
export interface LinkComponent {
  /** Stable name: its first slot id in sorted order (every component holds a slot). */
  id: string
  slots: string[]
  persons: string[]
  links: PairLink[]
}

/**
 * The links kept (LR above the floor and at most maxIncomp inconsistent loci, as dvir's maxIncomp) and
 * their connected components (slots of one family, `familyOf`, always together), each sorted by id so that the same graph always gives the same components.
 *
 * @example linkComponents([{slot: 'A', person: 'p', log10Lr: 5, inconsistentLoci: 0}, {slot: 'B', person: 'p', log10Lr: 4, inconsistentLoci: 0}], 3, 2)
 * // one component {A, B} × {p}, id 'A'
 */
export function linkComponents (links: readonly PairLink[], log10Floor: number, maxIncomp: number, familyOf: ReadonlyMap<string, string> = new Map()): LinkComponent[] {
  const kept = links.filter((l) => l.log10Lr > log10Floor && l.inconsistentLoci <= maxIncomp)
  const bySlot = new Map<string, PairLink[]>()
  const byPerson = new Map<string, PairLink[]>()
  // Slots of one family are one component even without a shared person: their joint LR couples them.
  const slotsOfFamily = new Map<string, Set<string>>()
  for (const l of kept) {
    bySlot.set(l.slot, [...(bySlot.get(l.slot) ?? []), l])
    byPerson.set(l.person, [...(byPerson.get(l.person) ?? []), l])
    const f = familyOf.get(l.slot)
    if (f !== undefined) slotsOfFamily.set(f, (slotsOfFamily.get(f) ?? new Set<string>()).add(l.slot))
  }
  const seen = new Set<string>()
  const out: LinkComponent[] = []
  for (const start of [...bySlot.keys()].sort()) {
    if (seen.has(start)) continue
    const slots = new Set<string>([start])
    const persons = new Set<string>()
    const queue: Array<['slot' | 'person', string]> = [['slot', start]]
    seen.add(start)
    while (queue.length > 0) {
      const [side, id] = queue.pop()!
      for (const l of (side === 'slot' ? bySlot.get(id) : byPerson.get(id)) ?? []) {
        if (side === 'slot' && !persons.has(l.person)) { persons.add(l.person); queue.push(['person', l.person]) }
        if (side === 'person' && !slots.has(l.slot)) { slots.add(l.slot); seen.add(l.slot); queue.push(['slot', l.slot]) }
      }
      const family = side === 'slot' ? familyOf.get(id) : undefined
      for (const other of family === undefined ? [] : slotsOfFamily.get(family) ?? []) {
        if (!slots.has(other)) { slots.add(other); seen.add(other); queue.push(['slot', other]) }
      }
    }
    const sortedSlots = [...slots].sort()
    const slotSet = new Set(sortedSlots)
    out.push({ id: sortedSlots[0], slots: sortedSlots, persons: [...persons].sort(), links: kept.filter((l) => slotSet.has(l.slot)) })
  }
  return out
}
