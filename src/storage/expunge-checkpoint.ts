import { setTimeout as sleep } from 'node:timers/promises'
import type { AuditEntry } from '../core/trust/audit-chain.ts'
import { createAuditRepository, type AuditTarget } from './audit-repository.ts'
import type { Database } from './database.ts'

/**
 * The second half of an expungement: making sure the bytes are gone from the files, and saying so
 * only when they are.
 *
 * The deletion's transaction overwrites the rows (secure_delete) but the new pages go to the WAL;
 * the main file still holds the old pages, and the WAL still holds older frames of the same pages,
 * until a checkpoint copies every frame into the main file and empties the WAL. While another
 * connection holds a read (an operator's session, a backup, a CLI command) SQLite may do neither:
 * the reader may still need the old pages. So the deletion is recorded as pending (`bytes: 'pending'`,
 * status 202) and each pending expungement gets a completion entry (`bytes: 'removed'`,
 * `completesSeq`) only after a checkpoint that truncated the WAL, whoever made it (the request itself
 * within a bounded wait, a later request, the server's timer, its start or its close).
 */

/** The row `PRAGMA wal_checkpoint(TRUNCATE)` answers: readers in the way, frames in the WAL, frames copied. */
export interface CheckpointResult { busy: number, log: number, checkpointed: number }

/** An expungement whose deleted bytes may still be in the main file or the WAL. */
export interface PendingExpungement {
  /** The audit entry of the deletion. */
  seq: number
  action: string
  /** { caseId } or { personId }. */
  subject: AuditTarget
}

/** Writes one completion entry; `target` holds the subject, `completesSeq` and `bytes: 'removed'`. */
export type CompletionRecorder = (pending: PendingExpungement, target: AuditTarget) => AuditEntry

/** Who completes an expungement outside any request (timer, start, close). */
export const CHECKPOINT_ACTOR = 'homeward'

const EXPUNGE_ACTIONS = ['case.expunge', 'person.expunge']

/**
 * One checkpoint attempt that does not wait for readers: every committed frame copied into the main
 * file and the WAL cut to zero bytes. `done` only when SQLite reports no reader in the way and an
 * empty log (-1: the database has no WAL). The waiting is the caller's, with timers: a busy handler
 * here would block the event loop for as long as a reader stays.
 */
export function truncateWal (db: Database): { done: boolean, result: CheckpointResult } {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number
  db.pragma('busy_timeout = 0')
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as CheckpointResult[]
    return { done: result.busy === 0 && result.log <= 0, result }
  } catch (err) {
    // another connection checkpointing or writing at this instant: not done, try again later
    const code = (err as { code?: string }).code
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return { done: false, result: { busy: 1, log: -1, checkpointed: -1 } }
    throw err
  } finally {
    db.pragma(`busy_timeout = ${timeout}`)
  }
}

/** Expungements recorded as pending and not yet completed, oldest first (read from the trail itself). */
export function pendingExpungements (db: Database): PendingExpungement[] {
  const marks = `(${EXPUNGE_ACTIONS.map(() => '?').join(', ')})`
  const done = new Set((db.prepare(`SELECT json_extract(target_json, '$.completesSeq') AS seq FROM audit_log
    WHERE action IN ${marks} AND json_extract(target_json, '$.bytes') = 'removed'`).all(...EXPUNGE_ACTIONS) as Array<{ seq: number }>).map((r) => r.seq))
  const rows = db.prepare(`SELECT seq, action, json_extract(target_json, '$.caseId') AS caseId, json_extract(target_json, '$.personId') AS personId
    FROM audit_log WHERE action IN ${marks} AND json_extract(target_json, '$.bytes') = 'pending' ORDER BY seq`).all(...EXPUNGE_ACTIONS) as Array<{ seq: number, action: string, caseId: string | null, personId: string | null }>
  return rows.filter((r) => !done.has(r.seq)).map((r): PendingExpungement => {
    const subject: AuditTarget = r.caseId !== null ? { caseId: r.caseId } : { personId: r.personId }
    return { seq: r.seq, action: r.action, subject }
  })
}

/** Completion entries written by the service itself, outside any request. */
export function recordByService (db: Database): CompletionRecorder {
  const audit = createAuditRepository(db)
  return (pending, target) => audit.append({ actor: CHECKPOINT_ACTOR, role: null, action: pending.action, target, status: 0 })
}

/**
 * One attempt to finish every pending expungement. When the WAL could be truncated, each pending one
 * gets its completion entry (all in one transaction) and is returned; otherwise nothing is written
 * and `done` is false. With nothing pending it does nothing.
 */
export function completeExpungements (db: Database, record: CompletionRecorder = recordByService(db)): { done: boolean, completed: PendingExpungement[], result?: CheckpointResult } {
  const pending = pendingExpungements(db)
  if (pending.length === 0) return { done: true, completed: [] }
  const { done, result } = truncateWal(db)
  if (!done) return { done, completed: [], result }
  db.transaction(() => {
    for (const p of pending) record(p, { ...p.subject, completesSeq: p.seq, bytes: 'removed' })
  }).immediate()
  return { done, completed: pending, result }
}

/**
 * Tries until every pending expungement is complete or `waitMs` has passed (readers usually finish
 * within milliseconds; a backup or an operator's open session may take longer). True when done.
 */
export async function awaitExpungedBytes (db: Database, options: { waitMs: number, intervalMs?: number, record?: CompletionRecorder }): Promise<boolean> {
  const deadline = Date.now() + options.waitMs
  for (;;) {
    if (completeExpungements(db, options.record).done) return true
    if (Date.now() >= deadline) return false
    await sleep(options.intervalMs ?? 25)
  }
}
