import type { Database } from './database.ts'
import { cipherOf } from './encryption-at-rest.ts'

/** An account's sign-in credentials (table user_credentials, migration 070). */
export interface UserCredentials {
  userId: number
  /** The stored scrypt hash, or null: the account signs in with API tokens only. */
  passwordHash: string | null
  passwordChangedAt: string | null
  /** A temporary password set by an admin: the person must choose their own before doing anything else. */
  passwordMustChange: boolean
  /** The TOTP secret (base32), pending or confirmed; null when none. */
  totpSecret: string | null
  /** When the first code confirmed the secret; null: not enrolled (a pending secret is not active). */
  totpConfirmedAt: string | null
  totpLastStep: number | null
}

interface CredentialRow {
  user_id: number
  password_hash: string | null
  password_changed_at: string | null
  password_must_change: number
  totp_secret: Buffer | string | null // sealed (plain in a database not yet sealed)
  totp_confirmed_at: string | null
  totp_last_step: number | null
}

const NONE = (userId: number): UserCredentials => ({
  userId, passwordHash: null, passwordChangedAt: null, passwordMustChange: false, totpSecret: null, totpConfirmedAt: null, totpLastStep: null
})

/** Passwords (hashed) and TOTP secrets of accounts. Hashing happens before, in src/core/trust/password.ts. */
export function createUserCredentialRepository (db: Database) {
  const cipher = cipherOf(db)
  const byUser = db.prepare('SELECT * FROM user_credentials WHERE user_id = ?')
  const ensure = db.prepare('INSERT INTO user_credentials (user_id) VALUES (?) ON CONFLICT (user_id) DO NOTHING')

  function get (userId: number): UserCredentials {
    const r = byUser.get(userId) as CredentialRow | undefined
    if (r === undefined) return NONE(userId)
    return {
      userId: r.user_id,
      passwordHash: r.password_hash,
      passwordChangedAt: r.password_changed_at,
      passwordMustChange: r.password_must_change === 1,
      totpSecret: cipher.openNullable('user_credentials', 'totp_secret', String(r.user_id), r.totp_secret),
      totpConfirmedAt: r.totp_confirmed_at,
      totpLastStep: r.totp_last_step
    }
  }

  /** Stores a new password hash; `mustChange` when an admin chose it (a temporary password). */
  function setPassword (userId: number, hash: string, options: { mustChange: boolean, now?: Date }): void {
    ensure.run(userId)
    db.prepare('UPDATE user_credentials SET password_hash = ?, password_changed_at = ?, password_must_change = ? WHERE user_id = ?')
      .run(hash, (options.now ?? new Date()).toISOString(), options.mustChange ? 1 : 0, userId)
  }

  /** Replaces the hash only (a rehash at higher cost after a sign-in), keeping the dates and flags. */
  function upgradePasswordHash (userId: number, hash: string): void {
    db.prepare('UPDATE user_credentials SET password_hash = ? WHERE user_id = ?').run(hash, userId)
  }

  /** Starts (or restarts) enrolment with a new secret, inactive until {@link confirmTotp}. Refused once confirmed. */
  function beginTotp (userId: number, secret: string): boolean {
    ensure.run(userId)
    return db.prepare('UPDATE user_credentials SET totp_secret = ?, totp_last_step = NULL WHERE user_id = ? AND totp_confirmed_at IS NULL')
      .run(cipher.seal('user_credentials', 'totp_secret', String(userId), secret), userId).changes === 1
  }

  /** Activates the pending secret, recording the step of the confirming code. */
  function confirmTotp (userId: number, step: number, now: Date = new Date()): boolean {
    return db.prepare(`UPDATE user_credentials SET totp_confirmed_at = ?, totp_last_step = ?
      WHERE user_id = ? AND totp_secret IS NOT NULL AND totp_confirmed_at IS NULL`).run(now.toISOString(), step, userId).changes === 1
  }

  /**
   * Records that the code of `step` was used. The condition is in the UPDATE, so two requests racing
   * with one code cannot both succeed: only one sees `changes === 1`.
   */
  function useTotpStep (userId: number, step: number): boolean {
    return db.prepare('UPDATE user_credentials SET totp_last_step = ? WHERE user_id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)')
      .run(step, userId, step).changes === 1
  }

  /** Removes the second factor (lost phone): the person enrols again at the next sign-in. */
  function resetTotp (userId: number): void {
    db.prepare('UPDATE user_credentials SET totp_secret = NULL, totp_confirmed_at = NULL, totp_last_step = NULL WHERE user_id = ?').run(userId)
  }

  return { get, setPassword, upgradePasswordHash, beginTotp, confirmTotp, useTotpStep, resetTotp }
}

export type UserCredentialRepository = ReturnType<typeof createUserCredentialRepository>
