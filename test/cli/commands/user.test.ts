import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { loadConfig } from '../../../src/config.ts'
import { buildApp } from '../../../src/http/app.ts'
import { createAuditRepository } from '../../../src/storage/audit-repository.ts'
import { openDatabase } from '../../../src/storage/database.ts'
import { createUserCredentialRepository } from '../../../src/storage/user-credential-repository.ts'
import { createTokenRepository } from '../../../src/storage/token-repository.ts'
import { runCli } from '../../helpers/run-cli.ts'
import { signIn } from '../../helpers/sign-in.ts'

const PASSWORD = 'first-admin-passphrase-7'

t.test('user create reads the password from stdin; the account then signs in with it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-cli-user-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const env = { HOMEWARD_DB: join(dir, 'h.sqlite') }

  const short = runCli(['user', 'create', '--role', 'admin', '--name', 'root-admin'], env, 'too-short\n')
  t.equal(short.code, 1, 'a too-short password is refused')
  t.match(short.stderr, /at least 12 characters/)
  t.equal(runCli(['user', 'create', '--role', 'admin', '--name', 'root-admin'], env, '').code, 1, 'no password at all')
  t.equal(runCli(['user', 'create', '--role', 'admin', '--name', 'root-admin'], env, 'root-admin\n').code, 1, 'the account name as password')
  t.equal(runCli(['user', 'create', '--role', 'root', '--name', 'x'], env, PASSWORD + '\n').code, 2, 'an unknown role is a usage error')

  const created = runCli(['user', 'create', '--role', 'admin', '--name', 'root-admin'], env, PASSWORD + '\nsecond line ignored\n')
  t.equal(created.code, 0, created.stderr)
  t.match(created.stdout, /account root-admin \(admin\) created/)
  t.match(created.stdout, /need a second factor: at the first sign-in root-admin enrols/, 'admins are told they enrol at first sign-in')
  t.notOk(created.stdout.includes(PASSWORD) || created.stderr.includes(PASSWORD), 'the password is never printed')
  t.equal(runCli(['user', 'create', '--role', 'admin', '--name', 'root-admin'], env, PASSWORD + '\n').code, 1, 'an existing account is not overwritten')
  const lab = runCli(['user', 'create', '--role', 'lab', '--name', 'lab-1'], env, 'lab-one-passphrase-2\r\n')
  t.equal(lab.code, 0, lab.stderr)
  t.notOk(lab.stdout.includes('second factor'), 'a lab is not asked for one (default policy)')

  const db = openDatabase(env.HOMEWARD_DB)
  t.teardown(() => db.close())
  const admin = createTokenRepository(db).findUser('root-admin')
  t.match(admin, { role: 'admin', disabledAt: null })
  t.match(createUserCredentialRepository(db).get(admin?.id ?? -1), { passwordHash: /^scrypt\$15\$8\$1\$/, passwordMustChange: false })
  const actions = [...createAuditRepository(db).all()].map((e) => `${e.action}:${String(e.target.user)}`)
  t.same(actions, ['user.create:root-admin', 'user.create:lab-1'])
  t.match([...createAuditRepository(db).all()][0].actor, /^cli:.+@/, 'under the operator\'s login and host')

  const app = await buildApp({ config: loadConfig({ HOMEWARD_DB: env.HOMEWARD_DB, LOG_LEVEL: 'silent' }), db })
  t.teardown(async () => await app.close())
  const s = await signIn(app, { name: 'root-admin', password: PASSWORD })
  t.equal(s.status, 200)
  t.match(s.body, { role: 'admin', totpEnrolmentRequired: true })
  const l = await signIn(app, { name: 'lab-1', password: 'lab-one-passphrase-2' })
  t.equal(l.status, 200, 'the CR of a CRLF line is not part of the password')
})

t.test('user password, totp-reset and disable end the account\'s sessions', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-cli-user-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const env = { HOMEWARD_DB: join(dir, 'h.sqlite') }
  t.equal(runCli(['user', 'create', '--role', 'caseworker', '--name', 'cw-1'], env, 'caseworker-passphrase\n').code, 0)
  const db = openDatabase(env.HOMEWARD_DB)
  t.teardown(() => db.close())
  const app = await buildApp({ config: loadConfig({ HOMEWARD_DB: env.HOMEWARD_DB, LOG_LEVEL: 'silent' }), db })
  t.teardown(async () => await app.close())
  const alive = async (cookie: string) => (await app.inject({ method: 'GET', url: '/session', headers: { cookie } })).statusCode

  const a = await signIn(app, { name: 'cw-1', password: 'caseworker-passphrase' })
  t.equal(await alive(a.cookie), 200)
  const pw = runCli(['user', 'password', 'cw-1', '--temporary'], env, 'temporary-passphrase-9\n')
  t.equal(pw.code, 0, pw.stderr)
  t.match(pw.stdout, /password of cw-1 set \(temporary\); 1 session\(s\) ended/)
  t.equal(await alive(a.cookie), 401)
  const b = await signIn(app, { name: 'cw-1', password: 'temporary-passphrase-9' })
  t.match(b.body, { passwordChangeRequired: true })

  const reset = runCli(['user', 'totp-reset', 'cw-1'], env)
  t.equal(reset.code, 0, reset.stderr)
  t.equal(await alive(b.cookie), 401)
  const c = await signIn(app, { name: 'cw-1', password: 'temporary-passphrase-9' })
  t.equal(runCli(['user', 'disable', 'cw-1'], env).code, 0)
  t.equal(await alive(c.cookie), 401, 'a disabled account\'s session is refused')
  t.equal((await signIn(app, { name: 'cw-1', password: 'temporary-passphrase-9' })).status, 401)
  t.equal(runCli(['user', 'disable', 'nobody'], env).code, 1)
  t.equal(runCli(['user', 'totp-reset'], env).code, 2)
  const actions = [...createAuditRepository(db).all()].map((e) => e.action).filter((a) => a.startsWith('user.'))
  t.same(actions, ['user.create', 'user.password-set', 'user.totp-reset', 'user.disable'])
})
