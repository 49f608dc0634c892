import { setTimeout as sleep } from 'node:timers/promises'
import { fail } from '../core/errors.ts'
import type { Database } from '../storage/database.ts'
import { createCaseRepository, type CaseRecord } from '../storage/case-repository.ts'
import { createPersonRepository, type PersonRecord } from '../storage/person-repository.ts'
import { createResultRepository, pairKey } from '../storage/result-repository.ts'
import { createRerunRepository, type PlannedPair, type Rerun } from '../storage/rerun-repository.ts'
import { createSearchMarkRepository, type PlannedSearch } from '../storage/search-mark-repository.ts'
import type { ComputedResult, MatchService } from './match-service.ts'
import { rankingDiff, type RankingDiff } from './ranking-diff.ts'

export interface RerunProgress extends Rerun {
  remaining: number
  /** Pairs per second in this process's current run of it (null before the first batch). */
  rate: number | null
  etaSeconds: number | null
}

export interface RunOptions {
  /** Asked between batches: true leaves the rerun 'running' so it can be resumed (used on shutdown). */
  shouldStop?: () => boolean
  onProgress?: (p: RerunProgress) => void
  batchSize?: number
  /** Pause between batches (ms), to leave the CPU to a running server. */
  pauseMs?: number
}

/**
 * Batch reruns: plan the pairs whose inputs changed (or all), compute them through the runner in
 * batches, and commit each batch's results together with the pairs' completion and the done counter in
 * one transaction. A crash loses at most the batch in flight, which a resume computes again: no pair is
 * lost or counted twice. Cancellation is a status in the database, so it also stops a run in another
 * process (the CLI).
 */
