import type { DviContext } from './dvi-context.ts'
import { column, lnAt, subsetState, type LrMatrix, type SolveState } from './dvi-state.ts'
import { row, safeMax, summaryBy, type DviRow } from './dvi-summary.ts'
import { jointTable, type JointTable } from './joint-table.ts'

/** What the joint analysis of one family with several open slots concludes (dvir's .complexFamDVI). */
export interface ComplexFamilyResult {
  am: DviRow[]
  pm: DviRow[]
  joint: JointTable | null
  /** Victims concluded here, taken out before the PM-driven step. */
  concluded: string[]
}

const EPS = Math.sqrt(Number.EPSILON)

/**
 * The joint table of the family's open slots against every victim paired with one of them, then dvir's GLR:
 * for victim v and slot m, GLR = (best assignment with v = m) / (best with v ≠ m) when m is v's slot in the
 * best assignment, else (best with v = m) / (the best overall). A GLR ≥ threshold is "Match (GLR)"; what
 * remains is tried for a symmetric match; every other slot is "Inconclusive" with its largest GLR and LR.
 * A family with more than `maxAssign` assignments is skipped (no conclusion), as dvir does.
 */
export function complexFamily (ctx: DviContext, familyId: string, state: SolveState, matrix: LrMatrix | null, threshold: number, maxAssign: number): ComplexFamilyResult | null {
  const slots = state.missing.filter((m) => ctx.familyOfSlot.get(m)!.id === familyId)
  const sub = subsetState(state, state.victims, slots).state
  const joint = jointTable(ctx, familyId, sub.victims, sub.pairings, state.identified, maxAssign)
  if (joint === null) return null
  const { rows } = joint
  // The GLR matrix: victims × slots, ln, null where undefined.
  const glr = sub.victims.map((_, i) => {
    const a = rows.map((r) => r.slots[i])
    if (new Set(a).size < 2) return slots.map(() => null)
    return slots.map((m) => {
      const num = a.indexOf(m)
      if (num < 0) return null
      const den = num === 0 ? a.findIndex((x) => x !== a[0]) : 0
      return rows[num].lnLr - rows[den].lnLr
    })
  })
  const lnT = Math.log(threshold - EPS)
  const am: DviRow[] = []
  const pm: DviRow[] = []
  const found: Array<[string, string]> = []
  for (let j = 0; j < slots.length; j++) {
    for (let i = 0; i < sub.victims.length; i++) {
      const g = glr[i][j]
      if (g === null || !(g >= lnT)) continue
      const v = sub.victims[i]
      found.push([v, slots[j]])
      // dvir indexes its global LR matrix by the GLR matrix's positions here; the pair's own LR is meant.
      const r = row({ family: familyId, missing: slots[j], sample: v, lnLr: lnAt(matrix, v, slots[j]), lnGlr: g, conclusion: 'Match (GLR)', comment: `Joint: {${slots.join(',')}}` })
      am.push(r)
      pm.push(r)
    }
  }
  const identified = new Map(state.identified)
  for (const [v, m] of found) identified.set(m, v)
  const rest = subsetState(sub, sub.victims.filter((v) => !found.some(([f]) => f === v)), slots.filter((m) => !found.some(([, s]) => s === m)), identified).state
  const symmetric = symmetricMatch(familyId, rest, joint, matrix, threshold)
  am.push(...symmetric.am)
  pm.push(...symmetric.pm)
  const summary = summaryBy(am, slots, 'missing', () => ({ family: familyId })).map((r) => {
    if (r.lnGlr !== null) return r
    const j = slots.indexOf(r.missing!)
    return { ...r, lnGlr: safeMax(glr.map((g) => g[j])), conclusion: 'Inconclusive' as const, lnLr: safeMax(column(matrix, r.missing!)) }
  })
  return { am: summary, pm, joint, concluded: pm.map((r) => r.sample!).flatMap((s) => s.split('/')) }
}

