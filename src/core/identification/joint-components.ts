import { exclusionCount, lnConditionalLr, type DviContext } from './dvi-context.ts'
import { initialState } from './dvi-state.ts'
import { jointTable } from './joint-table.ts'

/*
 * Scale (issue 13's bench: 10^4 victims × 10^4 families, 5% with two slots). Work that depends on a family is
 * done once per family: a slot's genotype table per locus (dvi-context.ts) makes each pairwise LR a lookup,
 * and each family's own assignments are tabulated once per component and combined across families here.
 * The planned national path: pairs come from the candidate screen (every pair whose LR can reach the floor,
 * never dropping one), so links are sparse; components are then small (a child, its family, a sibling
 * victim), each is solved independently and only components touched by a new entry are solved again.
 * dviSolve itself keeps dvir's dense victims × slots matrix and is for problems of file size.
 */

/** One assignment of a component: slot → victim (slots left out are filled by nobody), and its joint ln LR. */
export interface ComponentAssignment { slots: Record<string, string>, lnLr: number }

/** The joint analysis of one connected component of victims and slots. */
export interface ComponentResult {
  victims: string[]
  missing: string[]
  families: string[]
  /** Best first; the best `top` assignments, exactly (by enumeration or branch and bound). */
  best: ComponentAssignment[]
  /** Number of valid assignments, when they were all enumerated; null when only the best were searched. */
  assignments: number | null
  /**
   * Posterior pairing probabilities under a flat prior over every valid assignment, seen from each victim
   * (victim → slot → P, "*" for in no slot) and from each slot (slot → victim → P, "*" for empty); each
   * sums to 1. Null when the assignments were too many to enumerate.
   */
  posterior: { byVictim: Record<string, Record<string, number>>, bySlot: Record<string, Record<string, number>> } | null
}

export interface ComponentOptions {
  /** Pairs are linked when their pairwise LR exceeds this (and they are not excluded). Default 0 (every LR > 0). */
  floor?: number
  maxIncomp?: number
  ignoreSex?: boolean
  /** Enumerate a component's assignments when they are at most this many; search the best otherwise. Default 1e5. */
  maxAssign?: number
  /** How many best assignments to report. Default 5. */
  top?: number
}

/**
 * Splits the problem into connected components (victims and slots linked by a pairwise LR above the floor
 * and at most maxIncomp incompatible loci) and solves each on its own: the joint LR of an assignment is the
 * product over its families of the family's joint LR, each computed exactly on the pedigree (lnFamilyLr).
 * Returns null for a component none of whose families can be tabulated within maxAssign.
 *
 * @example // fire: one component {V1, V2, V3} × {M1, M2, M3}; best {M1: V1, M2: V2, M3: V3} tied with its V2/V3 swap
 */
export function jointComponents (ctx: DviContext, options: ComponentOptions = {}): Array<ComponentResult | null> {
  const floor = Math.log(options.floor ?? 0)
  const maxIncomp = options.maxIncomp ?? 2
  const maxAssign = options.maxAssign ?? 1e5
  const state = initialState(ctx, options.ignoreSex ?? false)
  const links = new Map<string, string[]>()
  for (const v of state.victims) {
    links.set(v, (state.pairings.get(v) ?? []).filter((m) => exclusionCount(ctx, m, v, state.identified) <= maxIncomp && lnConditionalLr(ctx, m, v, state.identified) > floor))
  }
  return components(links, state.missing).map((c) => solveComponent(ctx, c, links, maxAssign, options.top ?? 5))
}

/** Connected components of the bipartite graph victim — slot (victims without links are left out). */
function components (links: Map<string, string[]>, slotOrder: readonly string[]): Array<{ victims: string[], missing: string[] }> {
  const seen = new Set<string>()
  const out: Array<{ victims: string[], missing: string[] }> = []
  const bySlot = new Map<string, string[]>()
  for (const [v, ms] of links) for (const m of ms) bySlot.set(m, [...(bySlot.get(m) ?? []), v])
  for (const [start, ms] of links) {
    if (seen.has(start) || ms.length === 0) continue
    const victims: string[] = []
    const missing = new Set<string>()
    const queue = [start]
    seen.add(start)
    while (queue.length > 0) {
      const v = queue.pop()!
      victims.push(v)
      for (const m of links.get(v)!) {
        missing.add(m)
        for (const w of bySlot.get(m)!) if (!seen.has(w)) { seen.add(w); queue.push(w) }
      }
    }
    const order = [...links.keys()]
    out.push({ victims: victims.sort((a, b) => order.indexOf(a) - order.indexOf(b)), missing: [...missing].sort((a, b) => slotOrder.indexOf(a) - slotOrder.indexOf(b)) })
  }
  return out
}

interface FamilyOption { victims: string[], slots: Record<string, string>, lnLr: number }

