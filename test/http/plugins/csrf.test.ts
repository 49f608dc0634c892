import t from 'tap'
import { isCrossSite } from '../../../src/http/plugins/csrf.ts'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { addPerson, signIn } from '../../helpers/sign-in.ts'

const PASSWORD = 'paper-crane-window-5'

t.test('a session\'s state change needs its CSRF token and must not come from another site', async (t) => {
  const h = await buildTestApp(t)
  await addPerson(h.db, 'cw-ren', 'caseworker', PASSWORD)
  await addPerson(h.db, 'cw-other', 'caseworker', PASSWORD)
  const s = await signIn(h.app, { name: 'cw-ren', password: PASSWORD })
  const other = await signIn(h.app, { name: 'cw-other', password: PASSWORD })
  // POST /me/totp/setup changes state (a pending enrolment, replaced by the next one): 200 once past CSRF.
  const post = async (headers: Record<string, string>) =>
    await h.app.inject({ method: 'POST', url: '/me/totp/setup', headers: { cookie: s.cookie, ...headers } })

  const none = await post({})
  t.equal(none.statusCode, 403, 'the cookie alone is not enough')
  t.match(none.json(), { code: 'CSRF_REFUSED', message: /CSRF token/ })
  t.match((await post({ 'x-csrf-token': other.csrfToken })).json(), { code: 'CSRF_REFUSED' }, 'another session\'s token')
  const altered = s.csrfToken.slice(0, -1) + (s.csrfToken.endsWith('A') ? 'B' : 'A')
  t.match((await post({ 'x-csrf-token': altered })).json(), { code: 'CSRF_REFUSED' }, 'one character changed')
  t.equal((await post({ 'x-csrf-token': s.csrfToken })).statusCode, 200, 'with its token: accepted')
  t.equal((await post({ 'x-csrf-token': s.csrfToken, origin: 'http://localhost:80' })).statusCode, 200, 'same origin')
  t.equal((await post({ 'x-csrf-token': s.csrfToken, 'sec-fetch-site': 'same-origin' })).statusCode, 200)

  const crossNoToken = await post({ origin: 'https://evil.example' })
  t.equal(crossNoToken.statusCode, 403, 'a cross-site POST without the token')
  t.match(crossNoToken.json(), { code: 'CSRF_REFUSED', message: /another site/ })
  t.equal((await post({ 'x-csrf-token': s.csrfToken, origin: 'https://evil.example' })).statusCode, 403, 'cross-site even with a token (leaked)')
  t.equal((await post({ 'x-csrf-token': s.csrfToken, 'sec-fetch-site': 'cross-site' })).statusCode, 403)
  t.equal((await post({ 'x-csrf-token': s.csrfToken, origin: 'null' })).statusCode, 403, 'an opaque origin')

  // A plain HTML form carries it as the _csrf field; the field never reaches the route's (strict) schema.
  const form = (fields: Record<string, string>) => h.app.inject({
    method: 'POST',
    url: '/me/password',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString()
  })
  t.equal((await form({ currentPassword: 'not-it-at-all', newPassword: 'whatever-new-pw-1' })).statusCode, 403)
  t.match((await form({ _csrf: s.csrfToken, currentPassword: 'not-it-at-all', newPassword: 'whatever-new-pw-1' })).json(), { statusCode: 400, details: { field: 'currentPassword' } })
  const changed = await form({ _csrf: s.csrfToken, currentPassword: PASSWORD, newPassword: 'a-new-paper-crane-6' })
  t.equal(changed.statusCode, 200, 'with the field: done')

  // DELETE is a state change too; GET is not.
  t.equal((await h.app.inject({ method: 'DELETE', url: '/session', headers: { cookie: s.cookie } })).statusCode, 403)
  t.equal((await h.app.inject({ method: 'GET', url: '/session', headers: { cookie: s.cookie, origin: 'https://evil.example' } })).statusCode, 200)
})

t.test('Bearer requests are exempt; sign-in itself is refused cross-site (no signing a victim into our account)', async (t) => {
  const h = await buildTestApp(t)
  await addPerson(h.db, 'cw-fan', 'caseworker', PASSWORD)
  const bearer = await h.app.inject({ method: 'POST', url: '/users', headers: { ...h.authHeaders('admin'), origin: 'https://elsewhere.example' }, payload: { name: 'by-token', role: 'lab' } })
  t.equal(bearer.statusCode, 201, 'a token is not an ambient credential')
  const cross = await signIn(h.app, { name: 'cw-fan', password: PASSWORD }, { headers: { 'sec-fetch-site': 'cross-site' } })
  t.equal(cross.status, 403)
  t.equal(cross.cookie, '')
  t.equal((await signIn(h.app, { name: 'cw-fan', password: PASSWORD }, { headers: { origin: 'http://localhost' } })).status, 200)
})

t.test('isCrossSite', async (t) => {
  t.notOk(isCrossSite({ host: 'homeward.lab.gov.cn' }), 'no Origin: a machine client or an old browser')
  t.notOk(isCrossSite({ host: 'homeward.lab.gov.cn', origin: 'https://homeward.lab.gov.cn' }))
  t.notOk(isCrossSite({ host: 'homeward.lab.gov.cn:443', origin: 'https://homeward.lab.gov.cn' }), 'default port either way')
  t.ok(isCrossSite({ host: 'homeward.lab.gov.cn', origin: 'https://homeward.lab.gov.cn:8443' }))
  t.ok(isCrossSite({ host: 'homeward.lab.gov.cn', origin: 'https://sub.homeward.lab.gov.cn' }), 'a sibling host is another origin')
  t.ok(isCrossSite({ host: 'homeward.lab.gov.cn', origin: 'not a url' }))
  t.ok(isCrossSite({ origin: 'https://x.example' }), 'no Host to compare with')
  t.ok(isCrossSite({ host: 'a', 'sec-fetch-site': 'cross-site' }))
})
