import type { DviConclusion } from './dvi-summary.ts'
import type { PairLink } from './link-graph.ts'

/** The thresholds conclusions are judged at, as log10 LRs (dvir's threshold and threshold2). */
export interface ConclusionLevels { log10Threshold: number, log10Threshold2: number }

/** The strongest other claim on a slot or a person: another person for the slot, or another slot for the person. */
export interface Competitor { slot: string, person: string, log10Lr: number }

// Stored LRs are sums of per-locus log10 LRs: ~1e-15 of rounding must not flip a conclusion at a threshold.
const TOL = 1e-9

/**
 * dvir's undisputed matches, iterated (findUndisputed): LR ≥ threshold and ≥ threshold × every other LR in the
 * pair's row and column, the unseen ceilings counting as competitors; each found pair leaves the problem, and
 * the rest is searched again. Only slots of families with one open slot: identifying a person in a family with
 * several would change the others' LRs (its profile joins the pedigree), which stored pairwise LRs cannot show.
 *
 * @example undisputedLinks([{slot: 'A', person: 'p', log10Lr: 6, inconsistentLoci: 0}, {slot: 'A', person: 'q', log10Lr: 1.5, inconsistentLoci: 0}], 4, new Map(), new Map(), () => true)
 * // [the A–p link]: 10^6 ≥ 10^4 · 10^1.5
 */
export function undisputedLinks (links: readonly PairLink[], log10Threshold: number, unseenSlot: ReadonlyMap<string, number>, unseenPerson: ReadonlyMap<string, number>, single: (slot: string) => boolean): PairLink[] {
  let rest = [...links]
  const found: PairLink[] = []
  for (;;) {
    const step = rest.filter((l) => {
      if (!single(l.slot) || l.log10Lr < log10Threshold - TOL) return false
      const others = rest.filter((o) => o !== l && (o.slot === l.slot || o.person === l.person)).map((o) => o.log10Lr)
      const ceilings = [unseenSlot.get(l.slot), unseenPerson.get(l.person)].filter((x): x is number => x !== undefined)
      return [...others, ...ceilings].every((c) => l.log10Lr >= c + log10Threshold - TOL)
    })
    if (step.length === 0) return found
    found.push(...step)
    rest = rest.filter((o) => !step.some((s) => s.slot === o.slot || s.person === o.person))
  }
}

/**
 * What is concluded about a slot (or, mirrored, a person) once the best assignment and its GLR are known, in
 * dvir's words: Match (GLR) when the pair's LR and its GLR reach the threshold; Disputed when another claim
 * above threshold2 stands against it; Probable above threshold2; Inconclusive at LR ≥ 1; No match below. A
 * slot left empty by the best assignment (its persons are better placed elsewhere) is Disputed when one of them
 * is above threshold2, else Inconclusive.
 *
 * @example conclude({log10Lr: 5, log10Glr: 0.1, competitor: {slot: 'A', person: 'q', log10Lr: 4.9}}, levels) // 'Disputed'
 */
export function conclude (pair: { log10Lr: number | null, log10Glr: number | null, competitor: Competitor | null }, levels: ConclusionLevels): DviConclusion {
  const { log10Lr, log10Glr, competitor } = pair
  const contested = competitor !== null && competitor.log10Lr > levels.log10Threshold2 + TOL
  if (log10Lr === null) return contested ? 'Disputed' : competitor === null ? 'No match' : 'Inconclusive'
  if (log10Glr !== null && log10Glr >= levels.log10Threshold - TOL && log10Lr >= levels.log10Threshold - TOL) return 'Match (GLR)'
  if (contested) return 'Disputed'
  if (log10Lr > levels.log10Threshold2 + TOL) return 'Probable'
  return log10Lr >= -TOL ? 'Inconclusive' : 'No match'
}

/** The strongest link of a slot or a person other than the given one (null when none). */
export function strongestOther (links: readonly PairLink[], side: 'slot' | 'person', id: string, except: PairLink | null): Competitor | null {
  let best: PairLink | null = null
  for (const l of links) {
    if ((side === 'slot' ? l.slot : l.person) !== id || l === except) continue
    if (except !== null && (side === 'slot' ? l.person === except.person : l.slot === except.slot)) continue
    if (best === null || l.log10Lr > best.log10Lr) best = l
  }
  return best === null ? null : { slot: best.slot, person: best.person, log10Lr: best.log10Lr }
}
