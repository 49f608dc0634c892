import { createHash } from 'node:crypto'
import { chainEntry, verifyChain, type AuditEntry, type ChainVerdict } from '../core/trust/audit-chain.ts'
import type { Database } from './database.ts'
import type { ScopeCondition } from './unit-scope.ts'

/** What an entry is about: identifiers and short facts, never genotypes, bodies or personal data. */
export type AuditTarget = AuditEntry['target']

/**
 * The longest text kept in an audit field. The trail is append-only and never shrinks, so a free-text
 * value that reaches it (a file name, a note, a reason) is bounded: a longer one keeps its first
 * characters and, beside it, `<field>Sha256`, the hash of the full value, which still identifies it.
 */
export const MAX_AUDIT_TEXT = 200

function cut (text: string): string {
  let head = text.slice(0, MAX_AUDIT_TEXT - 1)
  // never leave half of a surrogate pair at the end
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1)
  return head + '…'
}

/** The target with every string value bounded to MAX_AUDIT_TEXT characters (see above). */
export function boundTarget (target: AuditTarget): AuditTarget {
  const out: AuditTarget = {}
  for (const [key, value] of Object.entries(target)) {
    if (typeof value === 'string' && value.length > MAX_AUDIT_TEXT) {
      out[key] = cut(value)
      out[`${key}Sha256`] = createHash('sha256').update(value, 'utf8').digest('hex')
    } else {
      out[key] = value
    }
  }
  return out
}

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
  /** Whose entries (src/storage/unit-scope.ts auditCondition on 'actor'); absent: all, as the national level and the host's operator. */
  scope?: ScopeCondition
}

/** A page of the trail, newest first (see newestFirst). */
export interface AuditPageQuery {
  beforeSeq?: number
  limit?: number
  action?: string
  actor?: string
  fromAt?: string
  toAt?: string
  statusFrom?: number
  statusTo?: number
  /** Whose entries, as in AuditQuery. */
  scope?: ScopeCondition
}

/** The append-only, hash-chained audit trail (table audit_log, migration 020). */
export function createAuditRepository (db: Database) {
  const lastStmt = db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1')
  const byHashStmt = db.prepare('SELECT * FROM audit_log WHERE hash = ?')
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
      actor: input.actor.length > MAX_AUDIT_TEXT ? cut(input.actor) : input.actor,
      role: input.role,
      action: input.action,
      target: boundTarget(input.target ?? {}),
      status: input.status
    })
    insertStmt.run({ ...entry, target_json: JSON.stringify(entry.target) })
    return entry
  })

  function append (input: AuditRecordInput): AuditEntry {
    return db.inTransaction ? appendTx(input) : appendTx.immediate(input)
  }

  /**
   * Appends inside the transaction the caller has open, so that the entry and the change it records
   * commit together or not at all. Throws when no transaction is open: a caller that believes it is
   * inside one and is not would otherwise commit its entry apart from its data.
   */
  function appendInTransaction (input: AuditRecordInput): AuditEntry {
    if (!db.inTransaction) throw new Error(`audit entry ${input.action} must be written inside the transaction of the change it records`)
    return appendTx(input)
  }

  /** Whether this entry is in the trail (false when the transaction that wrote it was rolled back). */
  function isStored (entry: AuditEntry): boolean {
    return findByHash(entry.hash)?.seq === entry.seq
  }

  function list (query: AuditQuery = {}): AuditEntry[] {
    const where: string[] = ['seq > @afterSeq']
    if (query.action !== undefined) where.push('action = @action')
    if (query.actor !== undefined) where.push('actor = @actor')
    if (query.scope !== undefined && query.scope.sql !== '') where.push(query.scope.sql)
    const rows = db.prepare(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`).all({
      afterSeq: query.afterSeq ?? 0,
      limit: Math.min(Math.max(query.limit ?? 100, 1), 1000),
      ...(query.action === undefined ? {} : { action: query.action }),
      ...(query.actor === undefined ? {} : { actor: query.actor }),
      ...(query.scope?.binds ?? {})
    }) as AuditRow[]
    return rows.map(toEntry)
  }

  /**
   * A page of the trail newest first, for the auditor's page: entries before `beforeSeq`, filtered by
   * action, actor, time (`fromAt` inclusive, `toAt` exclusive, ISO 8601 as stored) and status range.
   * The (action, seq) and (actor, seq) indexes serve the common filters.
   */
  function newestFirst (query: AuditPageQuery = {}): AuditEntry[] {
    const where: string[] = []
    const params: Record<string, string | number> = { limit: Math.min(Math.max(query.limit ?? 50, 1), 1000) }
    const add = (clause: string, key: string, value: string | number | undefined): void => {
      if (value === undefined) return
      where.push(clause)
      params[key] = value
    }
    add('seq < @beforeSeq', 'beforeSeq', query.beforeSeq)
    add('action = @action', 'action', query.action)
    add('actor = @actor', 'actor', query.actor)
    add('at >= @fromAt', 'fromAt', query.fromAt)
    add('at < @toAt', 'toAt', query.toAt)
    add('status >= @statusFrom', 'statusFrom', query.statusFrom)
    add('status <= @statusTo', 'statusTo', query.statusTo)
    if (query.scope !== undefined && query.scope.sql !== '') add(query.scope.sql, 'scopeUnit', query.scope.binds.scopeUnit)
    const rows = db.prepare(`SELECT * FROM audit_log ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`} ORDER BY seq DESC LIMIT @limit`).all(params) as AuditRow[]
    return rows.map(toEntry)
  }

  /** The actions the trail holds, for a filter's choices. */
  function actions (): string[] {
    return (db.prepare('SELECT DISTINCT action FROM audit_log ORDER BY action').all() as Array<{ action: string }>).map((r) => r.action)
  }

  /** The entry with this hash, e.g. a head hash recorded outside the database. */
  function findByHash (hash: string): AuditEntry | undefined {
    const row = byHashStmt.get(hash) as AuditRow | undefined
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

  return { append, appendInTransaction, isStored, head, list, newestFirst, actions, findByHash, all, verify }
}

export type AuditRepository = ReturnType<typeof createAuditRepository>
