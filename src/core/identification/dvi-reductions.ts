import { exclusionCount, type DviContext } from './dvi-context.ts'
import { pairwiseMatrix, subsetState, type LrMatrix, type SolveState } from './dvi-state.ts'
import { row, type DviRow } from './dvi-summary.ts'
import type { DviFamily } from './dvi-problem.ts'

/**
 * dvir's findNonidentifiable: a slot is nonidentifiable when it is related (kinship > 0, that is, a common
 * ancestor, oneself included) neither to a typed reference nor, step by step, to a slot that is.
 */
export function nonidentifiable (families: readonly DviFamily[]): DviRow[] {
  const out: DviRow[] = []
  for (const f of families) {
    const byId = new Map(f.persons.map((p) => [p.id, p]))
    const ancestors = new Map<string, Set<string>>()
    const ancestorsOf = (id: string): Set<string> => {
      let set = ancestors.get(id)
      if (set !== undefined) return set
      const p = byId.get(id)!
      set = new Set([id])
      if (p.father !== undefined) for (const a of ancestorsOf(p.father)) set.add(a)
      if (p.mother !== undefined) for (const a of ancestorsOf(p.mother)) set.add(a)
      ancestors.set(id, set)
      return set
    }
    const related = (a: string, b: string): boolean => [...ancestorsOf(a)].some((x) => ancestorsOf(b).has(x))
    const refs = Object.keys(f.genotypes).filter((id) => Object.keys(f.genotypes[id]).length > 0)
    let candidates = [...f.missing]
    let linked = refs
    // dvir's .nonidentif: each round links the candidates related to the previous round's links.
    while (candidates.length > 0 && linked.length > 0) {
      const previous = linked
      linked = candidates.filter((m) => previous.some((r) => related(m, r)))
      candidates = candidates.filter((m) => !linked.includes(m))
    }
    for (const m of candidates) {
      out.push(row({ family: f.id, missing: m, conclusion: 'Nonidentifiable', comment: refs.length === 0 ? 'No references in family' : 'Unrelated to all references' }))
    }
  }
  return out
}

/** Number of loci incompatible without mutation per pairing; null where not paired. */
export interface ExclusionMatrix { victims: string[], missing: string[], counts: Array<Array<number | null>> }

/**
 * dvir's findExcluded: victims whose every pairing has more than `maxIncomp` incompatible loci, slots likewise,
 * and the pairings above it, removed.
 */
export function excludeIncompatible (ctx: DviContext, state: SolveState, maxIncomp: number): { state: SolveState, matrix: ExclusionMatrix, am: DviRow[], pm: DviRow[] } {
  const counts = state.victims.map((v) => state.missing.map((m) => (state.pairings.get(v) ?? []).includes(m) ? exclusionCount(ctx, m, v, state.identified) : null))
  const minOf = (xs: Array<number | null>): number => xs.reduce<number>((a, x) => x === null ? a : Math.min(a, x), Infinity)
  const comment = (n: number): string => n === Infinity ? 'No compatible pairings' : `${n}+ inconsistencies`
  const pm: DviRow[] = []
  const am: DviRow[] = []
  const keepVictims: string[] = []
  state.victims.forEach((v, i) => {
    const min = minOf(counts[i])
    if (min > maxIncomp) pm.push(row({ sample: v, conclusion: 'Excluded', comment: comment(min) }))
    else keepVictims.push(v)
  })
  const keepMissing: string[] = []
  state.missing.forEach((m, j) => {
    const min = minOf(counts.map((r) => r[j]))
    if (min > maxIncomp) am.push(row({ family: ctx.familyOfSlot.get(m)!.id, missing: m, conclusion: 'Excluded', comment: comment(min) }))
    else keepMissing.push(m)
  })
  const reduced = subsetState(state, keepVictims, keepMissing).state
  // dvir sets the pairings from the matrix afterwards: those at most maxIncomp among what is kept.
  const pairings = new Map<string, string[]>()
  for (const v of reduced.victims) {
    const i = state.victims.indexOf(v)
    pairings.set(v, keepMissing.filter((m) => { const c = counts[i][state.missing.indexOf(m)]; return c !== null && c <= maxIncomp }))
  }
  return { state: { ...reduced, pairings }, matrix: { victims: state.victims, missing: state.missing, counts }, am, pm }
}

/**
 * dvir's undisputedEntries: pairs with LR ≥ threshold and every other LR in their row and column at most
 * LR / threshold (`strict`: at most 1). NA and 0 count as below anything. Column-major order, as R's which().
 */
export function undisputedEntries (matrix: LrMatrix, threshold: number, strict: boolean): Array<[number, number]> {
  const { ln } = matrix
  const lnT = Math.log(threshold - Math.sqrt(Number.EPSILON))
  const lnThreshold = Math.log(threshold)
  const at = (i: number, j: number): number => ln[i][j] ?? -Infinity
  const out: Array<[number, number]> = []
  for (let j = 0; j < matrix.missing.length; j++) {
    for (let i = 0; i < matrix.victims.length; i++) {
      if (!(at(i, j) >= lnT)) continue
      const bound = strict ? 0 : at(i, j) - lnThreshold
      let ok = true
      for (let k = 0; k < matrix.missing.length && ok; k++) if (k !== j && at(i, k) > bound) ok = false
      for (let k = 0; k < matrix.victims.length && ok; k++) if (k !== i && at(k, j) > bound) ok = false
      if (ok) out.push([i, j])
    }
  }
  return out
}

/**
 * dvir's findUndisputed: undisputed pairs are identified (the victim's profile moves into the slot), the
 * matrix recomputed on what remains, again until none is found. Returns the last matrix computed.
 */
export function findUndisputed (ctx: DviContext, start: SolveState, threshold: number, strict: boolean): { state: SolveState, rows: DviRow[], matrix: LrMatrix | null, firstMatrix: LrMatrix | null } {
  let state = start
  if (state.victims.length === 0 || state.missing.length === 0) return { state, rows: [], matrix: null, firstMatrix: null }
  const rows: DviRow[] = []
  let step = 0
  let last: ReturnType<typeof pairwiseMatrix>
  let first: LrMatrix | null = null
  for (;;) {
    step++
    last = pairwiseMatrix(ctx, state)
    first ??= last.matrix
    const found = undisputedEntries(last.matrix, threshold, strict)
    if (found.length === 0) break
    const identified = new Map(state.identified)
    for (const [i, j] of found) {
      const v = state.victims[i]
      const m = state.missing[j]
      identified.set(m, v)
      rows.push(row({ family: ctx.familyOfSlot.get(m)!.id, missing: m, sample: v, lnLr: last.matrix.ln[i][j], conclusion: 'Undisputed', comment: `Step ${step}` }))
    }
    const gone = new Set(found.map(([i]) => state.victims[i]))
    const taken = new Set(found.map(([, j]) => state.missing[j]))
    const next = subsetState(state, state.victims.filter((v) => !gone.has(v)), state.missing.filter((m) => !taken.has(m)), identified)
    for (const v of next.unpaired) rows.push(row({ sample: v, conclusion: 'Excluded', comment: 'No compatible pairings' }))
    state = next.state
    if (state.missing.length === 0 || state.victims.length === 0) break
  }
  // dvir keeps the pairings of the last matrix: those with LR > 0.
  const pairings = new Map(state.victims.map((v) => [v, (last.pairings.get(v) ?? state.pairings.get(v) ?? []).filter((m) => state.missing.includes(m))]))
  return { state: { ...state, pairings }, rows, matrix: last.matrix, firstMatrix: first }
}
