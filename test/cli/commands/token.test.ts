import { mkdtempSync, rmSync } from 'node:fs'
import { hostname, tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { hashToken } from '../../../src/core/trust/token.ts'
import { createAuditRepository } from '../../../src/storage/audit-repository.ts'
import { openDatabase } from '../../../src/storage/database.ts'
import { createTokenRepository } from '../../../src/storage/token-repository.ts'
import { runCli } from '../../helpers/run-cli.ts'

t.test('the first admin token comes from the CLI, printed once, stored hashed, revocable', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-cli-token-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const env = { HOMEWARD_DB: join(dir, 'h.sqlite') }
  const operator = `cli:${userInfo().username}@${hostname()}`

  const created = runCli(['token', 'create', '--role', 'admin', '--name', 'root-admin', '--label', 'first'], env)
  t.equal(created.code, 0, created.stderr)
  const secret = created.stdout.trim()
  t.match(secret, /^hw_[A-Za-z0-9_-]{43}$/, 'stdout is the token alone, for scripts')
  t.match(created.stderr, /shown once/)

  let db = openDatabase(env.HOMEWARD_DB)
  const check = createTokenRepository(db).authenticate(secret)
  t.match(check, { status: 'ok', token: { userName: 'root-admin', role: 'admin', label: 'first', createdBy: operator } })
  t.equal((db.prepare('SELECT token_hash FROM api_tokens').get() as { token_hash: string }).token_hash, hashToken(secret))
  db.close()

  const listed = runCli(['token', 'list', '--json'], env)
  t.equal(listed.code, 0)
  t.notOk(listed.stdout.includes(secret.slice(3)), 'list never shows a secret')
  const rows = JSON.parse(listed.stdout) as Array<{ id: string, state: string }>
  t.equal(rows.length, 1)
  t.equal(rows[0].state, 'active')

  t.equal(runCli(['token', 'create', '--role', 'lab', '--name', 'root-admin'], env).code, 1, 'an account keeps its role')
  t.equal(runCli(['token', 'create', '--role', 'root', '--name', 'x'], env).code, 2)
  t.equal(runCli(['token', 'create', '--name', 'x'], env).code, 2)

  const revoked = runCli(['token', 'revoke', rows[0].id], env)
  t.equal(revoked.code, 0, revoked.stderr)
  db = openDatabase(env.HOMEWARD_DB)
  t.equal(createTokenRepository(db).authenticate(secret).status, 'revoked')
  const actions = [...createAuditRepository(db).all()].map((e) => [e.actor, e.role, e.action, e.status])
  t.same(actions, [[operator, null, 'user.create', 0], [operator, null, 'token.create', 0], [operator, null, 'token.revoke', 0]], 'each change under the operator\'s login and host')
  t.notOk(JSON.stringify([...createAuditRepository(db).all()]).includes(secret.slice(3)), 'the audit trail never holds a secret')
  db.close()
  t.equal(runCli(['token', 'revoke', 'tok_missing'], env).code, 1)
})
