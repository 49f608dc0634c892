// The caseworker's inbox page: the alerts of planted children's searches, unread first and bold, the
// unread count in the title and the navigation badge, marking read (one and all), the unread filter,
// pagination, both languages, escaping, and the refusal of other roles.
import t from 'tap'
import { createAlertRepository } from '../../src/storage/alert-repository.ts'
import { seedWorkspace } from '../helpers/caseworker-seed.ts'
import { addPerson, signIn } from '../helpers/sign-in.ts'

const form = (headers: Record<string, string>): Record<string, string> => ({ ...headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' })
const rows = (body: string): string[] => body.match(/<tr( class="unread")?>\s*<td>/g) ?? []

t.test('the inbox shows the planted children\'s alerts and marking read changes the count', async (t) => {
  const ws = await seedWorkspace(t)
  const cw = ws.authHeaders('caseworker')
  const [a, b] = ws.families

  const en = await ws.page('/inbox')
  t.equal(en.statusCode, 200)
  t.match(en.body, /<h1>Inbox \(2 unread\)<\/h1>/, 'unread count in the title')
  t.match(en.body, /<span class="badge" aria-label="2 unread">2<\/span>/, 'and in the navigation badge')
  for (const f of [a, b]) {
    t.match(en.body, `<a href="/cases/${f.caseId}/persons/${f.personId}" data-alert=`, `links to the pair page of ${f.caseId}`)
  }
  t.match(en.body, /New match/)
  t.match(en.body, /search on entry/)
  t.match(en.body, /\(GMT\+8\)/, 'times in the agency\'s zone (HOMEWARD_TIME_ZONE, default Asia/Shanghai) with the offset')
  t.match(en.body, /× 10<sup>\d+<\/sup>/, 'the LR in scientific notation')
  t.equal(rows(en.body).filter((r) => r.includes('unread')).length, 2, 'both rows bold (unread)')
  t.match(en.body, /src="\/assets\/caseworker-inbox\.js"/)

  const zh = await ws.page('/inbox', { lang: 'zh-CN' })
  t.match(zh.body, /<html lang="zh-CN">/)
  t.match(zh.body, /<h1>提醒（2 条未读）<\/h1>/)
  t.match(zh.body, /新比中/)
  t.match(zh.body, /入库比对/)

  const alerts = createAlertRepository(ws.db)
  // as the caseworker reads it (the inbox holds the alerts of the reader's unit and below), nothing marked yet
  const reader = ws.db.prepare("SELECT id FROM users WHERE role = 'caseworker' ORDER BY id LIMIT 1").pluck().get() as number
  const ids = alerts.inbox(reader, { limit: 10 }).map((x) => x.id)
  t.equal(ids.length, 2)
  const marked = await ws.app.inject({ method: 'POST', url: '/inbox/read', headers: form(cw), payload: `alert=${ids[0]}` })
  t.equal(marked.statusCode, 303, marked.body.slice(0, 300))
  t.equal(marked.headers.location, '/inbox?marked=1&one=1')
  const after = await ws.page('/inbox?marked=1&one=1')
  t.match(after.body, /<h1>Inbox \(1 unread\)<\/h1>/, 'the count went down')
  t.match(after.body, /Alert marked read\./)
  const unreadAt = after.body.indexOf('<tr class="unread">')
  const readAt = after.body.indexOf('<tr>\n  <td><span class="muted">read</span>')
  t.ok(unreadAt > 0 && readAt > unreadAt, 'the unread alert comes first')
  const only = await ws.page('/inbox?unread=1')
  t.equal(rows(only.body).length, 1, 'the unread filter hides the read one')
  t.match(only.body, /id="unread" name="unread" value="1" checked/)

  t.equal((await ws.app.inject({ method: 'POST', url: '/inbox/read', headers: form(cw), payload: 'alert=99999' })).statusCode, 404, 'an alert not in the inbox')
  t.equal((await ws.app.inject({ method: 'POST', url: '/inbox/read', headers: form(cw), payload: 'alert=x' })).statusCode, 400)

  const all = await ws.app.inject({ method: 'POST', url: '/inbox/read-all', headers: form(cw), payload: '' })
  t.equal(all.statusCode, 303)
  t.equal(all.headers.location, '/inbox?marked=1')
  const none = await ws.page('/inbox')
  t.match(none.body, /<h1>Inbox<\/h1>/, 'nothing unread: no count')
  t.notMatch(none.body, /class="badge"/)
  t.notMatch(none.body, /id="mark-all-read"/)

  for (const role of ['lab', 'admin', 'auditor'] as const) {
    const refused = await ws.page('/inbox', { headers: ws.authHeaders(role) })
    t.equal(refused.statusCode, 403, `${role}: 403`)
    t.match(refused.body, /Not allowed/)
    t.equal((await ws.app.inject({ method: 'POST', url: '/inbox/read-all', headers: form(ws.authHeaders(role)), payload: '' })).statusCode, 403)
  }
  t.equal((await ws.app.inject({ method: 'GET', url: '/inbox', headers: { accept: 'text/html' } })).statusCode, 303, 'signed out: to the sign-in page')
})

t.test('the inbox pages 50 at a time and escapes what it shows', async (t) => {
  const ws = await seedWorkspace(t, { families: 1 })
  const alerts = createAlertRepository(ws.db)
  const hostile = '<script>alert("x")</script>'
  // The alert recorder's own storage call, for volume: 60 more alerts, one of them naming a hostile pair.
  // Alerts are of stored cases (the inbox holds those of the reader's unit): all of the seeded case, one
  // naming a hostile person id.
  const caseId = ws.families[0].caseId
  for (let i = 0; i < 60; i++) alerts.add({ caseId, personId: i === 0 ? hostile : `P-${i}`, kind: 'new-candidate', log10Lr: 3.5, previousLog10Lr: null, source: 'rerun', rerunId: 7 })
  const first = await ws.page('/inbox')
  t.match(first.body, /Inbox \(61 unread\)/)
  t.equal(rows(first.body).length, 50, '50 on a page')
  t.match(first.body, /<a href="\/inbox\?page=2" rel="next">Next<\/a>/)
  t.match(first.body, /rerun 7/)
  t.match(first.body, /New candidate/)
  const second = await ws.page('/inbox?page=2')
  t.equal(rows(second.body).length, 11, 'the rest on page 2')
  t.match(second.body, /rel="prev"/)
  t.notMatch(second.body, /rel="next"/)
  const all = first.body + second.body
  t.notMatch(all, /<script>alert/, 'a hostile id never becomes markup')
  t.match(all, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/)
  t.match(all, new RegExp(`href="/cases/${caseId}/persons/%3Cscript%3Ealert\\(%22x%22\\)%3C%2Fscript%3E"`), 'and is encoded in links')
})

t.test('a signed-in caseworker\'s forms carry the session\'s CSRF token, and a form without it is refused', async (t) => {
  const ws = await seedWorkspace(t, { families: 1 })
  await addPerson(ws.db, 'cw-li', 'caseworker', 'a-long-river-lantern-1')
  const s = await signIn(ws.app, { name: 'cw-li', password: 'a-long-river-lantern-1' })
  t.equal(s.status, 200, JSON.stringify(s.body))
  const page = await ws.page('/inbox', { headers: { cookie: s.cookie } })
  t.equal(page.statusCode, 200)
  t.match(page.body, `<meta name="csrf-token" content="${s.csrfToken}">`, 'for the script')
  t.match(page.body, `<form method="post" action="/inbox/read-all" id="mark-all-read"><input type="hidden" name="_csrf" value="${s.csrfToken}">`, 'in the form')
  const post = (payload: string, extra: Record<string, string> = {}) => ws.app.inject({ method: 'POST', url: '/inbox/read-all', headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...extra }, payload })
  t.equal((await post('')).statusCode, 403, 'no token: refused')
  t.equal((await post(`_csrf=${s.csrfToken}`, { origin: 'https://evil.example' })).statusCode, 403, 'cross-site: refused')
  const ok = await post(`_csrf=${s.csrfToken}`)
  t.equal(ok.statusCode, 303, ok.body.slice(0, 300))
  t.match((await ws.page('/inbox', { headers: { cookie: s.cookie } })).body, /<h1>Inbox<\/h1>/, 'all read')
})
