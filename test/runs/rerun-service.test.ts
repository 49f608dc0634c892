import t from 'tap'
import { loadConfig } from '../../src/config.ts'
import { createInProcessRunner } from '../../src/runs/in-process-runner.ts'
import { createMatchService } from '../../src/runs/match-service.ts'
import { createRerunService } from '../../src/runs/rerun-service.ts'
import { createFrequencyTableRepository } from '../../src/storage/frequency-table-repository.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { caseBody, createRng, personBody, plantFamilies, unrelatedPersons } from '../helpers/planted-families.ts'
import { kinshipLr } from '../../src/core/lr/kinship-lr.ts'
import { planPair } from '../../src/runs/match-plan.ts'
import { createCaseRepository } from '../../src/storage/case-repository.ts'
import { createPersonRepository } from '../../src/storage/person-repository.ts'
import { createResultRepository } from '../../src/storage/result-repository.ts'

const families = plantFamilies(2718)

/** Same-sex (case, person) pairs: with a candidate floor of 0, every one of them is scored. */
const sameSexPairs = families.reduce((n, f) => n + families.filter((g) => g.mpSex === f.mpSex).length, 0)

/**
 * An app whose model has no mutation, loaded with the planted families; then reruns under other settings.
 * The floor is 0 (every same-sex pair is scored), so that the mechanics are checked on every pair.
 */
async function loaded (t: { teardown: (fn: () => unknown) => void }) {
  const test = await buildTestApp(t, { env: { HOMEWARD_MUTATION: 'none', HOMEWARD_CANDIDATE_LR: '0' } })
  for (const f of families) {
    await test.app.inject({ method: 'POST', url: '/cases', headers: test.authHeaders('lab'), payload: caseBody(f) })
    await test.app.inject({ method: 'POST', url: '/persons', headers: test.authHeaders('lab'), payload: personBody(f.personId, f.mpSex, f.child) })
  }
  const reruns = (env: Record<string, string>, batchSize = 4) => createRerunService({ db: test.db, match: createMatchService({ db: test.db, runner: createInProcessRunner(), settings: loadConfig({ HOMEWARD_CANDIDATE_LR: '0', ...env }), batchSize }) })
  return { ...test, reruns }
}

const pairCounts = (db: import('better-sqlite3').Database, id: number) =>
  db.prepare('SELECT count(*) AS n, sum(done) AS done, min(scored_count) AS lo, max(scored_count) AS hi FROM rerun_pairs WHERE rerun_id = ?').get(id) as { n: number, done: number, lo: number, hi: number }

t.test('incremental: nothing to do when nothing changed; a model change touches every pair, once', async (t) => {
  const { db, reruns } = await loaded(t)
  const same = reruns({ HOMEWARD_MUTATION: 'none' })
  t.equal((await same.plan()).total, 0, 'results are up to date')

  const stepwise = reruns({})
  const planned = await stepwise.plan({ reason: 'stepwise mutation model' })
  const pairs = sameSexPairs
  t.equal(planned.total, pairs, 'every same-sex case × person pair changed with the model')
  const done = await stepwise.run(planned.id)
  t.equal(done.status, 'done')
  t.equal(done.done, pairs)
  t.same(pairCounts(db, planned.id), { n: pairs, done: pairs, lo: 1, hi: 1 })
  t.equal((db.prepare('SELECT count(*) AS n FROM match_results WHERE rerun_id = ?').get(planned.id) as { n: number }).n, pairs)
  t.equal((await stepwise.plan()).total, 0, 'and then nothing is left to do')
})

t.test('a new version of a frequency table reruns the pairs of the cases using it', async (t) => {
  const { db, reruns } = await loaded(t)
  const tables = createFrequencyTableRepository(db)
  const current = tables.require('nist1036_asian')
  const th01 = current.loci.TH01
  tables.add({ ...current, loci: { ...current.loci, TH01: { ...th01, frequencies: th01.frequencies.map((f, i) => (i === 0 ? f + 0.01 : f)) } } }, '2099-01-01T00:00:00.000Z')
  const none = reruns({ HOMEWARD_MUTATION: 'none' })
  const planned = await none.plan({ reason: 'new TH01 frequencies' })
  t.equal(planned.total, sameSexPairs)
  await none.run(planned.id)
  const versions = db.prepare('SELECT DISTINCT frequency_table_version AS v FROM match_results').all() as Array<{ v: string }>
  t.same(versions.map((r) => r.v), [tables.require('nist1036_asian').version], 'every result now records the new version')
  t.not(tables.require('nist1036_asian').version, current.version)
})

