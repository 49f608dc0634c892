import t from 'tap'
import { createAuditRepository } from '../../../src/storage/audit-repository.ts'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { addPerson, codeAt, signIn, testClock } from '../../helpers/sign-in.ts'

const PASSWORD = 'harbour-kite-lamp-88'

t.test('an admin cannot work without a second factor: enrol, confirm, then every sign-in needs a fresh code', async (t) => {
  const clock = testClock()
  const h = await buildTestApp(t, { trust: { now: clock.now } })
  await addPerson(h.db, 'admin-sun', 'admin', PASSWORD)
  const s = await signIn(h.app, { name: 'admin-sun', password: PASSWORD })
  t.equal(s.status, 200)
  t.match(s.body, { role: 'admin', totpEnrolmentRequired: true })
  const as = (extra: Record<string, string> = {}) => ({ cookie: s.cookie, 'x-csrf-token': s.csrfToken, ...extra })

  const blocked = await h.app.inject({ method: 'GET', url: '/tokens', headers: as() })
  t.equal(blocked.statusCode, 403, 'the restricted state: no admin route yet')
  t.match(blocked.json(), { code: 'SIGN_IN_INCOMPLETE', message: /enrol a second factor/ })
  t.equal((await h.app.inject({ method: 'GET', url: '/session', headers: as() })).statusCode, 200, 'but it may read its state')

  const setup = await h.app.inject({ method: 'POST', url: '/me/totp/setup', headers: as() })
  t.equal(setup.statusCode, 200, setup.body)
  t.equal(setup.headers['cache-control'], 'no-store')
  const { secret, uri } = setup.json() as { secret: string, uri: string }
  t.match(secret, /^[A-Z2-7]{32}$/, '160-bit base32 secret')
  t.equal(uri, `otpauth://totp/Homeward:admin-sun?secret=${secret}&issuer=Homeward&algorithm=SHA1&digits=6&period=30`)

  const wrong = await h.app.inject({ method: 'POST', url: '/me/totp/confirm', headers: as(), payload: { code: codeAt(secret, new Date(clock.now().getTime() - 120_000)) } })
  t.equal(wrong.statusCode, 400, 'a stale code does not confirm')
  t.match(wrong.json(), { details: { field: 'code' } })
  t.equal((await h.app.inject({ method: 'GET', url: '/tokens', headers: as() })).statusCode, 403, 'not active before confirmation')
  const firstCode = codeAt(secret, clock.now())
  t.equal((await h.app.inject({ method: 'POST', url: '/me/totp/confirm', headers: as(), payload: { code: firstCode } })).statusCode, 200)
  t.equal((await h.app.inject({ method: 'GET', url: '/tokens', headers: as() })).statusCode, 200, 'this session gave the factor: it is complete')
  t.equal((await h.app.inject({ method: 'POST', url: '/me/totp/setup', headers: as() })).statusCode, 409, 'an enrolled factor is not replaced by the session')

  t.equal((await signIn(h.app, { name: 'admin-sun', password: PASSWORD })).status, 401, 'without the code: refused')
  t.equal((await signIn(h.app, { name: 'admin-sun', password: PASSWORD, code: firstCode })).status, 401, 'the confirming code cannot be used again')
  clock.advance(30)
  const code = codeAt(secret, clock.now())
  const full = await signIn(h.app, { name: 'admin-sun', password: PASSWORD, code })
  t.equal(full.status, 200)
  t.match(full.body, { totpEnrolmentRequired: false })
  t.equal((await h.app.inject({ method: 'GET', url: '/tokens', headers: { cookie: full.cookie } })).statusCode, 200)
  t.equal((await signIn(h.app, { name: 'admin-sun', password: PASSWORD, code })).status, 401, 'the same code twice in its window: refused')
  t.equal((await signIn(h.app, { name: 'admin-sun', password: 'wrong-' + PASSWORD, code: codeAt(secret, new Date(clock.now().getTime() + 30_000)) })).status, 401, 'a good code does not help a wrong password')

  const trail = JSON.stringify([...createAuditRepository(h.db).all()])
  t.ok(trail.includes('me.totp-confirm'), 'control: the enrolment is in the trail')
  for (const v of [secret, secret.slice(0, 16), PASSWORD]) t.notOk(trail.includes(v), 'no TOTP secret or password in the audit trail')
  for (const v of [firstCode, code]) t.notOk(trail.includes(`"${v}"`), 'no code in the audit trail')

  // The admin resets a lost factor: the account's sessions end, the next sign-in enrols again.
  const reset = await h.app.inject({ method: 'POST', url: '/users/admin-sun/totp/reset', headers: h.authHeaders('admin') })
  t.equal(reset.statusCode, 200)
  t.match(reset.json(), { user: 'admin-sun', sessionsEnded: 2 })
  t.equal((await h.app.inject({ method: 'GET', url: '/session', headers: { cookie: full.cookie } })).statusCode, 401)
  const again = await signIn(h.app, { name: 'admin-sun', password: PASSWORD })
  t.match(again.body, { totpEnrolmentRequired: true })
})

