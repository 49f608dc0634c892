import t from 'tap'
import { createAuditRepository } from '../../../src/storage/audit-repository.ts'
import { buildTestApp } from '../../helpers/build-test-app.ts'

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
