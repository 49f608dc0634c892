import t from 'tap'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { safeNext } from '../../src/web/pages/sign-in-pages.ts'
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
