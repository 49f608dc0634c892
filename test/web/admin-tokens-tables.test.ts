import t from 'tap'
import { buildTestApp } from '../helpers/build-test-app.ts'

t.test('the tokens page lists tokens without secrets; a created token\'s secret is only in the API answer', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const admin = authHeaders('admin')
  // what admin-tokens.js sends: the form's user, label and ttlDays as JSON
  const created = await app.inject({ method: 'POST', url: '/tokens', headers: admin, payload: { user: 'test-lab', label: '<img src=x onerror=alert(1)> export job', ttlDays: 30 } })
  t.equal(created.statusCode, 201)
  const { id, token: secret } = created.json() as { id: string, token: string }
  t.match(secret, /^hw_/)
  const en = await app.inject({ method: 'GET', url: '/admin/tokens?lang=en', headers: admin })
  t.equal(en.statusCode, 200)
  t.match(en.body, `<code>${id}</code>`)
  t.notMatch(en.body, secret, 'the page never holds a secret')
  t.notMatch(en.body, /<img src=x/, 'a hostile label is escaped')
  t.match(en.body, /&lt;img src=x onerror=alert\(1\)&gt; export job/)
  t.match(en.body, /5 tokens in use, 0 revoked or expired\./)
  t.match(en.body, /This is the only time the token is shown/)
  t.match(en.body, /id="create-token" data-api="\/tokens" data-on-success="token"/)
  t.match(en.body, `data-api="/tokens/${id}" data-method="DELETE"`)
  // newest first: the token made here is above the test accounts' ones
  t.ok(en.body.indexOf(id) < en.body.indexOf('<td>test-admin</td>'), 'newest first')

  const zh = await app.inject({ method: 'GET', url: '/admin/tokens?lang=zh-CN', headers: admin })
  t.match(zh.body, /5 个令牌在用，0 个已吊销或过期。/)
  t.match(zh.body, /令牌仅显示这一次/)

  t.equal((await app.inject({ method: 'DELETE', url: `/tokens/${id}`, headers: admin })).statusCode, 200)
  const after = await app.inject({ method: 'GET', url: '/admin/tokens?lang=en&done=revoked&user=test-lab', headers: admin })
  t.match(after.body, /The token was revoked\./)
  t.match(after.body, /1 tokens in use, 1 revoked or expired\./, 'the account filter')
  const row = new RegExp(`<tr>\\s*<th scope="row"><code>${id}</code>[\\s\\S]*?</tr>`).exec(after.body)?.[0] ?? ''
  t.match(row, /revoked /)
  t.notMatch(row, /data-api=/, 'a revoked token has no revoke button')
  t.equal((await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${secret}` } })).statusCode, 401, 'the revoked token no longer works')
})

t.test('the frequency tables page lists tables with N and loci, and shows an upload\'s result', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const admin = authHeaders('admin')
  const en = await app.inject({ method: 'GET', url: '/admin/frequency-tables?lang=en', headers: admin })
  t.equal(en.statusCode, 200)
  const listed = (await app.inject({ method: 'GET', url: '/frequency-tables', headers: admin })).json().tables as Array<{ id: string, loci: number, version: string }>
  t.ok(listed.length >= 3)
  for (const table of listed) {
    const row = new RegExp(`<tr><th scope="row"><code>${table.id}</code></th>[\\s\\S]*?</tr>`).exec(en.body)?.[0] ?? ''
    t.match(row, `<td>${table.version}</td>`, table.id)
    t.match(row, `<td class="num">${table.loci}</td>`, `${table.id}: its loci`)
  }
  const nist = /<tr><th scope="row"><code>nist1036_asian<\/code><\/th>[\s\S]*?<\/tr>/.exec(en.body)?.[0] ?? ''
  t.match(nist, /<span class="pill ok">default<\/span>/)
  t.match(nist, /<td class="num">\d+(–\d+)?<\/td>/, 'N as the table states it')

  // what admin-tables.js sends: the file's loci with the form's id, population and source
  const body = { id: 'test_pop', population: '<b>Han</b> (Guangdong)', source: 'lab survey 2026', loci: { D3S1358: { alleles: ['15', '16'], frequencies: [0.4, 0.6], sampleSize: 212 }, TH01: { alleles: ['7', '9.3'], frequencies: [0.5, 0.5], sampleSize: 210 } } }
  const added = await app.inject({ method: 'POST', url: '/frequency-tables', headers: admin, payload: body })
  t.equal(added.statusCode, 201)
  const page = await app.inject({ method: 'GET', url: '/admin/frequency-tables?lang=en&done=created&id=test_pop', headers: admin })
  t.match(page.body, new RegExp(`Table test_pop version ${added.json().version as string} was added\\.`))
  const row = /<tr><th scope="row"><code>test_pop<\/code><\/th>[\s\S]*?<\/tr>/.exec(page.body)?.[0] ?? ''
  t.match(row, /&lt;b&gt;Han&lt;\/b&gt; \(Guangdong\)/, 'the population escaped')
  t.match(row, /<td class="num">210–212<\/td>/, 'N ranges over the loci')
  t.match(row, /<td class="num">2<\/td>/)
  const same = await app.inject({ method: 'POST', url: '/frequency-tables', headers: admin, payload: body })
  t.equal(same.statusCode, 200, 'the same frequencies again: nothing new')
  const zh = await app.inject({ method: 'GET', url: '/admin/frequency-tables?lang=zh-CN&done=same&id=test_pop', headers: admin })
  t.match(zh.body, /频率表 test_pop 已有相同的频率/)
  t.match(zh.body, /<td>lab survey 2026<\/td>|lab survey 2026/)
  const unknown = await app.inject({ method: 'GET', url: '/admin/frequency-tables?lang=en&done=created&id=%3Cscript%3E', headers: admin })
  t.notMatch(unknown.body, /was added/, 'no notice for a table that does not exist')

  const bad = await app.inject({ method: 'POST', url: '/frequency-tables', headers: admin, payload: { ...body, id: 'bad_pop', loci: { D3S1358: { alleles: ['15', '16'], frequencies: [0.4, 0.4] } } } })
  t.equal(bad.statusCode, 422)
  t.match(bad.json().message, /D3S1358/, 'the refusal the form shows names the locus')
  t.notMatch((await app.inject({ method: 'GET', url: '/admin/frequency-tables?lang=en', headers: admin })).body, /bad_pop/, 'nothing stored')
})
