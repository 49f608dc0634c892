import { createDviContext, exclusionCount, lnConditionalLr } from './dvi-context.ts'
import type { DviProblem } from './dvi-problem.ts'
import { jointComponents, type ComponentResult } from './joint-components.ts'
import { dviSolve, type DviSolveOptions } from './dvi-solve.ts'
import type { DviRow } from './dvi-summary.ts'

const log10 = (ln: number | null): number | null => ln === null || ln === -Infinity ? null : ln / Math.LN10

/** The whole identification as one JSON-ready object (what `homeward dvi --json` prints). */
export interface DviReport {
  pairwise: {
    victims: string[]
    missing: string[]
    /** log10 LR of every victim × slot, sex ignored; null for an exclusion (LR 0). */
    log10Lr: Array<Array<number | null>>
    /** Loci incompatible without mutation, per pair (dvir's exclusion matrix, sex ignored). */
    incompatibleLoci: number[][]
  }
  /** One per missing person, dvir's AM table. */
  missing: Array<{ missing: string, family: string, victim: string | null, log10Lr: number | null, log10Glr: number | null, conclusion: string | null, comment: string | null }>
  /** One per victim, dvir's PM table. */
  victims: Array<{ victim: string, missing: string | null, family: string | null, log10Lr: number | null, log10Glr: number | null, conclusion: string | null, comment: string | null }>
  undisputed: Array<{ victim: string, missing: string, log10Lr: number | null, step: string }>
  /** Families dvir's rule skipped: more joint assignments than maxAssign. */
  skippedFamilies: string[]
  /** The joint analysis of each connected component (null: too many assignments to tabulate a family). */
  components: Array<{
    victims: string[]
    missing: string[]
    families: string[]
    assignments: number | null
    best: Array<{ assignment: Record<string, string>, log10Lr: number | null, log10LrBelowBest: number | null }>
    posterior: { byVictim: Record<string, Record<string, number>>, bySlot: Record<string, Record<string, number>> } | null
  } | null>
}

/**
 * Solves the problem as dvir's dviSolve (thresholds as options, dvir's defaults), and adds the pairwise matrix
 * over every pair (sex ignored), the undisputed matches and the joint analysis of every component.
 *
 * @example dviReport(readDviReference(fire)).missing[1] // { missing: 'M2', victim: 'V2/V3', conclusion: 'Symmetric match', ... }
 */
export function dviReport (problem: DviProblem, options: DviSolveOptions = {}): DviReport {
  const ctx = createDviContext(problem)
  const victims = problem.victims.map((v) => v.id)
  const missing = problem.families.flatMap((f) => f.missing)
  const none = new Map<string, string>()
  const solved = dviSolve(problem, options, ctx)
  const components = jointComponents(ctx, { maxIncomp: options.maxIncomp, ignoreSex: options.ignoreSex, maxAssign: options.maxAssign })
  return {
    pairwise: {
      victims,
      missing,
      log10Lr: victims.map((v) => missing.map((m) => log10(lnConditionalLr(ctx, m, v, none)))),
      incompatibleLoci: victims.map((v) => missing.map((m) => exclusionCount(ctx, m, v, none)))
    },
    missing: solved.am.map((r) => ({ missing: r.missing!, family: r.family!, victim: r.sample, ...numbers(r), conclusion: r.conclusion, comment: r.comment })),
    victims: solved.pm.map((r) => ({ victim: r.sample!, missing: r.missing, family: r.family, ...numbers(r), conclusion: r.conclusion, comment: r.comment })),
    undisputed: solved.am.filter((r) => r.conclusion === 'Undisputed').map((r) => ({ victim: r.sample!, missing: r.missing!, log10Lr: log10(r.lnLr), step: r.comment! })),
    skippedFamilies: solved.skipped,
    components: components.map((c) => c === null ? null : component(c))
  }
}

function numbers (r: DviRow): { log10Lr: number | null, log10Glr: number | null } {
  return { log10Lr: log10(r.lnLr), log10Glr: log10(r.lnGlr) }
}

function component (c: ComponentResult): NonNullable<DviReport['components'][number]> {
  const top = c.best[0]?.lnLr ?? 0
  return {
    victims: c.victims,
    missing: c.missing,
    families: c.families,
    assignments: c.assignments,
    best: c.best.map((a) => ({ assignment: a.slots, log10Lr: log10(a.lnLr), log10LrBelowBest: Number.isFinite(top - a.lnLr) ? (top - a.lnLr) / Math.LN10 : null })),
    posterior: c.posterior
  }
}
