import { Writable } from 'node:stream'
import t from 'tap'
import { createAuditRepository } from '../../../src/storage/audit-repository.ts'
import { createTokenRepository } from '../../../src/storage/token-repository.ts'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { addPerson, signIn, testClock } from '../../helpers/sign-in.ts'

const PASSWORD = 'river-lantern-0417'

t.test('sign in, use the session, sign out', async (t) => {
  const h = await buildTestApp(t)
  await addPerson(h.db, 'cw-zhang', 'caseworker', PASSWORD)
  const s = await signIn(h.app, { name: 'cw-zhang', password: PASSWORD })
  t.equal(s.status, 200, JSON.stringify(s.body))
  t.match(s.body, { user: 'cw-zhang', role: 'caseworker', totpEnrolmentRequired: false, passwordChangeRequired: false, sessionId: /^ses_/ })
  t.match(s.csrfToken, /^[A-Za-z0-9_-]{43}$/)
  t.match(s.setCookie, /^homeward_session=hws_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/, 'HttpOnly, Strict, Path=/, 12 h; not Secure on a loopback HOST')
  t.notOk(JSON.stringify(s.body).includes(s.cookie.slice('homeward_session='.length)), 'the body never holds the session secret')

  const session = await h.app.inject({ method: 'GET', url: '/session', headers: { cookie: s.cookie } })
  t.equal(session.statusCode, 200)
  t.match(session.json(), { user: 'cw-zhang', csrfToken: s.csrfToken })
  t.equal(session.headers['cache-control'], 'no-store')
  t.match((await h.app.inject({ method: 'GET', url: '/me', headers: { cookie: s.cookie } })).json(), { account: 'cw-zhang', role: 'caseworker', sessionId: s.body.sessionId })
  t.equal((await h.app.inject({ method: 'GET', url: '/cases/none', headers: { cookie: s.cookie } })).statusCode, 404, 'a caseworker route, reached')

  const out = await h.app.inject({ method: 'DELETE', url: '/session', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } })
  t.equal(out.statusCode, 200)
  t.match(String(out.headers['set-cookie']), /^homeward_session=; .*Max-Age=0/, 'the cookie is cleared')
  const after = await h.app.inject({ method: 'GET', url: '/session', headers: { cookie: s.cookie } })
  t.equal(after.statusCode, 401, 'a signed-out session is refused')
  t.match(after.json(), { code: 'UNAUTHORIZED', message: /ended/ })
  t.equal((await h.app.inject({ method: 'GET', url: '/cases/none', headers: { cookie: s.cookie } })).statusCode, 401)

  const actions = [...createAuditRepository(h.db).all()].map((e) => `${e.actor}:${e.action}:${e.status}`)
  t.same(actions, ['cw-zhang:session.create:200', 'cw-zhang:case.read:404', 'cw-zhang:session.delete:200'], 'a session\'s requests are audited under its account')
})

t.test('a plain HTML form signs in too, and a new sign-in replaces the browser\'s old session', async (t) => {
  const h = await buildTestApp(t)
  await addPerson(h.db, 'lab-qin', 'lab', PASSWORD)
  const form = await h.app.inject({
    method: 'POST',
    url: '/session',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ name: 'lab-qin', password: PASSWORD, code: '' }).toString()
  })
  t.equal(form.statusCode, 200, form.body)
  const first = /^(homeward_session=[^;]+)/.exec(String(form.headers['set-cookie']))?.[1] ?? ''
  const again = await signIn(h.app, { name: 'lab-qin', password: PASSWORD }, { headers: { cookie: first } })
  t.equal(again.status, 200)
  t.not(again.cookie, first)
  t.equal((await h.app.inject({ method: 'GET', url: '/session', headers: { cookie: first } })).statusCode, 401, 'the old one ended')
  t.equal((await h.app.inject({ method: 'GET', url: '/session', headers: { cookie: again.cookie } })).statusCode, 200)
  const twice = await h.app.inject({ method: 'POST', url: '/session', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=lab-qin&name=admin&password=x' })
  t.equal(twice.statusCode, 400, 'a field sent twice is refused')
  t.match(twice.json(), { message: /"name" is sent twice/ })
})

t.test('a wrong password and an unknown account get the same answer in about the same time', async (t) => {
  const h = await buildTestApp(t)
  await addPerson(h.db, 'cw-he', 'caseworker', PASSWORD)
  const timed = async (name: string) => {
    const start = process.hrtime.bigint()
    const r = await signIn(h.app, { name, password: 'not-the-password-1' })
    return { r, ms: Number(process.hrtime.bigint() - start) / 1e6 }
  }
  await timed('warm-up-account')
  const known = await timed('cw-he')
  const unknown = await timed('no-such-person')
  t.equal(known.r.status, 401)
  t.equal(unknown.r.status, 401)
  t.same(unknown.r.body, known.r.body, 'the same body')
  t.equal(known.r.cookie, '')
  t.ok(unknown.ms > known.ms / 3, `an unknown account also pays for a hash (${unknown.ms.toFixed(0)} ms vs ${known.ms.toFixed(0)} ms)`)
  // a token-only account (no password) and a disabled one answer the same way
  const tokenOnly = await signIn(h.app, { name: 'test-lab', password: 'whatever-it-is-1' })
  t.same(tokenOnly.body, known.r.body)
  createTokenRepository(h.db).disableUser('cw-he')
  const disabled = await signIn(h.app, { name: 'cw-he', password: PASSWORD })
  t.same([disabled.status, disabled.body, disabled.cookie], [401, known.r.body, ''], 'a disabled account, right password: the same refusal')
  const entries = [...createAuditRepository(h.db).all()].filter((e) => e.action === 'session.create')
  t.same(entries.map((e) => [e.actor, e.target.reason, e.status]), [
    ['(unknown account)', 'unknown-account', 401], ['cw-he', 'password', 401], ['(unknown account)', 'unknown-account', 401],
    ['test-lab', 'no-password', 401], ['cw-he', 'disabled', 401]
  ], 'every refusal is in the trail; a name that is no account is not')
  t.notOk(JSON.stringify(entries).includes('no-such-person'), 'an unknown name (maybe a password typed in the wrong box) is not recorded')
})