/**
 * dvir's symmetricGLR on what the GLR step left: when the two best assignments differ only by one victim
 * between two slots, or by two victims swapped between two slots, and the best assignment that breaks the
 * pattern is at least `threshold` times less likely, the slots cannot be told apart but the victims are
 * theirs: "Symmetric match".
 */
function symmetricMatch (familyId: string, rest: SolveState, joint: JointTable, matrix: LrMatrix | null, threshold: number): { am: DviRow[], pm: DviRow[] } {
  const none = { am: [], pm: [] }
  const { victims, missing } = rest
  if (victims.length * missing.length <= 1 || joint.rows.length < 3) return none
  const col = victims.map((v) => joint.victims.indexOf(v))
  const r1 = col.map((c) => joint.rows[0].slots[c])
  const r2 = col.map((c) => joint.rows[1].slots[c])
  const diffs = victims.map((_, k) => r1[k] !== r2[k])
  const nd = diffs.filter(Boolean).length
  if (nd > 2 || diffs.some((d, k) => d && (r1[k] === null || r2[k] === null))) return none
  const lnT = Math.log(threshold)
  const equal = (lns: Array<number | null>): boolean => lns.every((x) => x !== null) && Math.max(...lns.map((x) => Math.exp(x!))) - Math.min(...lns.map((x) => Math.exp(x!))) < 1e-3
  if (nd === 1) {
    const k = diffs.indexOf(true)
    const vic = victims[k]
    const slots = missing.filter((m) => m === r1[k] || m === r2[k])
    const end = joint.rows.findIndex((r) => !slots.includes(r.slots[col[k]] ?? ''))
    if (end < 0) return none
    const g = joint.rows[0].lnLr - joint.rows[end].lnLr
    if (!(g >= lnT)) return none
    const lrs = slots.map((m) => lnAt(matrix, vic, m))
    return {
      am: slots.map((m, s) => row({ family: familyId, missing: m, sample: vic, lnLr: lrs[s], lnGlr: g, conclusion: 'Symmetric match', comment: `${vic} also matches ${slots.filter((x) => x !== m).join(', ')}` })),
      pm: [row({ sample: vic, family: familyId, missing: slots.join('/'), lnLr: equal(lrs) ? lrs[0] : null, lnGlr: g, conclusion: 'Symmetric match', comment: `${slots.join(' and ')} cannot be told apart` })]
    }
  }
  const ks = diffs.flatMap((d, k) => d ? [k] : [])
  if (nd !== 2 || !(r1[ks[0]] === r2[ks[1]] && r1[ks[1]] === r2[ks[0]])) return none
  const vics = ks.map((k) => victims[k])
  const slots = missing.filter((m) => m === r1[ks[0]] || m === r1[ks[1]])
  const end = joint.rows.findIndex((r) => !(slots.includes(r.slots[col[ks[0]]] ?? '') && slots.includes(r.slots[col[ks[1]]] ?? '')))
  if (end < 0) return none
  const g = joint.rows[0].lnLr - joint.rows[end].lnLr
  if (!(g >= lnT)) return none
  const sample = vics.join('/')
  const text = `{${slots.join(', ')}} = {${vics.join(', ')}}`
  return {
    am: slots.map((m) => {
      const lrs = vics.map((v) => lnAt(matrix, v, m))
      return row({ family: familyId, missing: m, sample, lnLr: equal(lrs) ? lrs[0] : null, lnGlr: g, conclusion: 'Symmetric match', comment: `Symmetric: ${text}` })
    }),
    pm: vics.map((v) => {
      const lrs = slots.map((m) => lnAt(matrix, v, m))
      return row({ sample: v, family: familyId, missing: slots.join('/'), lnLr: equal(lrs) ? lrs[0] : null, lnGlr: g, conclusion: 'Symmetric match', comment: `Symmetric: {${vics.join(', ')}} = {${slots.join(', ')}}` })
    })
  }
}
