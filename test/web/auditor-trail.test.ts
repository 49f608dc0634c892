import t from 'tap'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { instantIn, zoneDayStart } from '../../src/web/pages/admin-time.ts'

t.test('the agency\'s days as UTC instants, and instants in its zone', async (t) => {
  t.equal(instantIn('en', 'Asia/Shanghai', '2026-12-01T11:29:06Z'), 'December 1, 2026, 19:29 (GMT+8)')
  t.equal(instantIn('zh-CN', 'Asia/Shanghai', '2026-12-01T11:29:06Z'), '2026年12月1日 19:29（GMT+8）')
  t.equal(zoneDayStart('2026-12-01', 'Asia/Shanghai'), '2026-11-30T16:00:00.000Z')
  t.equal(zoneDayStart('2026-12-01', 'Asia/Shanghai', 1), '2026-12-01T16:00:00.000Z')
  t.equal(zoneDayStart('2026-12-31', 'Asia/Shanghai', 1), '2026-12-31T16:00:00.000Z', 'across a year end')
  t.equal(zoneDayStart('2026-07-01', 'Europe/Berlin'), '2026-06-30T22:00:00.000Z', 'summer time')
  t.equal(zoneDayStart('2026-03-29', 'Europe/Berlin', 1), '2026-03-29T22:00:00.000Z', 'the day summer time starts has 23 hours')
  t.equal(zoneDayStart('2026-01-15', 'UTC'), '2026-01-15T00:00:00.000Z')
  for (const bad of ['2026-02-30', '2026-13-01', '20261201', '2026-12-01T00:00']) t.equal(zoneDayStart(bad, 'Asia/Shanghai'), undefined, bad)
})

t.test('the audit trail page: newest first, filters, pages of 50, roles', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const cw = authHeaders('caseworker')
  // hostile ids in route params are recorded as given and must be escaped on the page
  t.equal((await app.inject({ method: 'GET', url: `/cases/${encodeURIComponent('<script>alert(1)</script>')}`, headers: cw })).statusCode, 404)
  for (let i = 0; i < 55; i++) await app.inject({ method: 'GET', url: '/frequency-tables', headers: cw })
  await app.inject({ method: 'GET', url: '/users', headers: cw }) // refused: 403, recorded
  const auditor = authHeaders('auditor')

  const en = await app.inject({ method: 'GET', url: '/audit-trail?lang=en', headers: auditor })
  t.equal(en.statusCode, 200)
  t.match(en.body, /<title>Audit trail · Homeward<\/title>/)
  const api = (await app.inject({ method: 'GET', url: '/audit?limit=1000', headers: auditor })).json().entries as Array<{ seq: number, action: string, status: number, hash: string }>
  const seqs = [...en.body.matchAll(/<tr><th scope="row" class="num">(\d+)<\/th>/g)].map((m) => Number(m[1]))
  t.equal(seqs.length, 50, 'a page holds 50 entries')
  t.same(seqs, [...seqs].sort((a, b) => b - a), 'newest first')
  // the API's answer was recorded after the page's: the page's newest is the entry before it
  t.equal(seqs[0], api[api.length - 1].seq - 1)
  t.match(en.body, /<code>user\.list<\/code>[\s\S]*?<span class="warn">403<\/span>/, 'a refusal, marked')
  t.match(en.body, /<tr><th scope="row" class="num">\d+<\/th><td>[A-Z][a-z]+ \d{1,2}, 20\d\d, \d\d:\d\d \(GMT\+8\)<\/td>/, 'times in the agency\'s zone')
  t.match(en.body, `title="${api.find((e) => e.seq === seqs[0])?.hash ?? 'x'}"`)
  const older = /<a href="(\/audit-trail\?before=\d+)" rel="next">Older entries<\/a>/.exec(en.body)?.[1]
  t.ok(older !== undefined, 'a link to older entries')
  const page2 = await app.inject({ method: 'GET', url: `${(older ?? '').replace(/&amp;/g, '&')}&lang=en`, headers: auditor })
  const seqs2 = [...page2.body.matchAll(/<tr><th scope="row" class="num">(\d+)<\/th>/g)].map((m) => Number(m[1]))
  t.equal(seqs2[0], seqs[49] - 1, 'the next page goes on where the first ended')
  t.match(page2.body, /Newest entries/)
  t.notMatch(page2.body, /<script>alert/, 'a hostile id is escaped')
  t.match(page2.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)

  const refused = await app.inject({ method: 'GET', url: '/audit-trail?lang=en&status=refused', headers: auditor })
  const statuses = [...refused.body.matchAll(/<td class="num"><span class="[a-z]+">(\d+)<\/span><\/td>/g)].map((m) => Number(m[1]))
  t.ok(statuses.length >= 2)
  t.ok(statuses.every((s) => s >= 400 && s < 500), 'only refusals')
  const byAction = await app.inject({ method: 'GET', url: '/audit-trail?lang=en&action=user.list&actor=test-caseworker', headers: auditor })
  t.equal([...byAction.body.matchAll(/<code>user\.list<\/code>/g)].length, 1)
  t.match(byAction.body, /<option value="user\.list" selected>/)
  const none = await app.inject({ method: 'GET', url: '/audit-trail?lang=en&actor=nobody', headers: auditor })
  t.match(none.body, /No entry matches\./)
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
  const dated = await app.inject({ method: 'GET', url: `/audit-trail?lang=en&from=${today}&to=${today}&action=frequency-table.list`, headers: auditor })
  t.equal([...dated.body.matchAll(/<code>frequency-table\.list<\/code>/g)].length, 50, 'today\'s entries')
  const past = await app.inject({ method: 'GET', url: '/audit-trail?lang=en&to=2020-01-01', headers: auditor })
  t.match(past.body, /No entry matches\./)
  const badDate = await app.inject({ method: 'GET', url: '/audit-trail?lang=en&from=2026-02-30', headers: auditor })
  t.match(badDate.body, /The date &quot;2026-02-30&quot; is not a date/)

  const zh = await app.inject({ method: 'GET', url: '/audit-trail?lang=zh-CN', headers: auditor })
  t.match(zh.body, /<html lang="zh-CN">/)
  t.match(zh.body, /审计条目（最新的在前）/)
  t.match(zh.body, /<td>案件承办人<\/td>/)

  for (const role of ['admin', 'caseworker', 'lab'] as const) {
    t.equal((await app.inject({ method: 'GET', url: '/audit-trail?lang=en', headers: authHeaders(role) })).statusCode, 403, `${role}: only auditors read the trail`)
    t.equal((await app.inject({ method: 'GET', url: '/audit-trail/verify', headers: authHeaders(role) })).statusCode, 403)
  }
  const reads = (await app.inject({ method: 'GET', url: '/audit?action=page.audit-trail&limit=1000', headers: auditor })).json().entries as Array<{ actor: string, status: number }>
  t.ok(reads.some((e) => e.actor === 'test-admin' && e.status === 403), 'the refusal of an admin is recorded')
  t.ok(reads.filter((e) => e.actor === 'test-auditor').length >= 8, 'reading the trail is recorded')
})

