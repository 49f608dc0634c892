import t from 'tap'
import { buildTestApp } from '../helpers/build-test-app.ts'

t.test('health and OpenAPI docs answer', async (t) => {
  const { app } = await buildTestApp(t)
  const health = await app.inject({ method: 'GET', url: '/health' })
  t.equal(health.statusCode, 200)
  t.same(health.json(), { status: 'ok', runner: 'in-process' })
  const spec = await app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(spec.statusCode, 200)
  t.ok((spec.json() as { paths: Record<string, unknown> }).paths['/health'])
})
