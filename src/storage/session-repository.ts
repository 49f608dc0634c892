import { randomBytes } from 'node:crypto'
import { generateSessionSecret, hashSessionSecret, looksLikeSessionSecret } from '../core/trust/session-token.ts'
import type { RandomBytes, Role } from '../core/trust/token.ts'
import type { Database } from './database.ts'

/** Absolute lifetime of a session: 12 hours, one working day, whatever the activity. */
export const SESSION_LIFETIME_MS = 12 * 3_600_000
/**
 * last_seen_at is written at most once a minute per session: one write per request would put every
 * page view on the single SQLite writer. The idle timeout is therefore exact to within a minute.
 */
const TOUCH_INTERVAL_MS = 60_000

export type SessionEndReason = 'sign-out' | 'password-change' | 'admin' | 'totp-reset' | 'disabled'

/** A session as listed: never its secret, which is not stored. */
export interface SessionRecord {
  id: string
  userId: number
  userName: string
  role: Role
  /** The account's unit (migration 075). */
  unitId: number
  secondFactor: boolean
  createdAt: string
  lastSeenAt: string
  expiresAt: string
  revokedAt: string | null
  revokedReason: string | null
  address: string
  userAgent: string
}

/** Why a presented session secret was accepted or not (the HTTP layer answers 401 for all but 'ok'). */
export type SessionCheck =
  | { status: 'ok', session: SessionRecord }
  | { status: 'unknown' | 'revoked' | 'expired' | 'idle' | 'disabled' }

interface SessionRow {
  id: string
  user_id: number
  user_name: string
  role: string
  unit_id: number
  second_factor: number
  created_at: string
  last_seen_at: string
  expires_at: string
  revoked_at: string | null
  revoked_reason: string | null
  address: string
  user_agent: string
  disabled_at: string | null
}

const SELECT = `SELECT s.id, s.user_id, u.name AS user_name, u.role, u.unit_id, s.second_factor, s.created_at, s.last_seen_at,
  s.expires_at, s.revoked_at, s.revoked_reason, s.address, s.user_agent, u.disabled_at FROM sessions s JOIN users u ON u.id = s.user_id`

function toSession (r: SessionRow): SessionRecord {
  return {
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    role: r.role as Role,
    unitId: r.unit_id,
    secondFactor: r.second_factor === 1,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    revokedReason: r.revoked_reason,
    address: r.address,
    userAgent: r.user_agent
  }
}

/** Server-side sessions of people (table sessions, migration 070). `now` is a parameter for tests. */
export function createSessionRepository (db: Database, options: { random?: RandomBytes } = {}) {
  const random = options.random ?? randomBytes
  const byHash = db.prepare(`${SELECT} WHERE s.secret_hash = ?`)
  const byId = db.prepare(`${SELECT} WHERE s.id = ?`)
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ? AND revoked_at IS NULL')

  /** Opens a session; returns the secret (for the cookie, not kept) and the record. */
  function create (input: { userId: number, secondFactor: boolean, address: string, userAgent: string, now?: Date }): { secret: string, session: SessionRecord } {
    const now = input.now ?? new Date()
    const secret = generateSessionSecret(random)
    const id = 'ses_' + random(6).toString('hex')
    db.prepare(`INSERT INTO sessions (id, user_id, secret_hash, second_factor, created_at, last_seen_at, expires_at, address, user_agent)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, input.userId, hashSessionSecret(secret), input.secondFactor ? 1 : 0,
      now.toISOString(), now.toISOString(), new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString(),
      input.address.slice(0, 64), input.userAgent.slice(0, 300))
    return { secret, session: get(id) as SessionRecord }
  }

  function get (id: string): SessionRecord | undefined {
    const row = byId.get(id) as SessionRow | undefined
    return row === undefined ? undefined : toSession(row)
  }

  /**
   * Checks a presented secret: looked up by its hash; refused when revoked, past its absolute
   * lifetime, idle for `idleMs` or longer, or when the account is disabled (checked on every request,
   * so disabling takes effect at the next one). An accepted session's last_seen_at moves to now.
   */
  function authenticate (secret: string, now: Date, idleMs: number): SessionCheck {
    if (!looksLikeSessionSecret(secret)) return { status: 'unknown' }
    const row = byHash.get(hashSessionSecret(secret)) as SessionRow | undefined
    if (row === undefined) return { status: 'unknown' }
    if (row.revoked_at !== null) return { status: 'revoked' }
    if (row.disabled_at !== null) return { status: 'disabled' }
    const t = now.getTime()
    if (Date.parse(row.expires_at) <= t) return { status: 'expired' }
    if (Date.parse(row.last_seen_at) + idleMs <= t) return { status: 'idle' }
    if (t - Date.parse(row.last_seen_at) >= TOUCH_INTERVAL_MS) {
      touch.run(now.toISOString(), row.id)
      row.last_seen_at = now.toISOString()
    }
    return { status: 'ok', session: toSession(row) }
  }

  /** Marks that this session gave a second factor (enrolment confirmed in it). */
  function markSecondFactor (id: string): void {
    db.prepare('UPDATE sessions SET second_factor = 1 WHERE id = ?').run(id)
  }

  /** Ends one session; ending an ended session changes nothing. */
  function revoke (id: string, reason: SessionEndReason, now: Date = new Date()): void {
    db.prepare('UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL').run(now.toISOString(), reason, id)
  }

  /** Ends every open session of an account (but `exceptId`, the caller's own), idle ones included; returns how many. */
  function revokeForUser (userId: number, reason: SessionEndReason, now: Date = new Date(), exceptId?: string): number {
    return db.prepare(`UPDATE sessions SET revoked_at = ?, revoked_reason = ?
      WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? AND id IS NOT ?`)
      .run(now.toISOString(), reason, userId, now.toISOString(), exceptId ?? null).changes
  }

  /** The live sessions of an account (not revoked, past neither their lifetime nor `idleMs` of idleness), newest first. */
  function listForUser (userId: number, now: Date, idleMs: number): SessionRecord[] {
    const rows = db.prepare(`${SELECT} WHERE s.user_id = ? AND s.revoked_at IS NULL AND s.expires_at > ? ORDER BY s.created_at DESC, s.id`)
      .all(userId, now.toISOString()) as SessionRow[]
    return rows.filter((r) => Date.parse(r.last_seen_at) + idleMs > now.getTime()).map(toSession)
  }

  return { create, get, authenticate, markSecondFactor, revoke, revokeForUser, listForUser }
}

export type SessionRepository = ReturnType<typeof createSessionRepository>