function solveComponent (ctx: DviContext, c: { victims: string[], missing: string[] }, links: Map<string, string[]>, maxAssign: number, top: number): ComponentResult | null {
  const families = [...new Set(c.missing.map((m) => ctx.familyOfSlot.get(m)!.id))]
  // Each family's own assignments (its slots, the component's victims linked to them), tabulated once.
  const tables: FamilyOption[][] = []
  for (const f of families) {
    const slots = c.missing.filter((m) => ctx.familyOfSlot.get(m)!.id === f)
    const victims = c.victims.filter((v) => links.get(v)!.some((m) => slots.includes(m)))
    const pairings = new Map(victims.map((v) => [v, links.get(v)!.filter((m) => slots.includes(m))]))
    const t = jointTable(ctx, f, victims, pairings, new Map(), maxAssign)
    if (t === null) return null
    tables.push(t.rows.map((r) => {
      const slotsOf: Record<string, string> = {}
      const used: string[] = []
      r.slots.forEach((s, i) => { if (s !== null) { slotsOf[s] = t.victims[i]; used.push(t.victims[i]) } })
      return { victims: used, slots: slotsOf, lnLr: r.lnLr }
    }))
  }
  const total = countCombinations(tables, maxAssign)
  const enumerate = total <= maxAssign
  const best: ComponentAssignment[] = []
  const all: ComponentAssignment[] = []
  // Branch and bound over families. Bound: for the families not yet chosen, the sum of each one's best option
  // among those using no victim taken so far. Dropping the constraint that those families also exclude one
  // another can only raise the maximum, so the bound is ≥ every completion and pruning loses no assignment
  // among the best `top`. Options are sorted best first, so the first compatible one is each family's maximum.
  const bound = (k: number, used: Set<string>): number => {
    let b = 0
    for (let f = k; f < tables.length; f++) {
      const o = tables[f].find((x) => x.victims.every((v) => !used.has(v)))
      b += o === undefined ? -Infinity : o.lnLr
    }
    return b
  }
  const chosen: FamilyOption[] = []
  const visit = (k: number, used: Set<string>, ln: number): void => {
    if (!enumerate && best.length === top && ln + bound(k, used) <= best[top - 1].lnLr) return
    if (k === tables.length) {
      const a: ComponentAssignment = { slots: Object.assign({}, ...chosen.map((o) => o.slots)), lnLr: ln }
      if (enumerate) all.push(a)
      insertBest(best, a, top)
      return
    }
    for (const o of tables[k]) {
      if (o.victims.some((v) => used.has(v))) continue
      chosen.push(o)
      visit(k + 1, new Set([...used, ...o.victims]), ln + o.lnLr)
      chosen.pop()
    }
  }
  visit(0, new Set(), 0)
  return { victims: c.victims, missing: c.missing, families, best, assignments: enumerate ? total : null, posterior: enumerate ? posteriorOf(all, c.victims, c.missing) : null }
}

function insertBest (best: ComponentAssignment[], a: ComponentAssignment, top: number): void {
  let i = best.length
  while (i > 0 && best[i - 1].lnLr < a.lnLr) i--
  if (i < top) { best.splice(i, 0, a); if (best.length > top) best.pop() }
}

function countCombinations (tables: FamilyOption[][], cap: number): number {
  let count = 0
  const visit = (k: number, used: Set<string>): void => {
    if (count > cap) return
    if (k === tables.length) { count++; return }
    for (const o of tables[k]) if (!o.victims.some((v) => used.has(v))) visit(k + 1, new Set([...used, ...o.victims]))
  }
  visit(0, new Set())
  return count
}

/** P(victim in slot) = Σ of the LRs of the assignments that put it there / Σ of all, scaled by the best to stay finite. */
function posteriorOf (all: ComponentAssignment[], victims: string[], missing: string[]): NonNullable<ComponentResult['posterior']> {
  const top = Math.max(...all.map((a) => a.lnLr))
  const byVictim: Record<string, Record<string, number>> = Object.fromEntries(victims.map((v) => [v, {}]))
  const bySlot: Record<string, Record<string, number>> = Object.fromEntries(missing.map((m) => [m, {}]))
  const add = (table: Record<string, number>, key: string, w: number): void => { table[key] = (table[key] ?? 0) + w }
  let sum = 0
  for (const a of all) {
    const w = Math.exp(a.lnLr - top)
    sum += w
    const placed = new Set(Object.values(a.slots))
    for (const [slot, v] of Object.entries(a.slots)) { add(byVictim[v], slot, w); add(bySlot[slot], v, w) }
    for (const v of victims) if (!placed.has(v)) add(byVictim[v], '*', w)
    for (const m of missing) if (a.slots[m] === undefined) add(bySlot[m], '*', w)
  }
  for (const table of [byVictim, bySlot]) for (const row of Object.values(table)) for (const k of Object.keys(row)) row[k] /= sum
  return { byVictim, bySlot }
}
