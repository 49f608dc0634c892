import t from 'tap'
import { createTokenRepository } from '../../../src/storage/token-repository.ts'
import { loadConfig } from '../../../src/config.ts'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { addPerson, signIn, testClock } from '../../helpers/sign-in.ts'

const PASSWORD = 'orchard-bell-tower-3'

t.test('idle, revoked by an admin, and disabled sessions are refused at their next request', async (t) => {
  const clock = testClock()
  const h = await buildTestApp(t, { trust: { now: clock.now }, env: { HOMEWARD_SESSION_IDLE_MINUTES: '30' } })
  await addPerson(h.db, 'cw-yu', 'caseworker', PASSWORD)
  const get = async (cookie: string) => await h.app.inject({ method: 'GET', url: '/cases/none', headers: { cookie } })

  const idle = await signIn(h.app, { name: 'cw-yu', password: PASSWORD })
  clock.advance(29 * 60)
  t.equal((await get(idle.cookie)).statusCode, 404, 'used after 29 minutes')
  clock.advance(29 * 60)
  t.equal((await get(idle.cookie)).statusCode, 404, 'and again 29 minutes later: activity keeps it alive')
  clock.advance(30 * 60)
  const expired = await get(idle.cookie)
  t.equal(expired.statusCode, 401, '30 minutes idle')
  t.match(expired.json(), { message: /inactivity/, details: { reason: 'idle' } })
  t.match(String(expired.headers['set-cookie']), /Max-Age=0/, 'the browser is told to drop it')

  const a = await signIn(h.app, { name: 'cw-yu', password: PASSWORD })
  const b = await signIn(h.app, { name: 'cw-yu', password: PASSWORD })
  const listed = await h.app.inject({ method: 'GET', url: '/me/sessions', headers: { cookie: a.cookie } })
  t.same(listed.json().sessions.map((s: { id: string, current: boolean }) => [s.id, s.current]).sort(), [[a.body.sessionId, true], [b.body.sessionId, false]].sort())
  const revoke = await h.app.inject({ method: 'POST', url: '/users/cw-yu/sessions/revoke', headers: h.authHeaders('admin') })
  t.match(revoke.json(), { user: 'cw-yu', sessionsEnded: 3 }, 'a, b and the idle one, now ended for good')
  t.equal((await get(a.cookie)).statusCode, 401, 'revoked by an admin')
  t.equal((await get(b.cookie)).statusCode, 401)

  const c = await signIn(h.app, { name: 'cw-yu', password: PASSWORD })
  t.equal((await get(c.cookie)).statusCode, 404)
  t.equal((await h.app.inject({ method: 'POST', url: '/users/cw-yu/disable', headers: h.authHeaders('admin') })).statusCode, 200)
  const disabled = await get(c.cookie)
  t.equal(disabled.statusCode, 401, 'a disabled account\'s session')

  const d = await signIn(h.app, { name: 'cw-yu', password: PASSWORD })
  t.equal(d.status, 401, 'and it cannot sign in again')
  // Even a session that somehow escaped revocation is refused while the account is disabled.
  h.db.prepare('UPDATE sessions SET revoked_at = NULL').run()
  t.match((await get(c.cookie)).json(), { statusCode: 401, details: { reason: 'disabled' } })
  t.match(createTokenRepository(h.db).findUser('cw-yu'), { disabledAt: /^\d{4}-/ })
})

t.test('a session meets the same role rules as a token: a lab session cannot call a caseworker route', async (t) => {
  const h = await buildTestApp(t)
  await addPerson(h.db, 'lab-xu', 'lab', PASSWORD)
  const s = await signIn(h.app, { name: 'lab-xu', password: PASSWORD })
  const bySession = await h.app.inject({ method: 'GET', url: '/cases/CASE-1/candidates', headers: { cookie: s.cookie } })
  const byToken = await h.app.inject({ method: 'GET', url: '/cases/CASE-1/candidates', headers: h.authHeaders('lab') })
  t.equal(bySession.statusCode, 403)
  t.same(bySession.json(), byToken.json(), 'the same answer, from the same rule')
  t.match(bySession.json(), { message: 'role lab may not GET /cases/:id/candidates (allowed: caseworker)' })
  t.equal((await h.app.inject({ method: 'GET', url: '/audit', headers: { cookie: s.cookie } })).statusCode, 403)
  t.equal((await h.app.inject({ method: 'GET', url: '/me/imports', headers: { cookie: s.cookie } })).statusCode, 200, 'a lab route: allowed')
  t.equal((await h.app.inject({ method: 'GET', url: '/cases/x', headers: { cookie: 'homeward_session=hws_' + 'A'.repeat(43) } })).statusCode, 401, 'an invented cookie')
  t.equal((await h.app.inject({ method: 'GET', url: '/cases/x', headers: { cookie: 'other=1' } })).statusCode, 401, 'no session cookie at all')
  const both = await h.app.inject({ method: 'GET', url: '/cases/x', headers: { cookie: s.cookie, ...h.authHeaders('caseworker') } })
  t.equal(both.statusCode, 404, 'a Bearer token wins over a cookie')
})

t.test('the Secure attribute: on unless HOST is a loopback address, or as HOMEWARD_COOKIE_SECURE says', async (t) => {
  t.equal(loadConfig({}).signIn.cookieSecure, false, 'default HOST 127.0.0.1')
  t.equal(loadConfig({ HOST: '::1' }).signIn.cookieSecure, false)
  t.equal(loadConfig({ HOST: '0.0.0.0' }).signIn.cookieSecure, true)
  t.equal(loadConfig({ HOST: '0.0.0.0', HOMEWARD_COOKIE_SECURE: '0' }).signIn.cookieSecure, false, 'TLS ends at a proxy on this host')
  t.equal(loadConfig({ HOMEWARD_COOKIE_SECURE: '1' }).signIn.cookieSecure, true)
  t.throws(() => loadConfig({ HOMEWARD_TOTP_ROLES: 'admin,root' }), /HOMEWARD_TOTP_ROLES: "root" is not a role/)
  t.throws(() => loadConfig({ HOMEWARD_SESSION_IDLE_MINUTES: '0' }), /HOMEWARD_SESSION_IDLE_MINUTES/)
  const h = await buildTestApp(t, { env: { HOMEWARD_COOKIE_SECURE: '1' } })
  await addPerson(h.db, 'cw-tls', 'caseworker', PASSWORD)
  t.match((await signIn(h.app, { name: 'cw-tls', password: PASSWORD })).setCookie, /; Secure$/)
})
