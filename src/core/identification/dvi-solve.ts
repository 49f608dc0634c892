import { complexFamily } from './complex-family.ts'
import { createDviContext, type DviContext } from './dvi-context.ts'
import type { DviProblem } from './dvi-problem.ts'
import { excludeIncompatible, findUndisputed, nonidentifiable, type ExclusionMatrix } from './dvi-reductions.ts'
import { column, initialState, sameState, subsetState, type LrMatrix } from './dvi-state.ts'
import { formatLr, row, safeMax, summaryBy, type DviRow } from './dvi-summary.ts'
import type { JointTable } from './joint-table.ts'

/** dvir's dviSolve parameters, with its defaults. */
export interface DviSolveOptions {
  /** LR of a significant match (undisputed, GLR). Default 1e4. */
  threshold?: number
  /** LR of a probable match. Default max(1, threshold / 10). */
  threshold2?: number
  /** A pairing with more incompatible loci (without mutation) than this is excluded. Default 2. */
  maxIncomp?: number
  ignoreSex?: boolean
  /** findUndisputed's `strict`: competitors must be at most 1 rather than at most LR / threshold. Default false. */
  strict?: boolean
  /** A family with more joint assignments than this is skipped. Default 1e5. */
  maxAssign?: number
}

/** dvir's AM table (one row per missing person) and PM table (one per victim), with what led to them. */
export interface DviSolveResult {
  am: DviRow[]
  pm: DviRow[]
  /** The first pairwise matrix (before any identification) and the first exclusion matrix. */
  lrMatrix: LrMatrix | null
  exclusionMatrix: ExclusionMatrix
  jointTables: Record<string, JointTable>
  /** Families whose joint table exceeded maxAssign. */
  skipped: string[]
}

/**
 * dvir's dviSolve, step for step: nonidentifiable slots; then, until nothing changes, exclusions and
 * undisputed matches (an identified victim's profile joins its family); then each family with one open
 * slot by its pairwise LRs (Probable, Disputed, Inconclusive, No match at threshold2), each family with
 * several by its joint table (Match (GLR), Symmetric match, Inconclusive), and the victims left by their
 * best LR (PM-driven). LRs are exact (this engine); the rules and words are dvir's.
 *
 * @example dviSolve(readDviReference(fire)).am.map((r) => r.conclusion) // ['Match (GLR)', 'Symmetric match', 'Symmetric match']
 */
export function dviSolve (problem: DviProblem, options: DviSolveOptions = {}, ctx: DviContext = createDviContext(problem)): DviSolveResult {
  const threshold = options.threshold ?? 1e4
  const threshold2 = options.threshold2 ?? Math.max(1, threshold / 10)
  const maxIncomp = options.maxIncomp ?? 2
  const amRows: DviRow[] = []
  const pmRows: DviRow[] = []
  let state = initialState(ctx, options.ignoreSex ?? false)
  const non = nonidentifiable(problem.families)
  amRows.push(...non)
  // dvir reduces only when some slot is nonidentifiable, and then drops victims left with no pairing (no row for them).
  if (non.length > 0) state = subsetState(state, state.victims, state.missing.filter((m) => !non.some((r) => r.missing === m))).state
  let firstExclusion: ExclusionMatrix | null = null
  let firstLr: LrMatrix | null = null
  let lrMatrix: LrMatrix | null = null
  for (let iter = 1; ; iter++) {
    const excl = excludeIncompatible(ctx, state, maxIncomp)
    firstExclusion ??= excl.matrix
    if (sameState(excl.state, state)) {
      if (iter > 1) break
    } else {
      amRows.push(...excl.am)
      pmRows.push(...excl.pm)
      state = excl.state
    }
    const und = findUndisputed(ctx, state, threshold, options.strict ?? false)
    if (iter === 1) firstLr = und.firstMatrix
    lrMatrix = und.matrix
    if (sameState(und.state, state)) break
    amRows.push(...und.rows)
    pmRows.push(...und.rows)
    state = und.state
  }
  const familyIds = problem.families.map((f) => f.id).filter((id) => state.missing.some((m) => ctx.familyOfSlot.get(m)!.id === id))
  const open = (id: string): string[] => state.missing.filter((m) => ctx.familyOfSlot.get(m)!.id === id)
  for (const id of familyIds.filter((f) => open(f).length === 1)) amRows.push(simpleFamily(id, open(id)[0], lrMatrix, threshold2))
  const jointTables: Record<string, JointTable> = {}
  const skipped: string[] = []
  for (const id of familyIds.filter((f) => open(f).length > 1)) {
    const r = complexFamily(ctx, id, state, lrMatrix, threshold, options.maxAssign ?? 1e5)
    if (r === null) { skipped.push(id); continue }
    amRows.push(...r.am)
    pmRows.push(...r.pm)
    if (r.joint !== null) jointTables[id] = r.joint
    const keep = state.victims.filter((v) => !r.concluded.includes(v))
    state = { ...state, victims: keep, missing: state.missing.filter((m) => ctx.familyOfSlot.get(m)!.id !== id) }
  }
  for (const v of state.victims) pmRows.push(pmDriven(ctx, v, lrMatrix, threshold2))
  const allMissing = problem.families.flatMap((f) => f.missing)
  return {
    am: summaryBy(amRows, allMissing, 'missing', (m) => ({ family: ctx.familyOfSlot.get(m)!.id })),
    pm: summaryBy(pmRows, problem.victims.map((v) => v.id), 'sample', () => ({})),
    lrMatrix: firstLr,
    exclusionMatrix: firstExclusion!,
    jointTables,
    skipped
  }
}

