import t from 'tap'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { safeNext } from '../../src/web/safe-next.ts'
import { html } from '../../src/web/html.ts'
import { negotiateLocale } from '../../src/web/messages.ts'

t.test('pages escape every value', async (t) => {
  t.equal(html`<td>${'<script>"x"</script>'}</td>`.value, '<td>&lt;script&gt;&quot;x&quot;&lt;/script&gt;</td>')
  t.equal(html`${['a', html`<b>b</b>`, null, false, 3]}`.value, 'a<b>b</b>3')
})

t.test('the language: explicit choice, then Accept-Language, then Chinese', async (t) => {
  t.equal(negotiateLocale(undefined), 'zh-CN')
  t.equal(negotiateLocale('en-GB,en;q=0.9'), 'en')
  t.equal(negotiateLocale('fr-FR,en;q=0.5,zh;q=0.8'), 'zh-CN', 'by q order')
  t.equal(negotiateLocale('zh-CN', 'en'), 'en')
  t.equal(negotiateLocale('en', 'xx'), 'en', 'an unknown explicit choice is ignored')
})

t.test('next stays on this site', async (t) => {
  t.equal(safeNext('/cases/C1?x=1'), '/cases/C1?x=1')
  for (const bad of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/sign-in', 42]) t.equal(safeNext(bad), undefined, String(bad))
})

t.test('sign-in page, start page and pages without a credential', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const page = await app.inject({ method: 'GET', url: '/sign-in', headers: { 'accept-language': 'en' } })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  t.match(page.headers['content-security-policy'], /script-src 'self'/)
  t.equal(page.headers['cache-control'], 'no-store')
  t.match(page.body, /<html lang="en">/)
  t.match(page.body, /action="\/session"/)
  const zh = await app.inject({ method: 'GET', url: '/sign-in' })
  t.match(zh.body, /<html lang="zh-CN">/)
  t.match(zh.body, /登录/)
  const switched = await app.inject({ method: 'GET', url: '/sign-in?lang=en', headers: { 'accept-language': 'zh-CN' } })
  t.match(switched.body, /<html lang="en">/)
  t.match(String(switched.headers['set-cookie']), /homeward_lang=en/)
  const remembered = await app.inject({ method: 'GET', url: '/sign-in', headers: { cookie: 'homeward_lang=en', 'accept-language': 'zh-CN' } })
  t.match(remembered.body, /<html lang="en">/)

  const anonymous = await app.inject({ method: 'GET', url: '/' })
  t.equal(anonymous.statusCode, 303, 'no credential: to the sign-in page')
  t.equal(anonymous.headers.location, '/sign-in?next=%2F')
  const lab = await app.inject({ method: 'GET', url: '/', headers: authHeaders('lab') })
  t.equal(lab.statusCode, 303)
  t.equal(lab.headers.location, '/upload')
  const cw = await app.inject({ method: 'GET', url: '/', headers: authHeaders('caseworker') })
  t.equal(cw.headers.location, '/inbox')
  const css = await app.inject({ method: 'GET', url: '/assets/app.css' })
  t.equal(css.statusCode, 200)
  t.match(css.headers['content-type'], /text\/css/)
  t.equal((await app.inject({ method: 'GET', url: '/assets/..%2Fpages-plugin.ts' })).statusCode, 404)
})

t.test('sign-in without script: the form post is redirected, on success to next, on refusal back with the reason', async (t) => {
  const { app, db } = await buildTestApp(t)
  const { createUserCredentialRepository } = await import('../../src/storage/user-credential-repository.ts')
  const { hashPassword } = await import('../../src/core/trust/password.ts')
  const { createTokenRepository } = await import('../../src/storage/token-repository.ts')
  const user = createTokenRepository(db).createUser({ name: 'form-cw', role: 'caseworker' })
  createUserCredentialRepository(db).setPassword(user.id, await hashPassword('correct horse battery staple'), { mustChange: false })
  const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html,application/xhtml+xml' }
  const wrong = await app.inject({ method: 'POST', url: '/session?next=%2Fcases', headers: form, payload: 'name=form-cw&password=wrong-password-here' })
  t.equal(wrong.statusCode, 303)
  t.equal(wrong.headers.location, '/sign-in?refused=1')
  t.match((await app.inject({ method: 'GET', url: '/sign-in?refused=1&lang=en' })).body, /Sign-in refused/)
  const ok = await app.inject({ method: 'POST', url: '/session?next=%2Fcases', headers: form, payload: 'name=form-cw&password=correct+horse+battery+staple' })
  t.equal(ok.statusCode, 303)
  t.equal(ok.headers.location, '/cases')
  t.match(String(ok.headers['set-cookie']), /homeward_session=/)
  const evil = await app.inject({ method: 'POST', url: '/session?next=%2F%2Fevil.example', headers: form, payload: 'name=form-cw&password=correct+horse+battery+staple' })
  t.equal(evil.headers.location, '/', 'a next off this site is ignored')
  const json = await app.inject({ method: 'POST', url: '/session', headers: { 'content-type': 'application/json' }, payload: { name: 'form-cw', password: 'correct horse battery staple' } })
  t.equal(json.statusCode, 200, 'JSON callers keep the JSON answer')
})
