import { hostname } from 'node:os'
import type { Database } from '../storage/database.ts'

/**
 * The journal of an import written in slices (import-commit-chunked.ts): its imports row, written first,
 * holds `stored_json.pending`, the ids of the persons it is creating, all with the row's `created_at`.
 * and the process writing it (`writer`: host and pid). The final transaction replaces stored_json; a row
 * still pending whose writer is gone is an import that did not finish.
 */
interface PendingRow { id: number, created_at: string, pending: string, writer: string | null }

/** The journal's fields of a pending imports row's stored_json. */
export function pendingJournal (ids: string[]): { pending: string[], writer: { host: string, pid: number } } {
  return { pending: ids, writer: { host: hostname(), pid: process.pid } }
}

/** A writer on this host whose process still runs is importing now: its row is not interrupted. */
function writerAlive (writer: string | null): boolean {
  if (writer === null) return false
  const w = JSON.parse(writer) as { host?: string, pid?: number }
  if (w.host !== hostname() || typeof w.pid !== 'number' || w.pid === process.pid) return false
  try {
    process.kill(w.pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes what a pending import stored: its persons (those listed that still carry the import's
 * created_at; results, marks and history go with them by ON DELETE CASCADE), then its row. In
 * transactions of at most sliceMs, yielding between them; the row goes last, so a crash midway leaves
 * it pending and the next start finishes the removal.
 */
export async function rollBackPendingImport (db: Database, importId: number, sliceMs = 20): Promise<void> {
  const row = pendingRow(db, importId)
  if (row === undefined) return
  const ids = JSON.parse(row.pending) as string[]
  const del = db.prepare('DELETE FROM unidentified_persons WHERE id = ? AND created_at = ?')
  for (let i = 0; i < ids.length;) {
    db.transaction(() => {
      const t0 = performance.now()
      do del.run(ids[i++], row.created_at)
      while (i < ids.length && performance.now() - t0 < sliceMs)
    }).immediate()
    await new Promise((resolve) => setImmediate(resolve))
  }
  db.prepare('DELETE FROM imports WHERE id = ?').run(importId)
}

/**
 * At start, before anything is served or imported (the service, `homeward import`): every import left
 * pending by a process that no longer runs is removed, in one transaction each (nothing else runs here
 * yet, so holding the thread is harmless). An import another live process on this host is writing is
 * left alone; one written from another host is left to that host. Returns the ids removed.
 */
export function recoverInterruptedImports (db: Database): number[] {
  const rows = (db.prepare("SELECT id, json_extract(stored_json, '$.writer') AS writer FROM imports WHERE json_extract(stored_json, '$.pending') IS NOT NULL ORDER BY id").all() as Array<{ id: number, writer: string | null }>)
    .filter((r) => !writerAlive(r.writer) && (r.writer === null || (JSON.parse(r.writer) as { host?: string }).host === hostname()))
  const del = db.prepare('DELETE FROM unidentified_persons WHERE id = ? AND created_at = ?')
  for (const { id } of rows) {
    db.transaction(() => {
      const row = pendingRow(db, id)
      if (row === undefined) return
      for (const person of JSON.parse(row.pending) as string[]) del.run(person, row.created_at)
      db.prepare('DELETE FROM imports WHERE id = ?').run(id)
    }).immediate()
  }
  return rows.map((r) => r.id)
}

function pendingRow (db: Database, id: number): PendingRow | undefined {
  return db.prepare("SELECT id, created_at, json_extract(stored_json, '$.pending') AS pending, json_extract(stored_json, '$.writer') AS writer FROM imports WHERE id = ? AND json_extract(stored_json, '$.pending') IS NOT NULL").get(id) as PendingRow | undefined
}
