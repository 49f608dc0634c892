import { createHash } from 'node:crypto'

/**
 * The hash chain of the audit trail. Each entry's hash is
 *   SHA-256( previous entry's hash + "\n" + canonicalJson(entry without its hash) )
 * so that editing, inserting, reordering or removing any entry changes every later hash: a verifier
 * recomputing the chain from the first entry finds the first entry that no longer fits.
 * The chain alone cannot detect the loss of the newest entries (nothing follows them), which is why
 * `homeward audit verify` prints the head hash for an operator to record elsewhere, and accepts it back.
 */

/** The previous hash of the very first entry: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64)

/** A JSON value that hashes reproducibly (finite numbers only: JSON has no Infinity/NaN). */
export type CanonicalValue = string | number | boolean | null | CanonicalValue[] | { [key: string]: CanonicalValue | undefined }

/**
 * JSON with object keys sorted by code unit and no whitespace, so equal values give equal text
 * whatever the key order they were built with. Properties whose value is undefined are omitted
 * (as JSON.stringify does). Throws on a non-finite number.
 * Example: canonicalJson({ b: 1, a: [true, null] }) → '{"a":[true,null],"b":1}'.
 */
export function canonicalJson (value: CanonicalValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`canonicalJson: non-finite number ${value}`)
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']'
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort()
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(value[k] as CanonicalValue)).join(',') + '}'
}

/** What an audit entry records; never genotypes, tokens or personal data, only identifiers. */
export interface AuditFields {
  /** 1, 2, 3, ... without gaps. */
  seq: number
  /** ISO 8601 UTC timestamp, e.g. '2026-11-22T18:00:00.000Z'. */
  at: string
  /** Who: an account name, `cli:LOGIN@HOST` for an operator's command, or 'homeward' for the service itself. */
  actor: string
  /** The role the actor acted in, e.g. 'caseworker'; null for the CLI. */
  role: string | null
  /** What: a dotted action name, e.g. 'report.read', 'token.revoke', 'case.expunge'. */
  action: string
  /** On what: identifiers such as { caseId: 'C-1', personId: 'U-7' }. */
  target: { [key: string]: string | number | null }
  /** The outcome: an HTTP status; outside a request, 0 for success and 1 for a refusal. */
  status: number
  /** The previous entry's hash ({@link GENESIS_HASH} for seq 1). */
  prevHash: string
}

/** A stored audit entry: its fields plus its own hash. */
export interface AuditEntry extends AuditFields {
  hash: string
}

/**
 * The hash of an entry, lowercase hex. Depends on every field including prevHash.
 * Example: entryHash({ seq: 1, at: 'T', actor: 'a', role: null, action: 'x', target: {}, status: 0,
 * prevHash: GENESIS_HASH }) = sha256('000…000\n{"action":"x","actor":"a","at":"T","prevHash":"000…000","role":null,"seq":1,"status":0,"target":{}}').
 */
export function entryHash (fields: AuditFields): string {
  const { seq, at, actor, role, action, target, status, prevHash } = fields
  const body = canonicalJson({ seq, at, actor, role, action, target, status, prevHash })
  return createHash('sha256').update(prevHash + '\n' + body, 'utf8').digest('hex')
}

/** The next entry of a chain whose last entry is `last` (undefined for an empty chain). */
export function chainEntry (last: AuditEntry | undefined, fields: Omit<AuditFields, 'seq' | 'prevHash'>): AuditEntry {
  const seq = last === undefined ? 1 : last.seq + 1
  const prevHash = last === undefined ? GENESIS_HASH : last.hash
  const full: AuditFields = { ...fields, seq, prevHash }
  return { ...full, hash: entryHash(full) }
}

export type ChainVerdict =
  | { ok: true, count: number, headHash: string }
  | { ok: false, count: number, firstBadSeq: number, reason: string }

/**
 * Walks a chain in order and reports the first entry that does not fit: a sequence gap, a prevHash
 * that is not the previous entry's hash, or a hash that does not match the entry's content.
 * Example: verifyChain([]) → { ok: true, count: 0, headHash: GENESIS_HASH }.
 */
export function verifyChain (entries: Iterable<AuditEntry>): ChainVerdict {
  let expectedPrev = GENESIS_HASH
  let expectedSeq = 1
  let count = 0
  for (const e of entries) {
    count++
    const bad = (reason: string): ChainVerdict => ({ ok: false, count, firstBadSeq: e.seq, reason })
    if (e.seq !== expectedSeq) return bad(`entry ${e.seq}: expected sequence number ${expectedSeq} (an entry is missing or inserted)`)
    if (e.prevHash !== expectedPrev) return bad(`entry ${e.seq}: prevHash does not match the hash of entry ${e.seq - 1}`)
    if (entryHash(e) !== e.hash) return bad(`entry ${e.seq}: content does not match its hash (edited after it was written)`)
    expectedPrev = e.hash
    expectedSeq++
  }
  return { ok: true, count, headHash: expectedPrev }
}