t.test('back-off: 429 with Retry-After after 5 failures per account and per address, then allowed again', async (t) => {
  const clock = testClock()
  const h = await buildTestApp(t, { trust: { now: clock.now } })
  await addPerson(h.db, 'cw-guo', 'caseworker', PASSWORD)
  const attempt = async (password: string, remoteAddress = '10.0.0.5', name = 'cw-guo') => await signIn(h.app, { name, password }, { remoteAddress })

  for (let i = 1; i <= 4; i++) t.equal((await attempt('wrong-password-' + i)).status, 401, `failure ${i} is free`)
  const fifth = await h.app.inject({ method: 'POST', url: '/session', payload: { name: 'cw-guo', password: 'wrong-password-5' }, remoteAddress: '10.0.0.5' })
  t.equal(fifth.statusCode, 401)
  t.equal(fifth.headers['retry-after'], '1', 'the fifth failure brings a 1 s lock')
  const locked = await h.app.inject({ method: 'POST', url: '/session', payload: { name: 'cw-guo', password: PASSWORD }, remoteAddress: '10.0.0.5' })
  t.equal(locked.statusCode, 429, 'even the right password waits')
  t.equal(locked.headers['retry-after'], '1')
  t.match(locked.json(), { code: 'RATE_LIMITED', details: { retryAfterSeconds: 1 } })
  t.equal((await attempt(PASSWORD, '10.9.9.9')).status, 429, 'the account is locked from any address')

  clock.advance(1)
  t.equal((await attempt('wrong-password-6')).status, 401, 'after the delay, tried again (and wrong: 6th failure)')
  t.equal((await attempt(PASSWORD)).status, 429, 'now 2 s')
  clock.advance(1)
  t.equal((await attempt(PASSWORD)).status, 429)
  clock.advance(1)
  const ok = await attempt(PASSWORD)
  t.equal(ok.status, 200, 'allowed after the delay')

  // A success clears the account's count, not the address's: one more failure from 10.0.0.5 (its 7th),
  // under another name, locks the address for 4 s, whatever name comes next.
  const seventh = await attempt('nope-nope-nope', '10.0.0.5', 'ghost-1')
  t.equal(seventh.status, 401)
  t.equal((await attempt('nope-nope-nope', '10.0.0.5', 'ghost-9')).status, 429, 'the address is locked for every name')
  t.equal((await attempt(PASSWORD, '10.0.0.5')).status, 429, 'even for the account that just signed in')
  t.equal((await attempt('nope-nope-nope', '10.0.0.6', 'ghost-9')).status, 401, 'another address is not')

  // Counted before the hash: a burst sent at once cannot slip through before the first failure is counted.
  clock.advance(3600)
  await addPerson(h.db, 'cw-burst', 'caseworker', PASSWORD)
  const burst = await Promise.all(Array.from({ length: 12 }, async (_, i) => await attempt('burst-guess-' + i, `10.1.0.${i}`, 'cw-burst')))
  const statuses = burst.map((b) => b.status)
  t.equal(statuses.filter((s) => s === 401).length, 5, `only 5 of 12 simultaneous guesses were checked (${statuses.join(' ')})`)
  t.equal(statuses.filter((s) => s === 429).length, 7)

  const trail = [...createAuditRepository(h.db).all()].filter((e) => e.action === 'session.create')
  t.ok(trail.some((e) => e.actor === 'cw-guo' && e.target.lockedSeconds === 1), 'the lock is recorded in the audit trail')
  t.ok(trail.some((e) => e.actor === 'cw-guo' && e.target.lockedSeconds === 2))
})

t.test('no password, session secret or CSRF token in the log', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, done) { lines.push(String(chunk)); done() } })
  const h = await buildTestApp(t, { logger: { level: 'trace', stream } })
  await addPerson(h.db, 'cw-log', 'caseworker', PASSWORD)
  const s = await signIn(h.app, { name: 'cw-log', password: PASSWORD })
  await signIn(h.app, { name: 'cw-log', password: 'a-wrong-password-typed' })
  await h.app.inject({ method: 'POST', url: '/session', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `name=cw-log&password=${PASSWORD}` })
  await h.app.inject({ method: 'GET', url: '/session', headers: { cookie: s.cookie } })
  await h.app.inject({ method: 'POST', url: '/me/password', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken }, payload: { currentPassword: PASSWORD, newPassword: 'a-new-river-lantern-2' } })
  await h.app.inject({ method: 'DELETE', url: '/session', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } })
  h.app.log.info({ password: PASSWORD, newPassword: 'x', code: '123456', csrfToken: s.csrfToken }, `cookie was ${s.cookie}`)
  const log = lines.join('')
  t.ok(lines.length >= 6, `control: requests were logged (${lines.length} lines)`)
  t.match(log, '"route":"/session"', 'control: the route is logged')
  const secret = s.cookie.slice('homeward_session='.length)
  for (const [what, value] of [['password', PASSWORD], ['wrong password', 'a-wrong-password-typed'], ['new password', 'a-new-river-lantern-2'],
    ['session secret', secret], ['session secret body', secret.slice(4)], ['CSRF token', s.csrfToken]]) {
    t.notOk(log.includes(value), `no ${what} in the log`)
  }
})
