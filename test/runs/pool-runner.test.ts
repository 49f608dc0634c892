// The production runner: a real piscina pool with the tsx loader, compared with the in-process runner.
import t from 'tap'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { createInProcessRunner } from '../../src/runs/in-process-runner.ts'
import { createPoolRunner } from '../../src/runs/pool-runner.ts'
import { planPair } from '../../src/runs/match-plan.ts'
import { buildMatchModel } from '../../src/runs/match-model.ts'
import { loadConfig } from '../../src/config.ts'
import { caseFromRequest } from '../../src/runs/case-intake.ts'
import { personFromRequest } from '../../src/runs/person-intake.ts'
import { caseBody, personBody, plantFamilies, TABLE } from '../helpers/planted-families.ts'
import type { MatchJob } from '../../src/core/lr/match-job.ts'

const families = plantFamilies(31337)

t.test('the pool computes exactly what the in-process runner computes, in job order', async (t) => {
  const pool = createPoolRunner({ workers: 2, chunkSize: 2 })
  t.teardown(() => pool.close())
  const model = buildMatchModel(TABLE, loadConfig({}))
  const jobs: MatchJob[] = []
  for (const f of families) {
    const { record } = caseFromRequest(caseBody(f) as never, TABLE.id)
    for (const g of families) {
      const person = personFromRequest(personBody(g.personId, f.mpSex, g.child) as never)
      const plan = planPair({ ...record, createdAt: '', updatedAt: '' }, { ...person, createdAt: '', updatedAt: '' }, model)
      if (plan.kind === 'job') jobs.push(plan.job)
    }
  }
  t.equal(jobs.length, families.length ** 2)
  const fromPool = await pool.run(jobs)
  const inProcess = await createInProcessRunner().run(jobs)
  t.equal(pool.kind, 'pool')
  t.same(fromPool, inProcess, 'identical outcomes, job for job')
  t.ok(fromPool.every((o) => o.ok))
})

t.test('the app through a real pool: planted persons found, LRs equal to the in-process app', async (t) => {
  const pooled = await buildTestApp(t, { runner: 'pool' })
  const local = await buildTestApp(t)
  const health = await pooled.app.inject({ method: 'GET', url: '/health' })
  t.equal(health.json().runner, 'pool')
  for (const { app, authHeaders } of [pooled, local]) {
    for (const f of families.slice(0, 3)) {
      await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: caseBody(f) })
      await app.inject({ method: 'POST', url: '/persons', headers: authHeaders('lab'), payload: personBody(f.personId, f.mpSex, f.child) })
    }
  }
  for (const f of families.slice(0, 3)) {
    const a = (await pooled.app.inject({ method: 'GET', url: `/cases/${f.caseId}/candidates`, headers: pooled.authHeaders('caseworker') })).json()
    const b = (await local.app.inject({ method: 'GET', url: `/cases/${f.caseId}/candidates`, headers: local.authHeaders('caseworker') })).json()
    t.equal(a.candidates[0].personId, f.personId)
    t.equal(a.candidates[0].log10Lr, b.candidates[0].log10Lr)
  }
})
