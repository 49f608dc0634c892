import { fail } from '../errors.ts'
import type { LinkComponent } from './link-graph.ts'

/** One family's choice within an assignment: which of its slots hold which persons, and its joint log10 LR. */
export interface FamilyChoice { family: string, slots: readonly string[], placement: ReadonlyMap<string, string>, persons: readonly string[], log10: number }

/** A component prepared for search: each family's choices, best first (the empty one, log10 0, among them). */
export interface AssignmentSpace { families: FamilyChoice[][] }

/** What a search may change: a pair it must not use, and credits for leaving a slot empty or a person out. */
export interface SearchTerms {
  forbid?: { slot: string, person: string }
  /** log10 credited when the slot is left empty (an unseen person could fill it up to that LR). */
  emptySlot?: { slot: string, log10: number }
  /** log10 credited when the person is placed nowhere in the component (an unseen case could hold it). */
  unplacedPerson?: { person: string, log10: number }
}

/**
 * Each family's choices in a component: for a family with one slot, nobody or one of its linked persons at
 * the pairwise LR; with several, every way of placing distinct linked persons in them, at the joint LR the
 * caller computes on the pedigree. At most maxAssign choices per family (dvir's maxAssign), else TOO_COMPLEX.
 *
 * @example // slot A linked to p (log10 5) and q (log10 3): choices [A=p: 5, A=q: 3, empty: 0]
 */
export function assignmentSpace (c: LinkComponent, familyOf: ReadonlyMap<string, string>, jointLog10: ((family: string, placement: ReadonlyMap<string, string>) => number) | undefined, maxAssign: number): AssignmentSpace {
  const slotsOf = new Map<string, string[]>()
  for (const s of c.slots) slotsOf.set(familyOf.get(s)!, [...(slotsOf.get(familyOf.get(s)!) ?? []), s])
  const linked = new Map<string, Map<string, number>>()
  for (const l of c.links) linked.set(l.slot, (linked.get(l.slot) ?? new Map<string, number>()).set(l.person, l.log10Lr))
  const families: FamilyChoice[][] = []
  for (const [family, slots] of slotsOf) {
    // a caller's omission, not a property of the data: never concluded as if the product were the joint LR
    if (slots.length > 1 && jointLog10 === undefined) throw new Error(`internal: family ${family} has ${slots.length} open slots in one component and no joint LR from its pedigree`)
    const choices: FamilyChoice[] = []
    const place = (k: number, placement: Map<string, string>, log10: number): void => {
      if (choices.length > maxAssign) fail('TOO_COMPLEX', `family ${family}: more than ${maxAssign} assignments`, { value: family })
      if (k === slots.length) {
        const persons = [...placement.values()]
        const value = slots.length === 1 || persons.length === 0 ? log10 : jointLog10!(family, placement)
        choices.push({ family, slots, placement: new Map(placement), persons, log10: value })
        return
      }
      place(k + 1, placement, log10)
      for (const [person, lr] of linked.get(slots[k]) ?? []) {
        if ([...placement.values()].includes(person)) continue
        placement.set(slots[k], person)
        place(k + 1, placement, log10 + lr)
        placement.delete(slots[k])
      }
    }
    place(0, new Map(), 0)
    families.push(choices.sort((a, b) => b.log10 - a.log10))
  }
  // Strong families first: the first leaf reached is then a good incumbent and the bound prunes early.
  families.sort((a, b) => b[0].log10 - a[0].log10 || (a[0].family < b[0].family ? -1 : 1))
  return { families }
}

/**
 * The best assignment under the terms, exactly, by branch and bound over families; null when the search
 * would visit more than maxNodes nodes. Bound: for the families not yet chosen, each one's best choice among
 * those using no person taken so far, plus any credit still reachable. Dropping the constraint that those
 * families also exclude one another can only raise the maximum, so the bound is ≥ every completion and
 * pruning never loses the best.
 *
 * @example bestAssignment(space, { forbid: { slot: 'A', person: 'p' } })?.log10 // the best without p in A
 */
export function bestAssignment (space: AssignmentSpace, terms: SearchTerms = {}, maxNodes = 200_000): { log10: number, choices: FamilyChoice[] } | null {
  const { families } = space
  const allowed = (o: FamilyChoice): boolean => terms.forbid === undefined || o.placement.get(terms.forbid.slot) !== terms.forbid.person
  const e = terms.emptySlot
  const credit = (o: FamilyChoice): number => e !== undefined && o.slots.includes(e.slot) && !o.placement.has(e.slot) ? e.log10 : 0
  const personCredit = terms.unplacedPerson === undefined ? 0 : Math.max(0, terms.unplacedPerson.log10)
  const bound = (k: number, used: Set<string>): number => {
    let b = 0
    for (let f = k; f < families.length; f++) {
      // Choices are sorted best first, so the first usable one is the family's maximum, unless it holds the credited slot.
      const credited = e !== undefined && families[f][0].slots.includes(e.slot)
      let best = -Infinity
      for (const o of families[f]) {
        if (!allowed(o) || o.persons.some((p) => used.has(p))) continue
        best = Math.max(best, o.log10 + credit(o))
        if (!credited) break
      }
      b += best
    }
    return b
  }
  let nodes = 0
  let incumbent: { log10: number, choices: FamilyChoice[] } | null = null
  const chosen: FamilyChoice[] = []
  const visit = (k: number, used: Set<string>, log10: number): boolean => {
    if (++nodes > maxNodes) return false
    const reachable = terms.unplacedPerson !== undefined && !used.has(terms.unplacedPerson.person) ? personCredit : 0
    if (incumbent !== null && log10 + bound(k, used) + reachable <= incumbent.log10) return true
    if (k === families.length) {
      incumbent = { log10: log10 + reachable, choices: [...chosen] }
      return true
    }
    for (const o of families[k]) {
      if (!allowed(o) || o.persons.some((p) => used.has(p))) continue
      chosen.push(o)
      const ok = visit(k + 1, new Set([...used, ...o.persons]), log10 + o.log10 + credit(o))
      chosen.pop()
      if (!ok) return false
    }
    return true
  }
  return visit(0, new Set(), 0) ? incumbent : null
}

/**
 * Every assignment's joint log10 LR, when there are at most `cap`; null otherwise. Used for the posterior
 * pairing probabilities under a flat prior over the component's assignments.
 */
export function allAssignments (space: AssignmentSpace, cap: number): Array<{ log10: number, placement: Map<string, string> }> | null {
  const out: Array<{ log10: number, placement: Map<string, string> }> = []
  const visit = (k: number, used: Set<string>, log10: number, placement: Map<string, string>): boolean => {
    if (k === space.families.length) {
      if (out.length >= cap) return false
      out.push({ log10, placement: new Map(placement) })
      return true
    }
    for (const o of space.families[k]) {
      if (o.persons.some((p) => used.has(p))) continue
      const next = new Map(placement)
      for (const [s, p] of o.placement) next.set(s, p)
      if (!visit(k + 1, new Set([...used, ...o.persons]), log10 + o.log10, next)) return false
    }
    return true
  }
  return visit(0, new Set(), 0, new Map()) ? out : null
}
