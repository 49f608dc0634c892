import t from 'tap'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { addPerson, codeAt, signIn } from '../helpers/sign-in.ts'
import { accountId } from '../helpers/accounts.ts'
import { createUserCredentialRepository } from '../../src/storage/user-credential-repository.ts'
import { generateTotpSecret } from '../../src/core/trust/totp.ts'

const ADMIN_PAGES = ['/admin/users', '/admin/tokens', '/admin/frequency-tables', '/admin/reruns']

/** An admin who signs in as a person does: password and an enrolled authenticator. */
async function signedInAdmin (app: Awaited<ReturnType<typeof buildTestApp>>['app'], db: Awaited<ReturnType<typeof buildTestApp>>['db']) {
  const id = await addPerson(db, 'zhang.admin', 'admin', 'correct horse battery')
  const secret = generateTotpSecret()
  const credentials = createUserCredentialRepository(db)
  credentials.beginTotp(id, secret)
  credentials.confirmTotp(id, 1, new Date('2026-01-01T00:00:00Z'))
  const s = await signIn(app, { name: 'zhang.admin', password: 'correct horse battery', code: codeAt(secret, new Date()) })
  if (s.status !== 200) throw new Error(`sign-in: ${s.status} ${JSON.stringify(s.body)}`)
  return s
}

t.test('the accounts page lists every account with its state, in both languages', async (t) => {
  const { app, db, authHeaders } = await buildTestApp(t)
  await addPerson(db, 'wang.cw', 'caseworker', 'a long enough pass')
  const cw = await signIn(app, { name: 'wang.cw', password: 'a long enough pass' })
  t.equal(cw.status, 200)
  const en = await app.inject({ method: 'GET', url: '/admin/users?lang=en', headers: authHeaders('admin') })
  t.equal(en.statusCode, 200)
  t.match(en.body, /<html lang="en">/)
  t.match(en.body, /<title>Accounts · Homeward<\/title>/)
  for (const name of ['test-lab', 'test-caseworker', 'test-admin', 'test-auditor', 'wang.cw']) t.match(en.body, `<th scope="row">${name}</th>`, name)
  t.match(en.body, /5 accounts, 0 disabled\./)
  const row = /<tr>\s*<th scope="row">wang\.cw<\/th>[\s\S]*?<\/tr>/.exec(en.body)?.[0] ?? ''
  t.match(row, /<td>caseworker<\/td><td>[A-Z][a-z]+ \d{1,2}, 20\d\d, \d\d:\d\d \(GMT\+8\)<\/td>/, 'created, in the agency\'s zone')
  t.match(row, /<td class="num">1<\/td>/, 'one open session')
  t.match(row, /data-api="\/users\/wang\.cw\/sessions\/revoke"/)
  t.match(row, /data-api="\/users\/wang\.cw\/disable"/)
  t.notMatch(row, /totp\/reset/, 'no second factor: nothing to reset')
  t.match(row, /<td>own<\/td>/)
  const labRow = /<tr>\s*<th scope="row">test-lab<\/th>[\s\S]*?<\/tr>/.exec(en.body)?.[0] ?? ''
  t.match(labRow, /none \(API tokens only\)/)
  t.notMatch(labRow, /sessions\/revoke/, 'no session: nothing to end')
  t.match(en.body, /<form class="stack" id="create-user" data-api="\/users"/)
  t.match(en.body, /<noscript>/)

  const zh = await app.inject({ method: 'GET', url: '/admin/users?lang=zh-CN', headers: authHeaders('admin') })
  t.match(zh.body, /<html lang="zh-CN">/)
  t.match(zh.body, /共 5 个账户，其中 0 个已停用。/)
  t.match(zh.body, /<td>案件承办人<\/td>/)
  t.match(zh.body, /新建账户/)

  const search = await app.inject({ method: 'GET', url: '/admin/users?lang=en&q=WANG', headers: authHeaders('admin') })
  t.match(search.body, /wang\.cw/)
  t.notMatch(search.body, /<th scope="row">test-lab<\/th>/, 'search filters by name, case-insensitively')
  const hostile = await app.inject({ method: 'GET', url: `/admin/users?lang=en&q=${encodeURIComponent('"><script>x</script>')}`, headers: authHeaders('admin') })
  t.notMatch(hostile.body, /<script>x/)
  t.match(hostile.body, /value="&quot;&gt;&lt;script&gt;x&lt;\/script&gt;"/)
})

