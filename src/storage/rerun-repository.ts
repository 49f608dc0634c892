import { fail } from '../core/errors.ts'
import type { Database } from './database.ts'

export type RerunStatus = 'pending' | 'running' | 'cancelled' | 'done' | 'failed'

export interface Rerun {
  id: number
  status: RerunStatus
  reason: string
  scope: 'changed' | 'all'
  total: number
  done: number
  error?: string
  createdAt: string
  startedAt?: string
  finishedAt?: string
  updatedAt: string
}

export interface PlannedPair {
  caseId: string
  personId: string
  previousStatus: string | null
  previousLog10Lr: number | null
}

interface RerunRow {
  id: number
  status: RerunStatus
  reason: string
  scope: 'changed' | 'all'
  total: number
  done: number
  error: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
  updated_at: string
}

function toRerun (r: RerunRow): Rerun {
  const v: Rerun = { id: r.id, status: r.status, reason: r.reason, scope: r.scope, total: r.total, done: r.done, createdAt: r.created_at, updatedAt: r.updated_at }
  if (r.error !== null) v.error = r.error
  if (r.started_at !== null) v.startedAt = r.started_at
  if (r.finished_at !== null) v.finishedAt = r.finished_at
  return v
}

/** Batch reruns and their planned pairs; a pair's completion is committed with its result (see rerun-service). */
export function createRerunRepository (db: Database) {
  const insertRerun = db.prepare("INSERT INTO reruns (status, reason, scope, total, done, created_at, updated_at) VALUES ('pending', ?, ?, ?, 0, ?, ?)")
  const insertPair = db.prepare('INSERT INTO rerun_pairs (rerun_id, case_id, person_id, previous_status, previous_log10_lr) VALUES (?, ?, ?, ?, ?)')
  const byId = db.prepare('SELECT * FROM reruns WHERE id = ?')
  const list = db.prepare('SELECT * FROM reruns ORDER BY id DESC LIMIT ?')
  const pending = db.prepare('SELECT case_id AS caseId, person_id AS personId FROM rerun_pairs WHERE rerun_id = ? AND done = 0 ORDER BY case_id, person_id LIMIT ?')
  const allPairs = db.prepare('SELECT case_id AS caseId, person_id AS personId, previous_status AS previousStatus, previous_log10_lr AS previousLog10Lr FROM rerun_pairs WHERE rerun_id = ?')
  const pairState = db.prepare('SELECT done FROM rerun_pairs WHERE rerun_id = ? AND case_id = ? AND person_id = ?')
  const markPair = db.prepare('UPDATE rerun_pairs SET done = 1, scored_count = scored_count + 1 WHERE rerun_id = ? AND case_id = ? AND person_id = ?')
  const addDone = db.prepare('UPDATE reruns SET done = done + ?, updated_at = ? WHERE id = ?')
  const setStatus = db.prepare('UPDATE reruns SET status = ?, updated_at = ? WHERE id = ?')
  const start = db.prepare("UPDATE reruns SET status = 'running', started_at = coalesce(started_at, ?), updated_at = ? WHERE id = ?")
  const finish = db.prepare('UPDATE reruns SET status = ?, finished_at = ?, error = ?, updated_at = ? WHERE id = ?')

  const get = (id: number): Rerun | undefined => {
    const row = byId.get(id) as RerunRow | undefined
    return row === undefined ? undefined : toRerun(row)
  }

  return {
    get,
    require: (id: number): Rerun => get(id) ?? fail('NOT_FOUND', `no rerun ${id}`, { value: String(id) }),
    list: (limit = 50): Rerun[] => (list.all(limit) as RerunRow[]).map(toRerun),
    /** Creates a rerun with all its pairs planned, in one transaction. */
    create: db.transaction((reason: string, scope: 'changed' | 'all', pairs: readonly PlannedPair[], now: string = new Date().toISOString()): number => {
      const id = Number(insertRerun.run(reason, scope, pairs.length, now, now).lastInsertRowid)
      for (const p of pairs) insertPair.run(id, p.caseId, p.personId, p.previousStatus, p.previousLog10Lr)
      return id
    }),
    pendingPairs: (id: number, limit: number): Array<{ caseId: string, personId: string }> => pending.all(id, limit) as Array<{ caseId: string, personId: string }>,
    allPairs: (id: number): PlannedPair[] => allPairs.all(id) as PlannedPair[],
    /**
     * Marks a pair done; call inside the transaction that stores its result. Returns false when the pair
     * was already done (another process got there first): the caller must then not store or count it.
     * Every call is counted in scored_count, so a pair committed twice would show.
     */
    completePair: (id: number, caseId: string, personId: string): boolean => {
      const state = pairState.get(id, caseId, personId) as { done: number } | undefined
      if (state === undefined) fail('NOT_FOUND', `rerun ${id} has no pair ${caseId}/${personId}`)
      markPair.run(id, caseId, personId)
      return state.done === 0
    },
    addDone: (id: number, n: number, now: string = new Date().toISOString()): void => { addDone.run(n, now, id) },
    markRunning: (id: number, now: string = new Date().toISOString()): void => { start.run(now, now, id) },
    setStatus: (id: number, status: RerunStatus, now: string = new Date().toISOString()): void => { setStatus.run(status, now, id) },
    finish: (id: number, status: 'done' | 'failed', error?: string, now: string = new Date().toISOString()): void => { finish.run(status, now, error ?? null, now, id) }
  }
}

export type RerunRepository = ReturnType<typeof createRerunRepository>
