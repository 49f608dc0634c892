import { HomewardError } from '../errors.ts'
import type { DviConclusion } from './dvi-summary.ts'
import { allAssignments, assignmentSpace, bestAssignment, type AssignmentSpace } from './link-assignment.ts'
import { conclude, strongestOther, undisputedLinks, type Competitor } from './link-conclusions.ts'
import { linkComponents, type LinkComponent, type LinkProblem, type PairLink } from './link-graph.ts'

export interface LinkIdentificationOptions {
  /** log10 of dvir's threshold (undisputed, GLR). Default 4. */
  log10Threshold?: number
  /** log10 of dvir's threshold2 (probable). Default log10Threshold − 1, at least 0. */
  log10Threshold2?: number
  /** Pairs are linked when their log10 LR exceeds this. Default 0 (LR > 1). */
  log10Floor?: number
  /** More inconsistent loci than this exclude a pair (dvir's maxIncomp). Default 2. */
  maxIncomp?: number
  /** Posteriors are computed when a component has at most this many assignments. Default 1e5. */
  maxAssign?: number
  /** Nodes one branch-and-bound search may visit before the component is reported unsolved. Default 2e5. */
  maxNodes?: number
}

/** What is concluded for one side of a pair: a slot and the person it holds, or a person and its slot. */
export interface Identification {
  component: string
  /** The pair of the best assignment (null: left empty / placed nowhere). */
  slot: string | null
  person: string | null
  log10Lr: number | null
  /** log10 of the best assignment over the best one without this pair (unseen competitors counted at their ceiling). */
  log10Glr: number | null
  conclusion: DviConclusion
  /** P(this pair) under a flat prior over the component's assignments; null when they were too many to enumerate. */
  posterior: number | null
  /** The strongest other claim (another person for the slot, another slot for the person). */
  competitor: Competitor | null
  /** False when the component was too large to search jointly: concluded by pairwise LRs alone. */
  joint: boolean
}

export interface LinkIdentification {
  slots: Map<string, Identification>
  persons: Map<string, Identification>
  components: Array<LinkComponent & { assignments: number | null, joint: boolean }>
}

/**
 * Joint identification from pairwise links: components of slots and persons (linked above the floor, not
 * excluded), dvir's undisputed matches, then per component the best assignment (one person per slot, one slot
 * per person; the joint LR the product of the families' LRs), each pair's GLR and posterior, and conclusions in
 * dvir's words. Only slots and persons with a link appear.
 *
 * @example // slot A: p at 10^5 and q at 10^4.9 → A holds p, GLR 10^0.1, Disputed (q); p and q likewise
 */
