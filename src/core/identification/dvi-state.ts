import { lnConditionalLr, type DviContext } from './dvi-context.ts'

/**
 * What remains of a problem during dvir's reductions: the victims and slots still open, each victim's
 * possible slots (dvir's pairings, without the "*" of "nobody", which every victim always has), and the
 * victims identified so far (slot → victim), whose profiles now count as typed members of their families.
 */
export interface SolveState {
  victims: string[]
  missing: string[]
  pairings: Map<string, string[]>
  identified: Map<string, string>
}

/** ln pairwise LRs over victims × missing; null where the pair is not a pairing (dvir's NA). */
export interface LrMatrix {
  victims: string[]
  missing: string[]
  ln: Array<Array<number | null>>
}

/** The starting state: every victim paired with every slot of its sex (or every slot, `ignoreSex`). */
export function initialState (ctx: DviContext, ignoreSex: boolean): SolveState {
  const missing = ctx.problem.families.flatMap((f) => f.missing)
  const sexOf = new Map(ctx.problem.families.flatMap((f) => f.persons.map((p) => [p.id, p.sex] as const)))
  const pairings = new Map(ctx.problem.victims.map((v) => [v.id, missing.filter((m) => ignoreSex || sexOf.get(m) === v.sex)]))
  return { victims: ctx.problem.victims.map((v) => v.id), missing, pairings, identified: new Map() }
}

/**
 * dvir's pairwiseLR: the LR of every pairing given the identified victims, and the pairings left once those
 * with LR 0 are dropped (`limit` 0, dvir's default).
 */
export function pairwiseMatrix (ctx: DviContext, state: SolveState): { matrix: LrMatrix, pairings: Map<string, string[]> } {
  const col = new Map(state.missing.map((m, j) => [m, j]))
  const ln = state.victims.map(() => state.missing.map((): number | null => null))
  const pairings = new Map<string, string[]>()
  state.victims.forEach((v, i) => {
    const kept: string[] = []
    for (const m of state.pairings.get(v) ?? []) {
      const j = col.get(m)
      if (j === undefined) continue
      const value = lnConditionalLr(ctx, m, v, state.identified)
      ln[i][j] = value
      if (value > -Infinity) kept.push(m)
    }
    pairings.set(v, kept)
  })
  return { matrix: { victims: state.victims, missing: state.missing, ln }, pairings }
}

/**
 * The state without some victims and slots (dvir's subsetDVI): pairings to removed slots dropped, and a
 * victim left with no pairing removed too (returned, so the caller can report it).
 */
export function subsetState (state: SolveState, keepVictims: readonly string[], keepMissing: readonly string[], identified = state.identified): { state: SolveState, unpaired: string[] } {
  const missing = state.missing.filter((m) => keepMissing.includes(m))
  const pairings = new Map<string, string[]>()
  const unpaired: string[] = []
  const victims: string[] = []
  for (const v of state.victims) {
    if (!keepVictims.includes(v)) continue
    const left = (state.pairings.get(v) ?? []).filter((m) => missing.includes(m))
    if (left.length === 0) { unpaired.push(v); continue }
    victims.push(v)
    pairings.set(v, left)
  }
  return { state: { victims, missing, pairings, identified }, unpaired }
}

/** dvir's dviEqual: same victims, slots, identified profiles and pairing sets. */
export function sameState (a: SolveState, b: SolveState): boolean {
  const sameList = (x: readonly string[], y: readonly string[]): boolean => x.length === y.length && x.every((v, i) => v === y[i])
  const sameSet = (x: readonly string[], y: readonly string[]): boolean => x.length === y.length && x.every((v) => y.includes(v))
  if (!sameList(a.victims, b.victims) || !sameList(a.missing, b.missing) || a.identified.size !== b.identified.size) return false
  for (const [slot, v] of a.identified) if (b.identified.get(slot) !== v) return false
  return a.victims.every((v) => sameSet(a.pairings.get(v) ?? [], b.pairings.get(v) ?? []))
}

/** The pairwise LR of one pair in a matrix, or null when it is not a pairing there. */
export function lnAt (matrix: LrMatrix | null, victim: string, slot: string): number | null {
  if (matrix === null) return null
  const i = matrix.victims.indexOf(victim)
  const j = matrix.missing.indexOf(slot)
  return i < 0 || j < 0 ? null : matrix.ln[i][j]
}

/** A slot's column of a matrix (null entries where not paired). */
export function column (matrix: LrMatrix | null, slot: string): Array<number | null> {
  if (matrix === null) return []
  const j = matrix.missing.indexOf(slot)
  return j < 0 ? [] : matrix.ln.map((r) => r[j])
}
