import Fastify from 'fastify'
import t from 'tap'
import { errorHandler } from '../../../src/http/plugins/error-handler.ts'
import { installAuth, isOpenRoute } from '../../../src/http/plugins/auth.ts'
import { createTokenRepository } from '../../../src/storage/token-repository.ts'
import { buildTestApp } from '../../helpers/build-test-app.ts'

t.test('every way a token can be wrong is a 401, with the reason', async (t) => {
  const { app, db, authHeaders } = await buildTestApp(t)
  const tokens = createTokenRepository(db)
  const get = async (headers: Record<string, string>) => await app.inject({ method: 'GET', url: '/tokens', headers })

  t.equal((await get(authHeaders('admin'))).statusCode, 200, 'the control: a good admin token passes')
  const none = await get({})
  t.equal(none.statusCode, 401)
  t.equal(none.headers['www-authenticate'], 'Bearer')
  t.equal((await get({ authorization: 'Basic YWRtaW46YWRtaW4=' })).statusCode, 401)
  t.equal((await get({ authorization: 'Bearer hw_' + 'A'.repeat(43) })).statusCode, 401, 'well-formed but unknown')
  t.equal((await get({ authorization: 'Bearer ' + 'x'.repeat(5000) })).statusCode, 401)

  tokens.createUser({ name: 'adm2', role: 'admin' })
  const revoked = tokens.issueToken({ userName: 'adm2', createdBy: 'test' })
  tokens.revokeToken(revoked.token.id)
  const r = await get({ authorization: `Bearer ${revoked.secret}` })
  t.equal(r.statusCode, 401)
  t.match(r.json(), { code: 'UNAUTHORIZED', message: /revoked/ })

  const expiring = tokens.issueToken({ userName: 'adm2', ttlDays: 1e-8, createdBy: 'test' }) // ~1 ms
  await new Promise((resolve) => setTimeout(resolve, 20))
  t.match((await get({ authorization: `Bearer ${expiring.secret}` })).json(), { statusCode: 401, message: /expired/ })

  const live = tokens.issueToken({ userName: 'adm2', createdBy: 'test' })
  t.equal((await get({ authorization: `Bearer ${live.secret}` })).statusCode, 200)
  tokens.disableUser('adm2')
  t.match((await get({ authorization: `Bearer ${live.secret}` })).json(), { statusCode: 401, message: /disabled/ })
})

t.test('a wrong role is a 403 naming the roles allowed; health and docs are open', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const r = await app.inject({ method: 'GET', url: '/audit', headers: authHeaders('admin') })
  t.equal(r.statusCode, 403)
  t.match(r.json(), { code: 'FORBIDDEN', message: 'role admin may not GET /audit (allowed: auditor)' })
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/no-such-route' })).statusCode, 401, 'no route map for strangers')
  t.equal((await app.inject({ method: 'GET', url: '/no-such-route', headers: authHeaders('lab') })).statusCode, 404)
})

t.test('the body of an unauthenticated request is never parsed', async (t) => {
  const { app } = await buildTestApp(t)
  const r = await app.inject({ method: 'POST', url: '/tokens', headers: { 'content-type': 'application/json' }, payload: '{"user": not json at all' })
  t.equal(r.statusCode, 401, '401, not the 400 a parse would give')
})

t.test('a route that forgets its roles is closed to every role', async (t) => {
  t.ok(isOpenRoute('/health', []))
  t.ok(isOpenRoute('/docs/json', undefined))
  t.notOk(isOpenRoute('/docsx', undefined))
  t.notOk(isOpenRoute('/cases', undefined))
  // a bare Fastify instance with the real plugin and a real token store, and a route without config.roles
  const { db, authHeaders } = await buildTestApp(t)
  const app = Fastify()
  app.setErrorHandler(errorHandler)
  installAuth(app, { tokens: createTokenRepository(db) })
  app.get('/forgotten', async () => ({ secret: 'data' }))
  app.get('/declared', { config: { roles: ['lab'] } }, async () => ({ ok: true }))
  t.teardown(async () => await app.close())
  for (const role of ['lab', 'caseworker', 'admin', 'auditor'] as const) {
    const r = await app.inject({ method: 'GET', url: '/forgotten', headers: authHeaders(role) })
    t.equal(r.statusCode, 403, role)
    t.match(r.json(), { message: /declares no roles/ })
  }
  t.equal((await app.inject({ method: 'GET', url: '/declared', headers: authHeaders('lab') })).statusCode, 200)
})