export function identifyLinks (problem: LinkProblem, options: LinkIdentificationOptions = {}): LinkIdentification {
  const log10Threshold = options.log10Threshold ?? 4
  const levels = { log10Threshold, log10Threshold2: options.log10Threshold2 ?? Math.max(0, log10Threshold - 1) }
  const maxAssign = options.maxAssign ?? 1e5
  const familyOf = new Map(problem.slots.map((s) => [s.id, s.family]))
  const slotsPerFamily = new Map<string, number>()
  for (const s of problem.slots) slotsPerFamily.set(s.family, (slotsPerFamily.get(s.family) ?? 0) + 1)
  const unseenSlot = problem.unseenSlot ?? new Map<string, number>()
  const unseenPerson = problem.unseenPerson ?? new Map<string, number>()
  const links = problem.links.filter((l) => familyOf.has(l.slot))
  const out: LinkIdentification = { slots: new Map(), persons: new Map(), components: [] }
  for (const c of linkComponents(links, options.log10Floor ?? 0, options.maxIncomp ?? 2, familyOf)) {
    const undisputed = undisputedLinks(c.links, log10Threshold, unseenSlot, unseenPerson, (s) => slotsPerFamily.get(familyOf.get(s)!) === 1)
    const space = spaceOf(c, familyOf, problem, maxAssign)
    const best = space === null ? null : bestAssignment(space, {}, options.maxNodes)
    if (space === null || best === null) {
      pairwiseOnly(c, undisputed, levels, out)
      continue
    }
    const joint = true
    const placement = new Map<string, string>()
    for (const ch of best.choices) for (const [s, p] of ch.placement) placement.set(s, p)
    const all = allAssignments(space, maxAssign)
    const posterior = (slot: string, person: string): number | null => {
      if (all === null) return null
      const top = Math.max(...all.map((a) => a.log10))
      let num = 0
      let sum = 0
      for (const a of all) { const w = 10 ** (a.log10 - top); sum += w; if (a.placement.get(slot) === person) num += w }
      return num / sum
    }
    const linkOf = (slot: string, person: string): PairLink => c.links.find((l) => l.slot === slot && l.person === person)!
    const placedPersons = new Map([...placement].map(([s, p]) => [p, s]))
    for (const slot of c.slots) {
      const person = placement.get(slot) ?? null
      if (person === null) {
        const competitor = strongestOther(c.links, 'slot', slot, null)
        out.slots.set(slot, { component: c.id, slot, person: null, log10Lr: null, log10Glr: null, conclusion: conclude({ log10Lr: null, log10Glr: null, competitor }, levels), posterior: null, competitor, joint })
        continue
      }
      const link = linkOf(slot, person)
      const alt = bestAssignment(space, { forbid: { slot, person }, emptySlot: { slot, log10: unseenSlot.get(slot) ?? 0 }, unplacedPerson: { person, log10: unseenPerson.get(person) ?? 0 } }, options.maxNodes)
      const log10Glr = alt === null ? null : best.log10 - alt.log10
      const competitor = stronger(strongestOther(c.links, 'slot', slot, link), strongestOther(c.links, 'person', person, link))
      const conclusion: DviConclusion = undisputed.includes(link) ? 'Undisputed' : conclude({ log10Lr: link.log10Lr, log10Glr, competitor }, levels)
      const identification = { component: c.id, slot, person, log10Lr: link.log10Lr, log10Glr, conclusion, posterior: posterior(slot, person), competitor, joint }
      out.slots.set(slot, identification)
      out.persons.set(person, identification)
    }
    for (const person of c.persons) {
      if (placedPersons.has(person)) continue
      const competitor = strongestOther(c.links, 'person', person, null)
      out.persons.set(person, { component: c.id, slot: null, person, log10Lr: null, log10Glr: null, conclusion: conclude({ log10Lr: null, log10Glr: null, competitor }, levels), posterior: null, competitor, joint })
    }
    out.components.push({ ...c, assignments: all === null ? null : all.length, joint })
  }
  return out
}

/**
 * A component too large to search jointly: each slot and each person is concluded by its own best pairwise
 * link (dvir's simple-family and PM-driven rules), without GLR or posterior, marked joint: false.
 */
function pairwiseOnly (c: LinkComponent, undisputed: readonly PairLink[], levels: Parameters<typeof conclude>[1], out: LinkIdentification): void {
  const side = (kind: 'slot' | 'person', id: string): Identification => {
    const best = strongestOther(c.links, kind, id, null)!
    const link = c.links.find((l) => l.slot === best.slot && l.person === best.person)!
    const competitor = stronger(strongestOther(c.links, 'slot', link.slot, link), strongestOther(c.links, 'person', link.person, link))
    const conclusion: DviConclusion = undisputed.includes(link) ? 'Undisputed' : conclude({ log10Lr: link.log10Lr, log10Glr: null, competitor }, levels)
    return { component: c.id, slot: link.slot, person: link.person, log10Lr: link.log10Lr, log10Glr: null, conclusion, posterior: null, competitor, joint: false }
  }
  for (const slot of c.slots) out.slots.set(slot, side('slot', slot))
  for (const person of c.persons) out.persons.set(person, side('person', person))
  out.components.push({ ...c, assignments: null, joint: false })
}

/** The component's assignment space, or null when a family has too many choices (the component is then unsolved). */
function spaceOf (c: LinkComponent, familyOf: ReadonlyMap<string, string>, problem: LinkProblem, maxAssign: number): AssignmentSpace | null {
  try {
    return assignmentSpace(c, familyOf, problem.jointLog10, maxAssign)
  } catch (err) {
    if (err instanceof HomewardError && err.code === 'TOO_COMPLEX') return null
    throw err
  }
}

function stronger (a: Competitor | null, b: Competitor | null): Competitor | null {
  if (a === null) return b
  if (b === null) return a
  return b.log10Lr > a.log10Lr ? b : a
}
