// Issue 16 item 6: results computed under another model than the current one are served marked stale
// (API candidate lists, the case page, the admin's rerun page) until a rerun replaces them.
import t from 'tap'
import { createRng, KIT_LOCI, TABLE } from '../helpers/planted-families.ts'
import { serviceFile, type RunningService } from '../helpers/service-restart.ts'
import { SHAPES, simulatePedigree } from '../helpers/simulate-family.ts'

const rng = createRng(1606)
const trio = simulatePedigree(rng, SHAPES.trio.persons, TABLE, KIT_LOCI, { rates: { male: 0, female: 0 } })

interface Listed { personId: string, log10Lr: number | null, modelVersion: string, stale: boolean, staleReason: string | null }

t.test('results stored under θ 0.01 are served stale after a restart with θ 0, and a rerun clears it', async (t) => {
  const file = serviceFile()
  t.teardown(file.remove)
  let service: RunningService = await file.start({ HOMEWARD_THETA: '0.01' })
  t.teardown(async () => { await service.stop() })
  const lab = file.headers('lab')
  const cw = file.headers('caseworker')
  const admin = file.headers('admin')
  const list = async (): Promise<Listed[]> => {
    const r = await service.app.inject({ method: 'GET', url: '/cases/CASE-STALE/candidates', headers: cw })
    t.equal(r.statusCode, 200, r.body)
    return r.json().candidates
  }
  const staleNow = async () => (await service.app.inject({ method: 'GET', url: '/reruns/stale', headers: admin })).json()

  t.equal((await service.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-STALE', sex: 'male', profile: trio.MP } })).statusCode, 201)
  const created = await service.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { id: 'CASE-STALE', missingPerson: { sex: 'male' }, relatives: [{ id: 'father', relation: 'father', profile: trio.F }, { id: 'mother', relation: 'mother', profile: trio.M }] } })
  t.equal(created.statusCode, 201, created.body)
  const before = await list()
  t.match(before, [{ personId: 'U-STALE', stale: false, staleReason: null, modelVersion: /theta=0\.01 / }])
  t.same(await staleNow(), { stale: 0, groups: [], offer: null })

  await service.stop()
  service = await file.start({ HOMEWARD_THETA: '0' })
  const after = await list()
  t.equal(after.length, 1)
  t.equal(after[0].log10Lr, before[0].log10Lr, 'the stored value is served, not recomputed behind the reader\'s back')
  t.equal(after[0].stale, true)
  t.match(after[0].staleReason, /computed under model homeward-lr\/1 theta=0\.01 .*; the current model is homeward-lr\/1 theta=0 .*POST \/reruns/)
  const summary = await staleNow()
  t.match(summary, { stale: 1, groups: [{ results: 1, modelVersion: /theta=0\.01 / }], offer: { route: /POST \/reruns/, command: 'npx homeward rerun' } })
  const casePage = await service.app.inject({ method: 'GET', url: '/cases/CASE-STALE?lang=en', headers: { ...cw, accept: 'text/html' } })
  t.match(casePage.body, /class="pill warn stale"/, 'the case page marks the candidate')
  const rerunPage = await service.app.inject({ method: 'GET', url: '/admin/reruns?lang=en', headers: admin })
  t.match(rerunPage.body, /id="stale-results"[^>]*>1 stored results were computed under another model/, 'the admin is offered the rerun')

  const planned = await service.app.inject({ method: 'POST', url: '/reruns', headers: admin, payload: { scope: 'changed', reason: 'θ set to 0' } })
  t.equal(planned.statusCode, 202, planned.body)
  const id = planned.json().id as number
  for (let i = 0; i < 600; i++) {
    const r = (await service.app.inject({ method: 'GET', url: `/reruns/${id}`, headers: admin })).json()
    if (r.status !== 'pending' && r.status !== 'running') { t.equal(r.status, 'done'); break }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const rerun = await list()
  t.match(rerun, [{ personId: 'U-STALE', stale: false, staleReason: null, modelVersion: /theta=0 / }])
  t.same(await staleNow(), { stale: 0, groups: [], offer: null })
  t.notMatch((await service.app.inject({ method: 'GET', url: '/cases/CASE-STALE?lang=en', headers: { ...cw, accept: 'text/html' } })).body, /pill warn stale/)
})
