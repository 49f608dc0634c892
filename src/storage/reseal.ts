import type { Database } from './database.ts'
import { sealedKeyId, type FieldCipher } from './field-cipher.ts'
import { SEALED_TABLES, rowKeyOf } from './sealed-columns.ts'

export interface ResealOptions {
  /** 'plain': seal values written before migration 076; 'stale': also reseal values of older keys. */
  only: 'plain' | 'stale'
  /** Rows per transaction: bounded, so the server's writes wait at most one batch. */
  batchSize?: number
  onBatch?: (progress: { table: string, rowsRead: number, resealed: number }) => void
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`

/**
 * Seals again, under the current key, every stored value that is plain or (with 'stale') sealed
 * with another key, table by table along the rowid, `batchSize` rows per transaction. Each batch
 * commits on its own, so an interrupted pass is resumed by running it again (values already under
 * the current key are skipped). secure_delete is on meanwhile, so the pages the old values leave are
 * zeroed, and the WAL is checkpointed and truncated at the end, so the old bytes leave it too
 * (unless a reader holds it; the next checkpoint then does). Returns how many values were resealed.
 */
export function resealAll (db: Database, cipher: FieldCipher, options: ResealOptions): number {
  const batchSize = options.batchSize ?? 1000
  const current = cipher.keyring.current.id
  const wasSecure = db.pragma('secure_delete', { simple: true }) as number
  db.pragma('secure_delete = ON')
  let total = 0
  try {
    for (const spec of SEALED_TABLES) {
      if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(spec.table) === undefined) continue
      // a database opened with an older set of migrations (a step of an upgrade, a test of one) lacks the
      // columns later migrations add: those hold nothing yet, so only the present ones are sealed
      const present = new Set((db.prepare(`PRAGMA table_info(${quote(spec.table)})`).all() as Array<{ name: string }>).map((c) => c.name))
      const columns = spec.columns.filter((c) => present.has(c))
      if (columns.length === 0) continue
      const cols = [...spec.keyColumns, ...columns].map(quote).join(', ')
      const page = db.prepare(`SELECT rowid AS _rowid, ${cols} FROM ${quote(spec.table)} WHERE rowid > ? ORDER BY rowid LIMIT ?`)
      const updates = new Map(columns.map((c) => [c, db.prepare(`UPDATE ${quote(spec.table)} SET ${quote(c)} = ? WHERE rowid = ?`)]))
      const needs = (v: unknown): boolean => {
        if (v === null || v === undefined) return false
        const id = sealedKeyId(v)
        return id === null || (options.only === 'stale' && id !== current)
      }
      const batch = db.transaction((after: number): { last: number, read: number, resealed: number } => {
        const rows = page.all(after, batchSize) as Array<Record<string, unknown>>
        let resealed = 0
        for (const row of rows) {
          const rowKey = rowKeyOf(spec.keyColumns.map((k) => row[k]))
          for (const c of columns) {
            const v = row[c]
            if (!needs(v)) continue
            const plain = Buffer.isBuffer(v) ? cipher.open(spec.table, c, rowKey, v) : String(v)
            updates.get(c)?.run(cipher.seal(spec.table, c, rowKey, plain), row._rowid)
            resealed++
          }
        }
        return { last: rows.length === 0 ? after : Number(rows[rows.length - 1]._rowid), read: rows.length, resealed }
      })
      let after = Number.MIN_SAFE_INTEGER
      let read = 0
      for (;;) {
        const r = batch.immediate(after)
        if (r.read === 0) break
        after = r.last
        read += r.read
        total += r.resealed
        options.onBatch?.({ table: spec.table, rowsRead: read, resealed: r.resealed })
      }
    }
  } finally {
    db.pragma(`secure_delete = ${wasSecure === 1 ? 'ON' : 'OFF'}`)
  }
  if (total > 0) db.pragma('wal_checkpoint(TRUNCATE)')
  return total
}
