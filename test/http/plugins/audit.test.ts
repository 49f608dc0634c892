import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { loadConfig } from '../../../src/config.ts'
import type { AuditEntry } from '../../../src/core/trust/audit-chain.ts'
import { buildApp, type App } from '../../../src/http/app.ts'
import { createAuditRepository, MAX_AUDIT_TEXT } from '../../../src/storage/audit-repository.ts'
import { openDatabase, type Database } from '../../../src/storage/database.ts'
import { createTokenRepository } from '../../../src/storage/token-repository.ts'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { multipartBody } from '../../helpers/fuzz-inputs.ts'

t.test('each audited request leaves who, what, when and the outcome, refused ones included', async (t) => {
  const { app, db, authHeaders } = await buildTestApp(t)
  const before = Date.now()
  const created = await app.inject({ method: 'POST', url: '/users', headers: authHeaders('admin'), payload: { name: 'lab-7', role: 'lab' } })
  t.equal(created.statusCode, 201)
  await app.inject({ method: 'DELETE', url: '/tokens/tok_nothere', headers: authHeaders('admin') })
  await app.inject({ method: 'GET', url: '/users', headers: authHeaders('caseworker') })
  await app.inject({ method: 'GET', url: '/users' }) // anonymous 401: logged, not on the trail
  await app.inject({ method: 'GET', url: '/health' }) // not an audited route

  const entries = [...createAuditRepository(db).all()]
  t.same(entries.map((e) => [e.actor, e.role, e.action, e.status]), [
    ['test-admin', 'admin', 'user.create', 201],
    ['test-admin', 'admin', 'token.revoke', 404],
    ['test-caseworker', 'caseworker', 'user.list', 403]
  ])
  t.match(entries[0].target, { user: 'lab-7', role: 'lab', requestId: /./ })
  t.match(entries[1].target, { id: 'tok_nothere' }, 'route params are the target')
  t.ok(Date.parse(entries[0].at) >= before - 1000 && Date.parse(entries[0].at) <= Date.now())
  t.ok(createAuditRepository(db).verify().ok)
})

t.test('when the trail cannot be written, the answer is withheld (fail closed)', async (t) => {
  const { app, db, authHeaders } = await buildTestApp(t)
  t.equal((await app.inject({ method: 'GET', url: '/users', headers: authHeaders('admin') })).statusCode, 200)
  // make appends fail: a trigger that refuses inserts, as a full disk or a broken file would
  db.exec("CREATE TRIGGER audit_log_full BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END")
  const r = await app.inject({ method: 'GET', url: '/users', headers: authHeaders('admin') })
  t.equal(r.statusCode, 500)
  t.notMatch(r.body, /test-lab/, 'the account list did not go out unrecorded')
})

/**
 * The real app (auth, audit, error handler) with extra routes that fail in the ways a route can:
 * registered before ready, after the trust layer, as any route of the app is.
 */
async function appWithRoutes (t: Test, routes: (app: App) => void): Promise<{ app: App, db: Database, headers: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-audit-plugin-'))
  const db = openDatabase(join(dir, 'h.sqlite'))
  const app = await buildApp({ config: loadConfig({ HOMEWARD_DB: join(dir, 'h.sqlite'), LOG_LEVEL: 'silent' }), db })
  db.exec('CREATE TABLE test_rows (id TEXT PRIMARY KEY)')
  routes(app)
  await app.ready()
  t.teardown(async () => { await app.close(); db.close(); rmSync(dir, { recursive: true, force: true }) })
  const tokens = createTokenRepository(db)
  tokens.createUser({ name: 'admin-1', role: 'admin' })
  return { app, db, headers: { authorization: `Bearer ${tokens.issueToken({ userName: 'admin-1', createdBy: 'test' }).secret}` } }
}