t.test('HOMEWARD_TOTP_ROLES extends the rule to other roles; a token cannot enrol a person\'s factor', async (t) => {
  const h = await buildTestApp(t, { env: { HOMEWARD_TOTP_ROLES: 'caseworker' } })
  t.same(h.config.signIn.totpRoles, ['caseworker', 'admin'], 'admin always')
  await addPerson(h.db, 'cw-ma', 'caseworker', PASSWORD)
  await addPerson(h.db, 'lab-ma', 'lab', PASSWORD)
  const cw = await signIn(h.app, { name: 'cw-ma', password: PASSWORD })
  t.match(cw.body, { totpEnrolmentRequired: true })
  t.match((await h.app.inject({ method: 'GET', url: '/cases/x', headers: { cookie: cw.cookie } })).json(), { code: 'SIGN_IN_INCOMPLETE' })
  const lab = await signIn(h.app, { name: 'lab-ma', password: PASSWORD })
  t.match(lab.body, { totpEnrolmentRequired: false }, 'not for a lab')
  const byToken = await h.app.inject({ method: 'POST', url: '/me/totp/setup', headers: h.authHeaders('caseworker') })
  t.equal(byToken.statusCode, 409)
  t.match(byToken.json(), { message: /API token: sign in with a password/ })
  t.equal((await h.app.inject({ method: 'GET', url: '/session', headers: h.authHeaders('lab') })).statusCode, 404, 'a token has no session')
})

t.test('a temporary password from an admin must be changed first; a change ends the other sessions', async (t) => {
  const h = await buildTestApp(t)
  const admin = { ...h.authHeaders('admin'), 'content-type': 'application/json' }
  const short = await h.app.inject({ method: 'POST', url: '/users', headers: admin, payload: { name: 'cw-lu', role: 'caseworker', password: 'too-short' } })
  t.equal(short.statusCode, 400)
  t.match(short.json(), { message: /at least 12 characters/ })
  t.equal((await h.app.inject({ method: 'GET', url: '/users', headers: admin })).json().users.filter((u: { name: string }) => u.name === 'cw-lu').length, 0, 'no account half-made')
  t.equal((await h.app.inject({ method: 'POST', url: '/users', headers: admin, payload: { name: 'cw-lu', role: 'caseworker', password: 'cw-lu' } })).statusCode, 400, 'not the name')
  t.equal((await h.app.inject({ method: 'POST', url: '/users', headers: admin, payload: { name: 'cw-lu', role: 'caseworker', password: 'temporary-pass-1' } })).statusCode, 201)

  const first = await signIn(h.app, { name: 'cw-lu', password: 'temporary-pass-1' })
  const second = await signIn(h.app, { name: 'cw-lu', password: 'temporary-pass-1' }, { remoteAddress: '10.3.3.3' })
  t.match(first.body, { passwordChangeRequired: true })
  t.match((await h.app.inject({ method: 'GET', url: '/cases/x', headers: { cookie: first.cookie } })).json(), { code: 'SIGN_IN_INCOMPLETE', message: /choose your own password/ })
  const change = (currentPassword: string, newPassword: string) => h.app.inject({ method: 'POST', url: '/me/password', headers: { cookie: first.cookie, 'x-csrf-token': first.csrfToken }, payload: { currentPassword, newPassword } })
  t.match((await change('not-the-current-1', 'my-own-password-1')).json(), { statusCode: 400, details: { field: 'currentPassword' } })
  t.match((await change('temporary-pass-1', 'short')).json(), { statusCode: 400, message: /at least 12/ })
  const changed = await change('temporary-pass-1', 'my-own-password-1')
  t.equal(changed.statusCode, 200)
  t.match(changed.json(), { changed: true, sessionsEnded: 1 })
  t.equal((await h.app.inject({ method: 'GET', url: '/cases/x', headers: { cookie: first.cookie } })).statusCode, 404, 'this session goes on, complete')
  t.equal((await h.app.inject({ method: 'GET', url: '/session', headers: { cookie: second.cookie } })).statusCode, 401, 'the other one ended')
  t.equal((await signIn(h.app, { name: 'cw-lu', password: 'temporary-pass-1' })).status, 401, 'the old password is gone')
  t.match((await signIn(h.app, { name: 'cw-lu', password: 'my-own-password-1' })).body, { passwordChangeRequired: false })

  // An admin sets a new temporary one: every session ends.
  const set = await h.app.inject({ method: 'POST', url: '/users/cw-lu/password', headers: admin, payload: { password: 'another-temp-pw-2' } })
  t.equal(set.statusCode, 200)
  t.match(set.json(), { sessionsEnded: 2 })
  t.equal((await h.app.inject({ method: 'GET', url: '/session', headers: { cookie: first.cookie } })).statusCode, 401)
  t.match((await signIn(h.app, { name: 'cw-lu', password: 'another-temp-pw-2' })).body, { passwordChangeRequired: true })
  const sessions = await h.app.inject({ method: 'GET', url: '/me/sessions', headers: h.authHeaders('caseworker') })
  t.same(sessions.json(), { sessions: [] }, 'the test caseworker (a token) has no sessions')
})
