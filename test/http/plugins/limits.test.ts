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
