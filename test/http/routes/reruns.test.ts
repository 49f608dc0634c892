import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { caseBody, personBody, plantFamilies } from '../../helpers/planted-families.ts'

const families = plantFamilies(577).slice(0, 3)

t.test('POST /reruns runs in the background; progress, diff and roles over the API', async (t) => {
  // Floor 0: every same-sex pair is scored, so 'all' reruns each of them.
  const { app, authHeaders } = await buildTestApp(t, { env: { HOMEWARD_CANDIDATE_LR: '0' } })
  for (const f of families) {
    await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: caseBody(f) })
    await app.inject({ method: 'POST', url: '/persons', headers: authHeaders('lab'), payload: personBody(f.personId, f.mpSex, f.child) })
  }
  const admin = authHeaders('admin')
  t.equal((await app.inject({ method: 'POST', url: '/reruns', headers: authHeaders('caseworker'), payload: {} })).statusCode, 403, 'reruns are for admins')

  const nothing = await app.inject({ method: 'POST', url: '/reruns', headers: admin, payload: { reason: 'check' } })
  t.equal(nothing.statusCode, 202)
  t.equal(nothing.json().total, 0, 'nothing changed: nothing to do')

  const all = await app.inject({ method: 'POST', url: '/reruns', headers: admin, payload: { scope: 'all', reason: 'yearly check' } })
  t.equal(all.statusCode, 202)
  const id = all.json().id as number
  t.equal(all.json().total, families.reduce((n, f) => n + families.filter((g) => g.mpSex === f.mpSex).length, 0))
  let progress = all.json()
  for (let i = 0; i < 500 && progress.status !== 'done'; i++) {
    await sleep(20)
    progress = (await app.inject({ method: 'GET', url: `/reruns/${id}`, headers: admin })).json()
  }
  t.equal(progress.status, 'done')
  t.equal(progress.done, progress.total)
  t.equal(progress.remaining, 0)

  const diff = await app.inject({ method: 'GET', url: `/reruns/${id}/diff`, headers: authHeaders('caseworker') })
  t.equal(diff.statusCode, 200)
  t.same(diff.json().cases, [], 'the same inputs rerun: no list changed')

  const list = (await app.inject({ method: 'GET', url: '/reruns', headers: admin })).json()
  t.same(list.reruns.map((r: { id: number }) => r.id), [id, nothing.json().id])
  t.equal((await app.inject({ method: 'POST', url: `/reruns/${id}/cancel`, headers: admin })).statusCode, 409, 'a finished rerun cannot be cancelled')
  t.equal((await app.inject({ method: 'GET', url: '/reruns/999', headers: admin })).statusCode, 404)
})