export function createRerunService (deps: { db: Database, match: MatchService }) {
  const { db, match } = deps
  const reruns = createRerunRepository(db)
  const cases = createCaseRepository(db)
  const persons = createPersonRepository(db)
  const results = createResultRepository(db)
  const marks = createSearchMarkRepository(db)
  const sessions = new Map<number, { startedAt: number, done: number }>()
  /** Told when a rerun of this process is done (family power then sweeps for values of another model or table). */
  const finished: Array<(rerunId: number) => void> = []

  function progress (r: Rerun): RerunProgress {
    const s = sessions.get(r.id)
    const remaining = r.total - r.done
    let rate: number | null = null
    if (s !== undefined && s.done > 0) rate = s.done / Math.max(1e-3, (Date.now() - s.startedAt) / 1000)
    return { ...r, remaining, rate, etaSeconds: rate === null || rate === 0 ? null : remaining / rate }
  }

  const commitBatch = db.transaction((rerunId: number, computed: readonly ComputedResult[], skipped: ReadonlyArray<{ caseId: string, personId: string }>): number => {
    let counted = 0
    for (const r of computed) {
      if (!reruns.completePair(rerunId, r.caseId, r.personId)) continue
      counted++
      if (match.isFresh(r)) {
        const { caseHash: _c, personHash: _p, ...result } = r
        match.recorder.save(result, { kind: 'rerun', rerunId })
      }
    }
    for (const s of skipped) if (reruns.completePair(rerunId, s.caseId, s.personId)) counted++
    reruns.addDone(rerunId, counted)
    return counted
  })

  /** Done: its searches are marked in the same transaction, so a crash leaves either both or neither. */
  const finishDone = db.transaction((id: number): void => {
    marks.completeRerun(id)
    reruns.finish(id, 'done')
  })

  return {
    finished,
    get: (id: number): RerunProgress => progress(reruns.require(id)),
    list: (): RerunProgress[] => reruns.list().map(progress),

    /**
     * Plans a rerun. 'changed': every open case and person whose search mark is missing or stale (its
     * inputs, its table or model, or the floor changed) is searched again against the whole other side
     * through the screen; 'all': every open case is (which covers every pair). Either way, stored results
     * computed from other inputs than today's are recomputed too. The searches are marked when it is done.
     */
    async plan (options: { reason?: string, scope?: 'changed' | 'all', record?: (planned: { id: number, total: number }) => void } = {}): Promise<RerunProgress> {
      const scope = options.scope ?? 'changed'
      const openCases = new Map(cases.openIds().map((id) => cases.get(id)).filter((c): c is CaseRecord => c !== undefined).map((c) => [c.id, c]))
      const openPersons = new Map(persons.listOpen().map((p) => [p.id, p]))
      const caseMarks = marks.keys('case')
      const personMarks = marks.keys('person')
      const searches: PlannedSearch[] = []
      const wanted = new Map<string, { caseId: string, personId: string }>()
      const want = (caseId: string, personId: string): void => { wanted.set(pairKey(caseId, personId), { caseId, personId }) }
      for (const c of openCases.values()) {
        const key = match.caseSearchKey(c)
        if (scope === 'changed' && caseMarks.get(c.id) === key) continue
        searches.push({ side: 'case', id: c.id, key })
        for (const personId of await match.screen.personsForCase(c)) want(c.id, personId)
      }
      for (const p of openPersons.values()) {
        const key = match.personSearchKey(p)
        if (scope === 'changed' && personMarks.get(p.id) === key) continue
        searches.push({ side: 'person', id: p.id, key })
        // With scope 'all' every case was just searched against everyone: nothing left to screen.
        if (scope === 'changed') for (const caseId of await match.screen.casesForPerson(p)) want(caseId, p.id)
      }
      for (const [key, hash] of results.inputHashes()) {
        const [caseId, personId] = key.split('\u0000')
        const c = openCases.get(caseId)
        const p = openPersons.get(personId)
        if (c !== undefined && p !== undefined && hash !== match.currentPairHash(c, p)) want(caseId, personId)
      }
      const pairs: PlannedPair[] = [...wanted.values()].map(({ caseId, personId }) => {
        const prev = results.get(caseId, personId)
        return { caseId, personId, previousStatus: prev?.status ?? null, previousLog10Lr: prev?.log10Lr ?? null }
      })
      const id = db.transaction(() => {
        const created = reruns.create(options.reason ?? '', scope, pairs)
        marks.plan(created, searches)
        // the caller's audit entry, in the transaction that creates the rerun
        options.record?.({ id: created, total: pairs.length })
        return created
      })()
      return progress(reruns.require(id))
    },

    /** Runs (or resumes) a rerun until done, cancelled, or asked to stop. */
    async run (id: number, options: RunOptions = {}): Promise<RerunProgress> {
      const r = reruns.require(id)
      if (r.status === 'done' || r.status === 'failed') return progress(r)
      reruns.markRunning(id)
      const session = { startedAt: Date.now(), done: 0 }
      sessions.set(id, session)
      const batchSize = options.batchSize ?? 256
      try {
        for (;;) {
          if (reruns.require(id).status === 'cancelled') break
          if (options.shouldStop?.() === true) break
          const pending = reruns.pendingPairs(id, batchSize)
          if (pending.length === 0) {
            finishDone(id)
            for (const listener of finished) listener(id)
            break
          }
          const caseCache = new Map<string, CaseRecord | undefined>()
          const personCache = new Map<string, PersonRecord | undefined>()
          const work: Array<{ c: CaseRecord, p: PersonRecord }> = []
          const skipped: Array<{ caseId: string, personId: string }> = []
          for (const { caseId, personId } of pending) {
            if (!caseCache.has(caseId)) caseCache.set(caseId, cases.get(caseId))
            if (!personCache.has(personId)) personCache.set(personId, persons.get(personId))
            const c = caseCache.get(caseId)
            const p = personCache.get(personId)
            // Deleted or closed since planning: nothing to score; the pair still counts as done.
            if (c === undefined || p === undefined || c.status !== 'open' || p.status !== 'open') skipped.push({ caseId, personId })
            else work.push({ c, p })
          }
          const computed = await match.compute(work, id)
          session.done += commitBatch(id, computed, skipped)
          options.onProgress?.(progress(reruns.require(id)))
          if (options.pauseMs !== undefined && options.pauseMs > 0) await sleep(options.pauseMs)
        }
      } catch (err) {
        reruns.finish(id, 'failed', err instanceof Error ? err.message : String(err))
        throw err
      }
      return progress(reruns.require(id))
    },

    cancel (id: number): RerunProgress {
      const r = reruns.require(id)
      if (r.status === 'done' || r.status === 'failed') fail('CONFLICT', `rerun ${id} is ${r.status} and cannot be cancelled`, { value: String(id) })
      reruns.setStatus(id, 'cancelled')
      return progress(reruns.require(id))
    },

    /** What changed in each ranked list the rerun touched: new candidates, dropped ones, rank moves. */
    diff (id: number, options: { top?: number, minLog10Lr?: number } = {}): RankingDiff {
      reruns.require(id)
      return rankingDiff(reruns.allPairs(id), results, { top: options.top ?? 10, minLog10Lr: options.minLog10Lr ?? 3 })
    }
  }
}

export type RerunService = ReturnType<typeof createRerunService>
