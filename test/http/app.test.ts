import t from 'tap'
import { buildTestApp } from '../helpers/build-test-app.ts'

t.test('health and OpenAPI docs answer', async (t) => {
  const { app } = await buildTestApp(t)
  const health = await app.inject({ method: 'GET', url: '/health' })
  t.equal(health.statusCode, 200)
  t.same(health.json(), { status: 'ok', runner: 'in-process' })
  const spec = await app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(spec.statusCode, 200)
  const paths = (spec.json() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }).paths
  for (const path of ['/health', '/cases', '/persons', '/cases/{id}/candidates', '/persons/{id}/candidates', '/cases/{caseId}/persons/{personId}/report', '/reruns/{id}']) {
    t.ok(paths[path], `OpenAPI documents ${path}`)
  }
  t.ok(paths['/cases'].post.responses['409'], 'with a response schema for each status')
})