t.test('the recorded status is the status sent, whatever fails late', async (t) => {
  let failedOnce = false
  const { app, db, headers } = await appWithRoutes(t, (app) => {
    const config = { roles: ['admin'] as const, audit: 'test.late' }
    // a header Node refuses when it writes the head, after every onSend hook (the PDF file name of issue 15 item 12)
    app.get('/test/bad-header', { config }, async (_request, reply) => reply.header('content-disposition', 'attachment; filename="报告.pdf"').send('%PDF'))
    // a hook after the audit's own that fails once the record is written
    app.get('/test/late-hook', {
      config,
      onSend: async (_request, _reply, payload) => {
        if (!failedOnce) { failedOnce = true; throw new Error('late failure in onSend') }
        return payload
      }
    }, async () => ({ ok: true }))
  })

  const bad = await app.inject({ method: 'GET', url: '/test/bad-header', headers })
  t.equal(bad.statusCode, 500)
  const badEntries = [...createAuditRepository(db).all()].filter((e) => e.action === 'test.late')
  t.same(badEntries.map((e) => e.status), [500], 'one entry, with the status that went out')

  const late = await app.inject({ method: 'GET', url: '/test/late-hook', headers })
  t.equal(late.statusCode, 500)
  const lateEntries = [...createAuditRepository(db).all()].filter((e) => e.action === 'test.late').slice(1)
  t.equal(lateEntries.at(-1)?.status, 500, 'the standing record of the request is the status sent')
  t.same(lateEntries.map((e) => e.status), [200, 500], 'the entry written before the late failure is followed by the real one')
  t.equal(lateEntries[1].target.correctsSeq, lateEntries[0].seq, 'naming the entry it corrects')
  t.ok(createAuditRepository(db).verify().ok)
})

t.test('request.audit.inTransaction: the entry and the data commit together or not at all', async (t) => {
  const { app, db, headers } = await appWithRoutes(t, (app) => {
    const config = { roles: ['admin'] as const, audit: 'test.write' }
    const insert = app.db.prepare('INSERT INTO test_rows (id) VALUES (?)')
    app.post<{ Querystring: { id: string, fail?: string } }>('/test/write', { config }, async (request, reply) => {
      request.auditTarget = { rowId: request.query.id }
      app.db.transaction(() => {
        insert.run(request.query.id)
        request.audit.inTransaction(201)
        // a crash or an error right after the data write, inside the transaction
        if (request.query.fail === 'inside') throw new Error('injected failure after the data write')
      })()
      if (request.query.fail === 'after') throw new Error('injected failure after the commit')
      return await reply.status(201).send({ id: request.query.id })
    })
    app.post('/test/outside', { config }, async (request) => request.audit.inTransaction(201))
  })
  const rows = (): string[] => (db.prepare('SELECT id FROM test_rows ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id)
  const actionEntries = (): AuditEntry[] => [...createAuditRepository(db).all()].filter((e) => e.action === 'test.write')

  const ok = await app.inject({ method: 'POST', url: '/test/write?id=r1', headers })
  t.equal(ok.statusCode, 201)
  t.same(rows(), ['r1'])
  t.match(actionEntries(), [{ status: 201, actor: 'admin-1', target: { rowId: 'r1', id: undefined } }], 'one entry, written in the transaction; no second one after')
  t.equal(actionEntries().length, 1)

  const inside = await app.inject({ method: 'POST', url: '/test/write?id=r2&fail=inside', headers })
  t.equal(inside.statusCode, 500)
  t.same(rows(), ['r1'], 'the data write rolled back')
  t.same(actionEntries().map((e) => [e.status, e.target.rowId]), [[201, 'r1'], [500, 'r2']], 'and its 201 entry with it; the failure is recorded afterwards with its real status')

  const after = await app.inject({ method: 'POST', url: '/test/write?id=r3&fail=after', headers })
  t.equal(after.statusCode, 500)
  t.same(rows(), ['r1', 'r3'], 'committed before the failure')
  const last = actionEntries().slice(-2)
  t.same(last.map((e) => e.status), [201, 500], 'the committed change keeps its record, and the answer sent follows it')
  t.equal(last[1].target.correctsSeq, last[0].seq)

  const outside = await app.inject({ method: 'POST', url: '/test/outside', headers })
  t.equal(outside.statusCode, 500, 'inTransaction outside a transaction is a programming error, not a silent commit')
  t.ok(createAuditRepository(db).verify().ok)
})

t.test('an upload with an 80 KB file name leaves 200 characters of it on the trail, and its hash', async (t) => {
  const { app, db, authHeaders } = await buildTestApp(t)
  const name = 'lab-export-' + 'x'.repeat(80_000) + '.csv'
  const body = multipartBody({ name, bytes: Buffer.from('Sample Name\tTH01\nS1\t6, 7\n') })
  const r = await app.inject({ method: 'POST', url: '/imports', headers: { ...authHeaders('lab'), 'content-type': body.contentType }, payload: body.body })
  t.equal(r.statusCode, 200, r.body.slice(0, 200))
  const [entry] = createAuditRepository(db).list({ action: 'import.upload' })
  t.equal(entry.target.file, name.slice(0, MAX_AUDIT_TEXT - 1) + '…')
  t.equal(entry.target.fileSha256, createHash('sha256').update(name).digest('hex'))
  t.ok(JSON.stringify(entry.target).length < 1000, 'the entry stays small')
})
