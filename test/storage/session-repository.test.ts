import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { hashSessionSecret } from '../../src/core/trust/session-token.ts'
import { openDatabase } from '../../src/storage/database.ts'
import { createSessionRepository, SESSION_LIFETIME_MS } from '../../src/storage/session-repository.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'

function freshDb (t: { teardown: (fn: () => void) => unknown }) {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-sessions-'))
  const db = openDatabase(join(dir, 'h.sqlite'))
  t.teardown(() => { db.close(); rmSync(dir, { recursive: true, force: true }) })
  return db
}

const T0 = new Date('2026-03-01T08:00:00Z')
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000)
const IDLE = 30 * 60_000

t.test('a session is stored by the hash of its secret and ends idle, at its lifetime, revoked or disabled', async (t) => {
  const db = freshDb(t)
  const tokens = createTokenRepository(db)
  const user = tokens.createUser({ name: 'cw-li', role: 'caseworker' })
  const sessions = createSessionRepository(db)
  const { secret, session } = sessions.create({ userId: user.id, secondFactor: false, address: '10.1.2.3', userAgent: 'Firefox', now: T0 })
  t.match(secret, /^hws_[A-Za-z0-9_-]{43}$/)
  t.match(session.id, /^ses_[0-9a-f]{12}$/)
  t.equal(session.expiresAt, new Date(T0.getTime() + SESSION_LIFETIME_MS).toISOString(), '12 hours')
  const dump = JSON.stringify(db.prepare('SELECT * FROM sessions').all())
  t.notOk(dump.includes(secret.slice(4)), 'the secret is not stored')
  t.ok(dump.includes(hashSessionSecret(secret)), 'its SHA-256 is')

  t.match(sessions.authenticate(secret, at(29), IDLE), { status: 'ok', session: { userName: 'cw-li', role: 'caseworker', address: '10.1.2.3' } })
  t.equal(sessions.authenticate(secret, at(58), IDLE).status, 'ok', 'activity at minute 29 moved the idle clock')
  t.equal(sessions.authenticate(secret, at(88), IDLE).status, 'idle', '30 minutes without a request')
  t.equal(sessions.authenticate('hws_' + 'A'.repeat(43), at(1), IDLE).status, 'unknown')
  t.equal(sessions.authenticate('junk', at(1), IDLE).status, 'unknown')

  const busy = sessions.create({ userId: user.id, secondFactor: false, address: '', userAgent: '', now: T0 })
  for (let m = 20; m < 12 * 60; m += 20) t.equal(sessions.authenticate(busy.secret, at(m), IDLE).status, 'ok', `busy at minute ${m}`)
  t.equal(sessions.authenticate(busy.secret, at(12 * 60), IDLE).status, 'expired', 'the absolute lifetime holds however busy')

  const other = sessions.create({ userId: user.id, secondFactor: false, address: '', userAgent: '', now: T0 })
  const third = sessions.create({ userId: user.id, secondFactor: false, address: '', userAgent: '', now: T0 })
  sessions.revoke(other.session.id, 'sign-out', at(1))
  t.equal(sessions.authenticate(other.secret, at(2), IDLE).status, 'revoked')
  t.same(sessions.listForUser(user.id, at(2), IDLE).map((s) => s.id).sort(), [session.id, busy.session.id, third.session.id].sort(), 'live sessions only (the first was last seen at minute 58)')
  t.equal(sessions.revokeForUser(user.id, 'admin', at(3), third.session.id), 2, 'all but the caller\'s own')
  t.equal(sessions.authenticate(third.secret, at(4), IDLE).status, 'ok')
  tokens.disableUser('cw-li', at(5))
  t.equal(sessions.authenticate(third.secret, at(6), IDLE).status, 'revoked', 'disabling the account ends its sessions')
  t.match(sessions.get(third.session.id), { revokedReason: 'disabled' })
})
