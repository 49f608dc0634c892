import t from 'tap'
import { buildTestApp } from '../../helpers/build-test-app.ts'

t.test('rate limits count per token, not per address', async (t) => {
  const { app, authHeaders } = await buildTestApp(t, { trust: { limits: { ratePerToken: 5, rateWindowMs: 60_000 } } })
  const get = async (role: 'admin' | 'auditor', url: string) => await app.inject({ method: 'GET', url, headers: authHeaders(role) })
  for (let i = 0; i < 5; i++) t.equal((await get('admin', '/users')).statusCode, 200, `admin request ${i + 1}`)
  const limited = await get('admin', '/users')
  t.equal(limited.statusCode, 429)
  t.match(limited.json(), { code: 'RATE_LIMITED', message: /at most 5 per 60 s for one token/ })
  t.ok(Number(limited.headers['retry-after']) > 0)
  t.equal((await get('auditor', '/audit')).statusCode, 200, 'another token from the same address is not limited')
})

t.test('bodies over the limit are refused with 413 before parsing', async (t) => {
  const { app, authHeaders } = await buildTestApp(t, { trust: { limits: { jsonBodyLimit: 10_000 } } })
  const big = JSON.stringify({ name: 'x'.repeat(20_000), role: 'lab' })
  const r = await app.inject({ method: 'POST', url: '/users', headers: { ...authHeaders('admin'), 'content-type': 'application/json' }, payload: big })
  t.equal(r.statusCode, 413)
  const ok = await app.inject({ method: 'POST', url: '/users', headers: authHeaders('admin'), payload: { name: 'small', role: 'lab' } })
  t.equal(ok.statusCode, 201)
})

t.test('a JSON body with a key given twice is refused, naming the key and where; nothing is stored', async (t) => {
  const { app, authHeaders, db } = await buildTestApp(t)
  const headers = { ...authHeaders('lab'), 'content-type': 'application/json' }
  const person = await app.inject({ method: 'POST', url: '/persons', headers, payload: '{"id":"U-DUP-1","sex":"male","profile":{"TH01":["6","9.3"],"FGA":["20","21"]},"id":"U-DUP-2"}' })
  t.equal(person.statusCode, 400)
  t.match(person.json(), { code: 'BAD_REQUEST', message: /^duplicate key "id" in body:/, details: { field: 'body', value: 'id' } })
  const locus = await app.inject({ method: 'POST', url: '/cases', headers, payload: '{"id":"C-DUP","missingPerson":{"sex":"male"},"relatives":[{"id":"father","relation":"father","profile":{"TH01":["6","7"],"FGA":["20","21"],"TH01":["8","9"]}}]}' })
  t.equal(locus.statusCode, 400)
  t.match(locus.json().message, /^duplicate key "TH01" in body\.relatives\[0\]\.profile:/)
  const n = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  t.same([n('unidentified_persons'), n('cases')], [0, 0], 'nothing was stored')
  const ok = await app.inject({ method: 'POST', url: '/persons', headers, payload: '{"id":"U-DUP-1","sex":"male","profile":{"TH01":["6","9.3"],"FGA":["20","21"]}}' })
  t.equal(ok.statusCode, 201, 'control: the same body without the second key')
})
