import { chainEntry, verifyChain, type AuditEntry, type ChainVerdict } from '../core/trust/audit-chain.ts'
import type { Database } from './database.ts'

/** What a caller records; the repository adds seq, prevHash and hash. */
export interface AuditRecordInput {
  actor: string
  role: string | null
  action: string
  target?: AuditEntry['target']
  status: number
  at?: Date
}

interface AuditRow {
  seq: number
  at: string
  actor: string
  role: string | null
  action: string
  target_json: string
  status: number
  prev_hash: string
  hash: string
}

/** A target that no longer parses (an edit behind the triggers' back) still yields an entry, whose hash then fails. */
function parseTarget (json: string): AuditEntry['target'] {
  try {
    return JSON.parse(json) as AuditEntry['target']
  } catch {
    return { unparseable: json }
  }
}

function toEntry (r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    role: r.role,
    action: r.action,
    target: parseTarget(r.target_json),
    status: r.status,
    prevHash: r.prev_hash,
    hash: r.hash
  }
}

export interface AuditQuery {
  /** Entries after this sequence number (for paging). */
  afterSeq?: number
  limit?: number
  action?: string
  actor?: string
}

/** The append-only, hash-chained audit trail (table audit_log, migration 020). */
export function createAuditRepository (db: Database) {
  const lastStmt = db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1')
  const insertStmt = db.prepare(`INSERT INTO audit_log (seq, at, actor, role, action, target_json, status, prev_hash, hash)
    VALUES (@seq, @at, @actor, @role, @action, @target_json, @status, @prevHash, @hash)`)

  function head (): AuditEntry | undefined {
    const row = lastStmt.get() as AuditRow | undefined
    return row === undefined ? undefined : toEntry(row)
  }

  // IMMEDIATE takes the write lock before reading the head, so two processes (the server and a CLI)
  // cannot both chain onto the same entry. Called inside an outer transaction it joins it, so a
  // deletion and its audit record commit together or not at all.
  const appendTx = db.transaction((input: AuditRecordInput): AuditEntry => {
    const entry = chainEntry(head(), {
      at: (input.at ?? new Date()).toISOString(),
      actor: input.actor,
      role: input.role,
      action: input.action,
      target: input.target ?? {},
      status: input.status
    })
    insertStmt.run({ ...entry, target_json: JSON.stringify(entry.target) })
    return entry
  })

  function append (input: AuditRecordInput): AuditEntry {
    return db.inTransaction ? appendTx(input) : appendTx.immediate(input)
  }

  function list (query: AuditQuery = {}): AuditEntry[] {
    const where: string[] = ['seq > @afterSeq']
    if (query.action !== undefined) where.push('action = @action')
    if (query.actor !== undefined) where.push('actor = @actor')
    const rows = db.prepare(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`).all({
      afterSeq: query.afterSeq ?? 0,
      limit: Math.min(Math.max(query.limit ?? 100, 1), 1000),
      ...(query.action === undefined ? {} : { action: query.action }),
      ...(query.actor === undefined ? {} : { actor: query.actor })
    }) as AuditRow[]
    return rows.map(toEntry)
  }

  /** The entry with this hash, e.g. a head hash recorded outside the database. */
  function findByHash (hash: string): AuditEntry | undefined {
    const row = db.prepare('SELECT * FROM audit_log WHERE hash = ?').get(hash) as AuditRow | undefined
    return row === undefined ? undefined : toEntry(row)
  }

  /** Every entry in order, streamed (the trail may be large). */
  function * all (): Generator<AuditEntry> {
    for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate()) yield toEntry(row as AuditRow)
  }

  /** Recomputes the whole chain; see {@link verifyChain}. */
  function verify (): ChainVerdict {
    return verifyChain(all())
  }

  return { append, head, list, findByHash, all, verify }
}

export type AuditRepository = ReturnType<typeof createAuditRepository>
