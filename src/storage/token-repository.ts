import { randomBytes } from 'node:crypto'
import { fail } from '../core/errors.ts'
import { lookupRecordId, recordId } from '../core/record-id.ts'
import { generateToken, hashToken, isRole, looksLikeToken, type RandomBytes, type Role } from '../core/trust/token.ts'
import type { Database } from './database.ts'
import { ROOT_UNIT_ID } from './unit-repository.ts'

/** An account that holds tokens. */
export interface UserRecord {
  id: number
  name: string
  role: Role
  /** The unit the account belongs to (migration 075); its tokens and sessions act in it. */
  unitId: number
  createdAt: string
  disabledAt: string | null
}

/** A token as listed: everything but the secret, which is never stored. */
export interface TokenRecord {
  id: string
  userId: number
  userName: string
  role: Role
  /** The account's unit: a token has none of its own. */
  unitId: number
  label: string
  createdAt: string
  expiresAt: string
  revokedAt: string | null
  createdBy: string
}

/** Why a presented token was accepted or not (the HTTP layer answers 401 for all but 'ok'). */
export type TokenCheck =
  | { status: 'ok', token: TokenRecord }
  | { status: 'unknown' | 'revoked' | 'expired' | 'disabled' }

/** Default lifetime of a token: 90 days. */
export const DEFAULT_TOKEN_TTL_DAYS = 90
/** Longest lifetime an issuer may ask for: 2 years (a token is not a permanent credential). */
export const MAX_TOKEN_TTL_DAYS = 730
const DAY_MS = 86_400_000

interface TokenRow {
  id: string
  user_id: number
  user_name: string
  role: string
  unit_id: number
  label: string
  created_at: string
  expires_at: string
  revoked_at: string | null
  created_by: string
  disabled_at: string | null
}

const TOKEN_SELECT = `SELECT t.id, t.user_id, u.name AS user_name, u.role, u.unit_id, t.label, t.created_at, t.expires_at,
  t.revoked_at, t.created_by, u.disabled_at FROM api_tokens t JOIN users u ON u.id = t.user_id`

function toToken (r: TokenRow): TokenRecord {
  return {
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    role: r.role as Role,
    unitId: r.unit_id,
    label: r.label,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    createdBy: r.created_by
  }
}

function toUser (r: { id: number, name: string, role: string, unit_id: number, created_at: string, disabled_at: string | null }): UserRecord {
  return { id: r.id, name: r.name, role: r.role as Role, unitId: r.unit_id, createdAt: r.created_at, disabledAt: r.disabled_at }
}

