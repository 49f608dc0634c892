import type { PlannedPair } from '../storage/rerun-repository.ts'
import type { MatchResult, ResultRepository } from '../storage/result-repository.ts'

export interface ListChange {
  /** The case (for a case's list) or person (for a person's list) whose list changed. */
  id: string
  added: Array<{ id: string, rank: number, log10Lr: number }>
  dropped: Array<{ id: string, previousRank: number, previousLog10Lr: number }>
  moved: Array<{ id: string, from: number, to: number, log10Lr: number }>
}

export interface RankingDiff {
  /** A list is the top `top` entries with log10 LR at least `minLog10Lr`. */
  top: number
  minLog10Lr: number
  cases: ListChange[]
  persons: ListChange[]
}

type Entry = { other: string, log10Lr: number }

const MAX_LIST = 10_000

function ranked (entries: Entry[], top: number, minLog10Lr: number): Entry[] {
  return entries.filter((e) => e.log10Lr >= minLog10Lr)
    .sort((a, b) => b.log10Lr - a.log10Lr || (a.other < b.other ? -1 : 1))
    .slice(0, top)
}

function compare (id: string, before: Entry[], after: Entry[]): ListChange | undefined {
  const was = new Map(before.map((e, i) => [e.other, i + 1]))
  const now = new Map(after.map((e, i) => [e.other, i + 1]))
  const change: ListChange = { id, added: [], dropped: [], moved: [] }
  after.forEach((e, i) => {
    const from = was.get(e.other)
    if (from === undefined) change.added.push({ id: e.other, rank: i + 1, log10Lr: e.log10Lr })
    else if (from !== i + 1) change.moved.push({ id: e.other, from, to: i + 1, log10Lr: e.log10Lr })
  })
  before.forEach((e, i) => { if (!now.has(e.other)) change.dropped.push({ id: e.other, previousRank: i + 1, previousLog10Lr: e.log10Lr }) })
  return change.added.length + change.dropped.length + change.moved.length === 0 ? undefined : change
}

/**
 * The lists before a rerun are today's stored results with the rerun's pairs put back to their previous
 * values (kept when the rerun was planned); the lists after are today's results.
 */
export function rankingDiff (pairs: readonly PlannedPair[], results: ResultRepository, options: { top: number, minLog10Lr: number }): RankingDiff {
  const diff: RankingDiff = { top: options.top, minLog10Lr: options.minLog10Lr, cases: [], persons: [] }
  for (const side of ['case', 'person'] as const) {
    const previous = new Map<string, Map<string, number | null>>()
    for (const p of pairs) {
      const [own, other] = side === 'case' ? [p.caseId, p.personId] : [p.personId, p.caseId]
      let m = previous.get(own)
      if (m === undefined) previous.set(own, (m = new Map()))
      m.set(other, p.previousStatus === 'scored' ? p.previousLog10Lr : null)
    }
    for (const [own, prev] of previous) {
      const current: MatchResult[] = side === 'case' ? results.rankedForCase(own, MAX_LIST) : results.rankedForPerson(own, MAX_LIST)
      const after: Entry[] = []
      const before: Entry[] = []
      for (const r of current) {
        const other = side === 'case' ? r.personId : r.caseId
        if (r.status === 'scored' && r.log10Lr !== null) after.push({ other, log10Lr: r.log10Lr })
        if (!prev.has(other) && r.status === 'scored' && r.log10Lr !== null) before.push({ other, log10Lr: r.log10Lr })
      }
      for (const [other, lr] of prev) if (lr !== null && lr !== undefined) before.push({ other, log10Lr: lr })
      const change = compare(own, ranked(before, options.top, options.minLog10Lr), ranked(after, options.top, options.minLog10Lr))
      if (change !== undefined) (side === 'case' ? diff.cases : diff.persons).push(change)
    }
  }
  return diff
}

/** What a reader may see of a diff: cases and persons on their own, and pairs (see src/storage/unit-scope.ts). */
export interface DiffVisibility {
  caseVisible: (caseId: string) => boolean
  personVisible: (personId: string) => boolean
  pairVisible: (caseId: string, personId: string) => boolean
}

/**
 * The part of a diff a reader of one unit may see (issue 16): the lists of their own cases and persons,
 * and in each only the entries whose pair they may read, so a rerun does not name another unit's records
 * that were never their candidates. Lists left without an entry are dropped.
 */
export function diffWithin (diff: RankingDiff, v: DiffVisibility): RankingDiff {
  const keep = (change: ListChange, side: 'case' | 'person'): ListChange | undefined => {
    const pair = (other: string): boolean => side === 'case' ? v.pairVisible(change.id, other) : v.pairVisible(other, change.id)
    const kept: ListChange = {
      id: change.id,
      added: change.added.filter((e) => pair(e.id)),
      dropped: change.dropped.filter((e) => pair(e.id)),
      moved: change.moved.filter((e) => pair(e.id))
    }
    return kept.added.length + kept.dropped.length + kept.moved.length === 0 ? undefined : kept
  }
  return {
    ...diff,
    cases: diff.cases.filter((c) => v.caseVisible(c.id)).map((c) => keep(c, 'case')).filter((c): c is ListChange => c !== undefined),
    persons: diff.persons.filter((p) => v.personVisible(p.id)).map((p) => keep(p, 'person')).filter((p): p is ListChange => p !== undefined)
  }
}