t.test('the chain check: head hash, a head recorded earlier, a broken chain', async (t) => {
  const { app, db, authHeaders } = await buildTestApp(t)
  const auditor = authHeaders('auditor')
  await app.inject({ method: 'GET', url: '/frequency-tables', headers: authHeaders('lab') })
  const first = await app.inject({ method: 'GET', url: '/audit-trail/verify?lang=en', headers: auditor })
  t.equal(first.statusCode, 200)
  const head = /<code class="hash" id="head-hash">([0-9a-f]{64})<\/code>/.exec(first.body)?.[1] ?? ''
  t.match(first.body, /The chain is intact: \d+ entries\./)
  const api = (await app.inject({ method: 'GET', url: '/audit/verify', headers: auditor })).json()
  t.ok(api.ok)
  // the API's check came after the page's: the page's head is the entry before the API's own
  const entries = (await app.inject({ method: 'GET', url: '/audit?limit=1000', headers: auditor })).json().entries as Array<{ seq: number, hash: string }>
  t.equal(head, entries.find((e) => e.seq === api.count - 1)?.hash, 'the head shown is the trail\'s head at the check')

  const later = await app.inject({ method: 'GET', url: `/audit-trail/verify?lang=en&expect=${head}`, headers: auditor })
  t.match(later.body, /Your recorded head is entry \d+; 3 entries were added after it\./)
  t.match(later.body, `value="${head}"`)
  const missing = await app.inject({ method: 'GET', url: `/audit-trail/verify?lang=en&expect=${'a'.repeat(64)}`, headers: auditor })
  t.match(missing.body, /Your recorded head is not in the trail/)
  const bad = await app.inject({ method: 'GET', url: `/audit-trail/verify?lang=en&expect=${encodeURIComponent('<b>x</b>')}`, headers: auditor })
  t.match(bad.body, /&quot;&lt;b&gt;x&lt;\/b&gt;&quot; is not a hash/)
  const zh = await app.inject({ method: 'GET', url: '/audit-trail/verify?lang=zh-CN', headers: auditor })
  t.match(zh.body, /哈希链完整：共 \d+ 条。/)
  t.match(zh.body, /当前链头哈希/)

  // an entry edited behind the triggers' back: the page says where the chain breaks, and shows no head
  db.exec('DROP TRIGGER audit_log_no_update')
  db.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2").run()
  const broken = await app.inject({ method: 'GET', url: '/audit-trail/verify?lang=en', headers: auditor })
  t.match(broken.body, /The chain is broken at entry 2 \(\d+ entries read\): entry 2: content does not match its hash/)
  t.notMatch(broken.body, /id="head-hash"/)
})