/** Accounts and their API tokens. Times are ISO 8601 UTC strings; `now` is a parameter for tests. */
export function createTokenRepository (db: Database, options: { random?: RandomBytes } = {}) {
  const random = options.random ?? randomBytes
  const byHash = db.prepare(`${TOKEN_SELECT} WHERE t.token_hash = ?`)
  const byId = db.prepare(`${TOKEN_SELECT} WHERE t.id = ?`)
  const userByName = db.prepare('SELECT * FROM users WHERE name = ?')

  function findUser (name: string): UserRecord | undefined {
    const row = userByName.get(lookupRecordId(name)) as Parameters<typeof toUser>[0] | undefined
    return row === undefined ? undefined : toUser(row)
  }

  /** A new account, in `unitId` (default: the national unit, as for every account made before units). */
  function createUser (input: { name: string, role: Role, unitId?: number, now?: Date }): UserRecord {
    if (!isRole(input.role)) fail('BAD_REQUEST', `unknown role "${String(input.role)}"`, { field: 'role' })
    // Account names follow the id rule (src/core/record-id.ts): NFC, nothing invisible, no look-alikes.
    const name = recordId(input.name, 'account name')
    if (findUser(name) !== undefined) fail('CONFLICT', `account "${name}" already exists`, { field: 'name' })
    const unitId = input.unitId ?? ROOT_UNIT_ID
    if (db.prepare('SELECT 1 FROM units WHERE id = ?').get(unitId) === undefined) fail('NOT_FOUND', `no unit ${unitId}`, { field: 'unit', value: String(unitId) })
    const at = (input.now ?? new Date()).toISOString()
    db.prepare('INSERT INTO users (name, role, unit_id, created_at) VALUES (?, ?, ?, ?)').run(name, input.role, unitId, at)
    return findUser(name) as UserRecord
  }

  /** Disables an account: all its tokens and sessions stop working at once. */
  function disableUser (name: string, now: Date = new Date()): UserRecord {
    const user = findUser(name) ?? fail('NOT_FOUND', `no account "${name}"`, { field: 'name' })
    if (user.disabledAt === null) {
      db.transaction(() => {
        db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(now.toISOString(), user.id)
        // Sessions are refused anyway while the account is disabled; ending them too means they stay ended.
        db.prepare("UPDATE sessions SET revoked_at = ?, revoked_reason = 'disabled' WHERE user_id = ? AND revoked_at IS NULL").run(now.toISOString(), user.id)
      })()
    }
    return findUser(name) as UserRecord
  }

  /** Moves an account to another unit: its tokens and sessions act in the new unit from their next request. */
  function moveUser (name: string, unitId: number): UserRecord {
    const user = findUser(name) ?? fail('NOT_FOUND', `no account "${name}"`, { field: 'name' })
    if (db.prepare('SELECT 1 FROM units WHERE id = ?').get(unitId) === undefined) fail('NOT_FOUND', `no unit ${unitId}`, { field: 'unit', value: String(unitId) })
    db.prepare('UPDATE users SET unit_id = ? WHERE id = ?').run(unitId, user.id)
    return findUser(name) as UserRecord
  }

  function listUsers (): UserRecord[] {
    return (db.prepare('SELECT * FROM users ORDER BY id').all() as Array<Parameters<typeof toUser>[0]>).map(toUser)
  }

  /**
   * Issues a token for an account. Returns the secret (to show once; it is not kept) and the record.
   * `ttlDays` defaults to {@link DEFAULT_TOKEN_TTL_DAYS}.
   */
  function issueToken (input: { userName: string, label?: string, ttlDays?: number, now?: Date, createdBy: string }): { secret: string, token: TokenRecord } {
    const user = findUser(input.userName) ?? fail('NOT_FOUND', `no account "${input.userName}"`, { field: 'userName' })
    if (user.disabledAt !== null) fail('CONFLICT', `account "${user.name}" is disabled`, { field: 'userName' })
    const ttl = input.ttlDays ?? DEFAULT_TOKEN_TTL_DAYS
    if (!(ttl > 0 && ttl <= MAX_TOKEN_TTL_DAYS)) {
      fail('BAD_REQUEST', `a token lives more than 0 and at most ${MAX_TOKEN_TTL_DAYS} days, not ${ttl}`, { field: 'ttlDays', value: String(ttl) })
    }
    const now = input.now ?? new Date()
    const secret = generateToken(random)
    const id = 'tok_' + random(6).toString('hex')
    db.prepare(`INSERT INTO api_tokens (id, user_id, label, token_hash, created_at, expires_at, created_by)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(id, user.id, input.label ?? '', hashToken(secret), now.toISOString(),
      new Date(now.getTime() + ttl * DAY_MS).toISOString(), input.createdBy)
    return { secret, token: getToken(id) }
  }

  function getToken (id: string): TokenRecord {
    const row = byId.get(id) as TokenRow | undefined
    return row === undefined ? fail('NOT_FOUND', `no token "${id}"`, { field: 'id' }) : toToken(row)
  }

  /** Checks a presented secret. Looked up by its hash: the secret itself is never compared or kept. */
  function authenticate (secret: string, now: Date = new Date()): TokenCheck {
    if (!looksLikeToken(secret)) return { status: 'unknown' }
    const row = byHash.get(hashToken(secret)) as TokenRow | undefined
    if (row === undefined) return { status: 'unknown' }
    if (row.revoked_at !== null) return { status: 'revoked' }
    if (row.disabled_at !== null) return { status: 'disabled' }
    if (Date.parse(row.expires_at) <= now.getTime()) return { status: 'expired' }
    return { status: 'ok', token: toToken(row) }
  }

  function listTokens (filter: { userName?: string } = {}): TokenRecord[] {
    const rows = filter.userName === undefined
      ? db.prepare(`${TOKEN_SELECT} ORDER BY t.created_at, t.id`).all()
      : db.prepare(`${TOKEN_SELECT} WHERE u.name = ? ORDER BY t.created_at, t.id`).all(filter.userName)
    return (rows as TokenRow[]).map(toToken)
  }

  /** Revokes a token; revoking a revoked token changes nothing and returns it. */
  function revokeToken (id: string, now: Date = new Date()): TokenRecord {
    const token = getToken(id)
    if (token.revokedAt === null) db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ?').run(now.toISOString(), id)
    return getToken(id)
  }

  return { createUser, findUser, disableUser, moveUser, listUsers, issueToken, getToken, authenticate, listTokens, revokeToken }
}

export type TokenRepository = ReturnType<typeof createTokenRepository>
