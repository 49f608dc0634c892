import t from 'tap'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { caseBody, personBody, plantFamilies } from '../../helpers/planted-families.ts'

const [trio] = plantFamilies(7)

t.test('every answer of an authenticated route says no-store: genotypes, reports, refusals, 404s', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const lab = authHeaders('lab')
  const cw = authHeaders('caseworker')
  const answers = {
    'POST /cases': await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody(trio) }),
    'POST /persons': await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(trio.personId, trio.mpSex, trio.child) }),
    'GET /persons/:id (a profile)': await app.inject({ method: 'GET', url: `/persons/${trio.personId}`, headers: cw }),
    'GET /cases/:id (references)': await app.inject({ method: 'GET', url: `/cases/${trio.caseId}`, headers: cw }),
    'GET candidates': await app.inject({ method: 'GET', url: `/cases/${trio.caseId}/candidates`, headers: cw }),
    'GET report (JSON)': await app.inject({ method: 'GET', url: `/cases/${trio.caseId}/persons/${trio.personId}/report`, headers: cw }),
    'GET report (HTML)': await app.inject({ method: 'GET', url: `/cases/${trio.caseId}/persons/${trio.personId}/report?format=html`, headers: cw }),
    'GET /audit': await app.inject({ method: 'GET', url: '/audit', headers: authHeaders('auditor') }),
    '401 without a token': await app.inject({ method: 'GET', url: `/persons/${trio.personId}` }),
    '403 wrong role': await app.inject({ method: 'GET', url: `/persons/${trio.personId}`, headers: authHeaders('auditor') }),
    '404 unknown person': await app.inject({ method: 'GET', url: '/persons/U-NONE', headers: cw }),
    '404 no route': await app.inject({ method: 'GET', url: '/no/such/route', headers: cw })
  }
  for (const [what, r] of Object.entries(answers)) {
    t.equal(r.headers['cache-control'], 'no-store', `${what} (${r.statusCode}): Cache-Control: no-store`)
    t.equal(r.headers.pragma, 'no-cache', `${what}: Pragma: no-cache`)
  }
  t.equal(answers['GET report (JSON)'].statusCode, 200, 'control: the report was served')
  t.equal(answers['GET /persons/:id (a profile)'].statusCode, 200, 'control: the profile was served')
})

t.test('open routes stay cacheable', async (t) => {
  const { app } = await buildTestApp(t)
  const health = await app.inject({ method: 'GET', url: '/health' })
  t.equal(health.statusCode, 200)
  t.equal(health.headers['cache-control'], undefined)
})