/**
 * "LR ≥ 1" with dvir's own tolerance for its thresholds (sqrt of machine epsilon): an LR of exactly 1 (a slot
 * the victim's data say nothing about) comes out of the arithmetic as 1 ± 1e-16, and must not flip between
 * Inconclusive and No match on rounding.
 */
const LN_ONE = Math.log(1 - Math.sqrt(Number.EPSILON))

/** dvir's .simpleFamDVI: the slot's best victim by pairwise LR, judged at threshold2. */
function simpleFamily (familyId: string, slot: string, matrix: LrMatrix | null, threshold2: number): DviRow {
  const lrs = column(matrix, slot)
  const best = safeMax(lrs)
  if (best === null) return row({ family: familyId, missing: slot, conclusion: 'No match', comment: 'No remaining pairings' })
  const victims = matrix!.victims
  const bestIdx = lrs.indexOf(best)
  const lnT2 = Math.log(threshold2)
  const high = lrs.flatMap((x, i) => x !== null && x > lnT2 ? [i] : [])
  const others = lrs.flatMap((x, i) => x !== null && i !== bestIdx ? [i] : [])
  const base = { family: familyId, missing: slot, sample: victims[bestIdx], lnLr: best }
  if (high.length > 1) {
    return row({ ...base, conclusion: 'Disputed', comment: `Also: ${high.filter((i) => i !== bestIdx).map((i) => `${victims[i]} (LR=${formatLr(lrs[i]!)})`).join(', ')}` })
  }
  if (high.length === 1) {
    const runner = others.length === 0 ? null : others.reduce((a, i) => lrs[i]! > lrs[a]! ? i : a)
    return row({ ...base, conclusion: 'Probable', comment: `Runner-up: ${runner === null ? '-' : `${victims[runner]} (LR=${formatLr(lrs[runner]!)})`}` })
  }
  if (best >= LN_ONE) return row({ ...base, conclusion: 'Inconclusive', comment: `Best: ${victims[bestIdx]}` })
  return row({ ...base, conclusion: 'No match' })
}

/** dvir's .pmDrivenDVI for one victim left over: its best slot by pairwise LR, at threshold2 (≥, as dvir). */
function pmDriven (ctx: DviContext, victim: string, matrix: LrMatrix | null, threshold2: number): DviRow {
  const i = matrix === null ? -1 : matrix.victims.indexOf(victim)
  const lrs = i < 0 ? [] : matrix!.ln[i]
  const best = safeMax(lrs)
  if (best === null) return row({ sample: victim, conclusion: 'No match', comment: 'No remaining pairings' })
  const slots = matrix!.missing
  const bestIdx = lrs.indexOf(best)
  const lnT2 = Math.log(threshold2 - Number.EPSILON)
  const high = lrs.flatMap((x, j) => x !== null && x >= lnT2 ? [j] : [])
  const others = lrs.flatMap((x, j) => x !== null && j !== bestIdx ? [j] : [])
  const named = { sample: victim, lnLr: best, family: ctx.familyOfSlot.get(slots[bestIdx])!.id, missing: slots[bestIdx] }
  if (high.length > 1) {
    return row({ ...named, conclusion: 'Disputed', comment: `Also: ${high.filter((j) => j !== bestIdx).map((j) => `${slots[j]} (LR=${formatLr(lrs[j]!)})`).join(', ')}` })
  }
  if (high.length === 1) {
    const runner = others.length === 0 ? null : others.reduce((a, j) => lrs[j]! > lrs[a]! ? j : a)
    return row({ ...named, conclusion: 'Probable', comment: `Runner-up: ${runner === null ? '-' : `${slots[runner]} (LR=${formatLr(lrs[runner]!)})`}` })
  }
  if (best >= LN_ONE) return row({ sample: victim, lnLr: best, conclusion: 'Inconclusive', comment: `Best: ${slots[bestIdx]}` })
  return row({ sample: victim, lnLr: best, conclusion: 'No match' })
}
