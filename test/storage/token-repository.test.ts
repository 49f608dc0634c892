import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { HomewardError } from '../../src/core/errors.ts'
import { hashToken } from '../../src/core/trust/token.ts'
import { openDatabase } from '../../src/storage/database.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'

function freshDb (t: { teardown: (fn: () => void) => unknown }) {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-tokens-'))
  const db = openDatabase(join(dir, 'h.sqlite'))
  t.teardown(() => { db.close(); rmSync(dir, { recursive: true, force: true }) })
  return db
}

const T0 = new Date('2026-01-01T00:00:00Z')
const days = (n: number): Date => new Date(T0.getTime() + n * 86_400_000)

t.test('a token is stored only as its SHA-256 and authenticates its account', async (t) => {
  const db = freshDb(t)
  const repo = createTokenRepository(db)
  repo.createUser({ name: 'lab-shanghai', role: 'lab', now: T0 })
  const { secret, token } = repo.issueToken({ userName: 'lab-shanghai', label: 'sequencer PC', now: T0, createdBy: 'cli' })
  t.match(secret, /^hw_[A-Za-z0-9_-]{43}$/)
  t.equal(token.expiresAt, '2026-04-01T00:00:00.000Z', '90 days after 1 January 2026 is 1 April')
  const rows = db.prepare('SELECT * FROM api_tokens').all() as Array<Record<string, unknown>>
  t.equal(rows.length, 1)
  t.equal(rows[0].token_hash, hashToken(secret))
  const dump = JSON.stringify(db.prepare('SELECT * FROM api_tokens, users').all())
  t.notOk(dump.includes(secret.slice(3)), 'the secret appears nowhere in the database')
  t.match(repo.authenticate(secret, days(1)), { status: 'ok', token: { userName: 'lab-shanghai', role: 'lab', label: 'sequencer PC' } })
  t.same(repo.authenticate(secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A'), days(1)), { status: 'unknown' })
  t.same(repo.authenticate('not a token'), { status: 'unknown' })
})

t.test('expiry, revocation and disabled accounts', async (t) => {
  const db = freshDb(t)
  const repo = createTokenRepository(db)
  repo.createUser({ name: 'cw', role: 'caseworker', now: T0 })
  const short = repo.issueToken({ userName: 'cw', ttlDays: 1, now: T0, createdBy: 'admin' })
  t.equal(repo.authenticate(short.secret, days(0.99)).status, 'ok')
  t.equal(repo.authenticate(short.secret, days(1)).status, 'expired', 'expired at the exact instant')
  const other = repo.issueToken({ userName: 'cw', now: T0, createdBy: 'admin' })
  const revoked = repo.revokeToken(other.token.id, days(2))
  t.equal(revoked.revokedAt, days(2).toISOString())
  t.equal(repo.authenticate(other.secret, days(3)).status, 'revoked')
  t.equal(repo.revokeToken(other.token.id, days(5)).revokedAt, days(2).toISOString(), 'revoking twice keeps the first date')
  const third = repo.issueToken({ userName: 'cw', now: T0, createdBy: 'admin' })
  repo.disableUser('cw', days(1))
  t.equal(repo.authenticate(third.secret, days(2)).status, 'disabled')
  t.throws(() => repo.issueToken({ userName: 'cw', now: T0, createdBy: 'admin' }), { code: 'CONFLICT' })
  t.same(repo.listTokens({ userName: 'cw' }).map((x) => x.id).sort(), [short.token.id, other.token.id, third.token.id].sort())
})

t.test('refusals', async (t) => {
  const db = freshDb(t)
  const repo = createTokenRepository(db)
  repo.createUser({ name: 'a', role: 'admin' })
  t.throws(() => repo.createUser({ name: 'a', role: 'lab' }), { code: 'CONFLICT' })
  t.throws(() => repo.createUser({ name: 'b', role: 'root' as never }), HomewardError)
  t.throws(() => repo.createUser({ name: '  ', role: 'lab' }), { code: 'BAD_REQUEST' })
  t.throws(() => repo.issueToken({ userName: 'nobody', createdBy: 'cli' }), { code: 'NOT_FOUND' })
  t.throws(() => repo.issueToken({ userName: 'a', ttlDays: 0, createdBy: 'cli' }), { code: 'BAD_REQUEST' })
  t.throws(() => repo.issueToken({ userName: 'a', ttlDays: 731, createdBy: 'cli' }), { code: 'BAD_REQUEST' })
  t.throws(() => repo.revokeToken('tok_nope'), { code: 'NOT_FOUND' })
  t.throws(() => db.prepare("INSERT INTO users (name, role, created_at) VALUES ('x', 'root', 'now')").run(), /CHECK/)
})
