import t from 'tap'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { addPerson, codeAt, signIn } from '../helpers/sign-in.ts'

/** A browser's state change from the page script: the session cookie and the page's CSRF token. */
function fromPage (cookie: string, csrf: string): Record<string, string> {
  return { cookie, 'x-csrf-token': csrf, accept: 'application/json' }
}

t.test('a temporary password: the sign-in is pending, the security page opens and the change completes it', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  t.equal((await app.inject({ method: 'POST', url: '/users', headers: authHeaders('admin'), payload: { name: 'chen.cw', role: 'caseworker', password: 'issued by admin 1' } })).statusCode, 201)
  const s = await signIn(app, { name: 'chen.cw', password: 'issued by admin 1' })
  t.equal(s.body.passwordChangeRequired, true)
  t.equal((await app.inject({ method: 'GET', url: '/inbox?lang=en', headers: { cookie: s.cookie } })).statusCode, 403, 'nothing else opens before the change')
  const en = await app.inject({ method: 'GET', url: '/me/security?lang=en', headers: { cookie: s.cookie } })
  t.equal(en.statusCode, 200, 'the security page opens for a pending sign-in')
  t.match(en.body, /<title>Sign-in and security · Homeward<\/title>/)
  t.match(en.body, /Finish signing in before you continue/)
  t.match(en.body, /Your password was set by an administrator: choose your own below\./)
  t.notMatch(en.body, /Your role must sign in with a second factor/, 'a caseworker needs no second factor')
  t.match(en.body, `<meta name="csrf-token" content="${s.csrfToken}">`)
  t.match(en.body, /id="change-password" data-api="\/me\/password" data-then="\/me\/security\?done=password"/)
  t.match(en.body, /name="currentPassword"[\s\S]*name="newPassword"[\s\S]*name="repeat" data-skip/)
  t.match(en.body, /<span class="pill ok">this session<\/span>/)
  const zh = await app.inject({ method: 'GET', url: '/me/security?lang=zh-CN', headers: { cookie: s.cookie } })
  t.match(zh.body, /请先完成登录设置/)
  t.match(zh.body, /您的密码由管理员设置/)
  t.match(zh.body, /新密码（至少 12 个字符/)

  // what the form sends (the repeat field stays in the page)
  const wrong = await app.inject({ method: 'POST', url: '/me/password', headers: fromPage(s.cookie, s.csrfToken), payload: { currentPassword: 'not it at all', newPassword: 'my own passphrase' } })
  t.equal(wrong.statusCode, 400)
  t.match(wrong.json().message, /current password is wrong/)
  const changed = await app.inject({ method: 'POST', url: '/me/password', headers: fromPage(s.cookie, s.csrfToken), payload: { currentPassword: 'issued by admin 1', newPassword: 'my own passphrase' } })
  t.equal(changed.statusCode, 200)
  const done = await app.inject({ method: 'GET', url: '/me/security?lang=en&done=password', headers: { cookie: s.cookie } })
  t.match(done.body, /Your password was changed\./)
  t.notMatch(done.body, /Finish signing in/)
  t.match(done.body, /<a class="button" href="\/inbox" id="continue">Continue to your start page<\/a>/)
  t.match(done.body, /Last changed [A-Z][a-z]+ \d{1,2}, 20\d\d, \d\d:\d\d \(GMT\+8\)\./)
  t.equal((await app.inject({ method: 'GET', url: '/inbox?lang=en', headers: { cookie: s.cookie } })).statusCode, 200, 'the sign-in is complete')
})

t.test('an admin without a second factor enrols one from the security page', async (t) => {
  const { app, db } = await buildTestApp(t)
  await addPerson(db, 'zhao.admin', 'admin', 'admin passphrase 9')
  const s = await signIn(app, { name: 'zhao.admin', password: 'admin passphrase 9' })
  t.equal(s.body.totpEnrolmentRequired, true)
  t.equal((await app.inject({ method: 'GET', url: '/admin/users', headers: { cookie: s.cookie } })).statusCode, 403)
  const en = await app.inject({ method: 'GET', url: '/me/security?lang=en', headers: { cookie: s.cookie } })
  t.equal(en.statusCode, 200)
  t.match(en.body, /Your role must sign in with a second factor: enrol an authenticator app below\./)
  t.match(en.body, /id="totp-start" data-api="\/me\/totp\/setup" data-on-success="totp"/)
  t.match(en.body, /id="totp-confirm" data-api="\/me\/totp\/confirm" data-then="\/me\/security\?done=totp"/)
  t.match(en.body, /<div id="totp-enrol" hidden>/, 'the key appears only once the script has it')
  t.match(en.body, /No authenticator app is enrolled/)

  const setup = await app.inject({ method: 'POST', url: '/me/totp/setup', headers: fromPage(s.cookie, s.csrfToken) })
  t.equal(setup.statusCode, 200)
  const { secret, uri } = setup.json() as { secret: string, uri: string }
  t.match(uri, /^otpauth:\/\/totp\/Homeward:zhao\.admin\?secret=/)
  const pending = await app.inject({ method: 'GET', url: '/me/security?lang=en', headers: { cookie: s.cookie } })
  t.notMatch(pending.body, secret, 'the page never renders the key')
  t.match(pending.body, /Starting again replaces a code not yet confirmed\./)
  t.match(pending.body, /<img id="totp-qr" class="qr" alt="QR code of the authenticator key"/)
  const qr = await app.inject({ method: 'GET', url: '/me/security/totp-qr.svg', headers: { cookie: s.cookie } })
  t.equal(qr.statusCode, 200, 'the QR code of the enrolment under way')
  t.match(qr.headers['content-type'], /^image\/svg\+xml/)
  t.equal(qr.headers['cache-control'], 'no-store', 'it holds the key: never cached')
  t.match(qr.body, /^<svg [\s\S]*<path [\s\S]*<\/svg>\s*$/)
  const bad = await app.inject({ method: 'POST', url: '/me/totp/confirm', headers: fromPage(s.cookie, s.csrfToken), payload: { code: '000000' } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json().message, /code does not match/)
  const ok = await app.inject({ method: 'POST', url: '/me/totp/confirm', headers: fromPage(s.cookie, s.csrfToken), payload: { code: codeAt(secret, new Date()) } })
  t.equal(ok.statusCode, 200)
  const done = await app.inject({ method: 'GET', url: '/me/security?lang=zh-CN&done=totp', headers: { cookie: s.cookie } })
  t.match(done.body, /身份验证器应用已绑定/)
  t.match(done.body, /<p class="ok" id="totp-state">已于 .+ 绑定身份验证器应用/)
  t.notMatch(done.body, /id="totp-start"/)
  t.match(done.body, /href="\/admin\/users" id="continue"/)
  t.equal((await app.inject({ method: 'GET', url: '/admin/users', headers: { cookie: s.cookie } })).statusCode, 200, 'the admin may work now')
  t.equal((await app.inject({ method: 'GET', url: '/me/security/totp-qr.svg', headers: { cookie: s.cookie } })).statusCode, 404, 'no QR code once enrolled')
})

t.test('every role opens its security page; an API token gets an explanation, no forms', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  for (const role of ['lab', 'caseworker', 'admin', 'auditor'] as const) {
    const r = await app.inject({ method: 'GET', url: '/me/security?lang=en', headers: authHeaders(role) })
    t.equal(r.statusCode, 200, role)
    t.match(r.body, /made with an API token, not a signed-in session/)
    t.notMatch(r.body, /data-api=/)
  }
  t.equal((await app.inject({ method: 'GET', url: '/me/security' })).statusCode, 303, 'no credential: the sign-in page')
})