t.test('cancel mid-run, then resume: every pair scored exactly once', async (t) => {
  const { db, reruns } = await loaded(t)
  const svc = reruns({}, 3)
  const planned = await svc.plan()
  let batches = 0
  const stopped = await svc.run(planned.id, { batchSize: 3, onProgress: () => { if (++batches === 2) svc.cancel(planned.id) } })
  t.equal(stopped.status, 'cancelled')
  t.equal(stopped.done, 6, 'two batches of three committed')
  const resumed = await svc.run(planned.id, { batchSize: 3 })
  t.equal(resumed.status, 'done')
  t.equal(resumed.done, planned.total)
  t.same(pairCounts(db, planned.id), { n: planned.total, done: planned.total, lo: 1, hi: 1 })
})

t.test('the diff of ranked lists shows a true child found once mutation is modelled', async (t) => {
  const { app, authHeaders, reruns } = await loaded(t)
  const mutated = families[4]
  const before = (await app.inject({ method: 'GET', url: `/cases/${mutated.caseId}/candidates`, headers: authHeaders('caseworker') })).json()
  const planted = before.candidates.find((c: { personId: string }) => c.personId === mutated.personId)
  t.equal(planted.log10Lr, null, 'without a mutation model the true child is excluded')
  const svc = reruns({})
  const planned = await svc.plan()
  await svc.run(planned.id)
  const diff = svc.diff(planned.id, { top: 10, minLog10Lr: 3 })
  const change = diff.cases.find((c) => c.id === mutated.caseId)
  t.ok(change, 'the case\'s list changed')
  t.match(change?.added, [{ id: mutated.personId, rank: 1 }])
  const after = (await app.inject({ method: 'GET', url: `/cases/${mutated.caseId}/candidates`, headers: authHeaders('caseworker') })).json()
  t.equal(after.candidates[0].personId, mutated.personId)
})

t.test('at the default floor, a model change is screened again: every pair reaching the floor under the new model is stored', async (t) => {
  const test = await buildTestApp(t, { env: { HOMEWARD_MUTATION: 'none' } })
  const lab = test.authHeaders('lab')
  const noise = unrelatedPersons(createRng(11), 24)
  for (const f of families) {
    await test.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody(f) })
    await test.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(f.personId, f.mpSex, f.child) })
  }
  for (const x of noise) await test.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(x.id, x.sex, x.profile) })
  const settings = loadConfig({})
  const match = createMatchService({ db: test.db, runner: createInProcessRunner(), settings })
  const svc = createRerunService({ db: test.db, match })
  const planned = await svc.plan({ reason: 'stepwise mutation model' })
  t.ok(planned.total > 0 && planned.total < sameSexPairs + families.length * noise.length, `${planned.total} pairs to score: the screened ones, not every pair`)
  await svc.run(planned.id)
  t.equal((await svc.plan()).total, 0, 'every case and person is marked searched under the new model')

  const cases = createCaseRepository(test.db)
  const persons = createPersonRepository(test.db)
  const results = createResultRepository(test.db)
  let above = 0
  for (const f of families) {
    const c = cases.get(f.caseId)!
    for (const p of persons.listOpen().filter((q) => q.sex === f.mpSex)) {
      const plan = planPair(c, p, match.modelFor(c.frequencyTableId))
      if (plan.kind !== 'job') continue
      const lr = kinshipLr(plan.job.kcase, plan.job.loci, plan.job.options).log10Lr
      if (lr === null || lr < 3) continue
      above++
      const stored = results.get(c.id, p.id)
      t.ok(stored?.log10Lr !== undefined && stored.log10Lr !== null && Math.abs(stored.log10Lr - lr) < 1e-9 * Math.max(1, lr) && stored.modelVersion === match.modelFor(c.frequencyTableId).modelVersion,
        `${c.id} × ${p.id}: LR 10^${lr.toFixed(2)} is stored under the new model`)
    }
  }
  t.ok(above >= families.length - 1, `${above} pairs reach the floor`)
  t.equal(results.get(families[4].caseId, families[4].personId)?.status, 'scored', 'the mutated trio child, excluded without mutation, is now scored')
})