t.test('other roles get 403 on every admin page', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  for (const url of [...ADMIN_PAGES, '/admin/reruns/1']) {
    for (const role of ['lab', 'caseworker', 'auditor'] as const) {
      const r = await app.inject({ method: 'GET', url: `${url}?lang=en`, headers: authHeaders(role) })
      t.equal(r.statusCode, 403, `${role} ${url}`)
      t.match(r.body, /Your role may not open this page\./)
    }
    const anonymous = await app.inject({ method: 'GET', url })
    t.equal(anonymous.statusCode, 303, `${url} without a credential: to the sign-in page`)
  }
})

t.test('an admin signed in with a session creates an account as the page script does, and acts on it', async (t) => {
  const { app, db } = await buildTestApp(t)
  const admin = await signedInAdmin(app, db)
  const page = await app.inject({ method: 'GET', url: '/admin/users?lang=en', headers: { cookie: admin.cookie } })
  t.equal(page.statusCode, 200)
  const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.body)?.[1]
  t.equal(csrf, admin.csrfToken, 'the page carries the session\'s CSRF token for its script')
  // admin-api-form.js: the form's fields as JSON, the session cookie and the x-csrf-token header
  const send = async (url: string, payload?: Record<string, unknown>, token = csrf) => await app.inject({
    method: 'POST', url, headers: { cookie: admin.cookie, 'x-csrf-token': token ?? '', accept: 'application/json' }, ...(payload === undefined ? {} : { payload })
  })
  t.equal((await send('/users', { name: 'li.lab', role: 'lab', password: 'first password 1' }, 'wrong')).statusCode, 403, 'without the page\'s token: refused')
  const created = await send('/users', { name: 'li.lab', role: 'lab', password: 'first password 1' })
  t.equal(created.statusCode, 201)
  const short = await send('/users', { name: 'li.short', role: 'lab', password: 'short' })
  t.equal(short.statusCode, 400)
  t.match(short.json().message, /at least 12 characters/, 'the refusal the form shows names what was wrong')
  let list = (await app.inject({ method: 'GET', url: '/admin/users?lang=en&done=created', headers: { cookie: admin.cookie } })).body
  t.match(list, /The account was created\./)
  const row = (): string => /<tr[^>]*>\s*<th scope="row">li\.lab<\/th>[\s\S]*?<\/tr>/.exec(list)?.[0] ?? ''
  t.match(row(), /temporary \(must change\)/)
  t.notMatch(list, /li\.short/)

  const lab = await signIn(app, { name: 'li.lab', password: 'first password 1' })
  t.equal(lab.status, 200)
  t.equal(lab.body.passwordChangeRequired, true, 'the initial password must be changed at the first sign-in')
  t.equal((await send('/users/li.lab/password', { password: 'temporary pass 22' })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/me/security', headers: { cookie: lab.cookie } })).statusCode, 303, 'a temporary password ends the sessions')

  const again = await signIn(app, { name: 'li.lab', password: 'temporary pass 22' })
  t.equal(again.status, 200)
  list = (await app.inject({ method: 'GET', url: '/admin/users?lang=en', headers: { cookie: admin.cookie } })).body
  t.match(row(), /<td class="num">1<\/td>/)
  t.equal((await send('/users/li.lab/sessions/revoke')).json().sessionsEnded, 1)
  t.equal((await send('/users/li.lab/disable')).statusCode, 200)
  list = (await app.inject({ method: 'GET', url: '/admin/users?lang=en', headers: { cookie: admin.cookie } })).body
  t.match(row(), /^<tr class="disabled">[\s\S]*<span class="bad">/, 'disabled, with the date')
  t.notMatch(row(), /data-api=/, 'a disabled account has no actions left')
  t.match(list, /6 accounts, 1 disabled\./)
  t.notMatch(/<select id="temp-account"[\s\S]*?<\/select>/.exec(list)?.[0] ?? '', /li\.lab/, 'nor a temporary password')

  // the reset of a lost second factor, on the account that has one
  list = (await app.inject({ method: 'GET', url: '/admin/users?lang=en', headers: { cookie: admin.cookie } })).body
  t.match(list, /data-api="\/users\/zhang\.admin\/totp\/reset"/)
  t.notMatch(list, /data-api="\/users\/zhang\.admin\/disable"/, 'no button to disable one\'s own account')
  t.equal((await send('/users/zhang.admin/totp/reset')).statusCode, 200)
  t.equal(createUserCredentialRepository(db).get(accountId(db, 'zhang.admin')).totpConfirmedAt, null)
})
