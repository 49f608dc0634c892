import t from 'tap'
import { loadConfig } from '../../src/config.ts'
import { createInProcessRunner } from '../../src/runs/in-process-runner.ts'
import { createMatchService } from '../../src/runs/match-service.ts'
import { createRerunService } from '../../src/runs/rerun-service.ts'
import { createFrequencyTableRepository } from '../../src/storage/frequency-table-repository.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { caseBody, personBody, plantFamilies } from '../helpers/planted-families.ts'

const families = plantFamilies(2718)

/** An app whose model has no mutation, loaded with the planted families; then reruns under other settings. */
async function loaded (t: { teardown: (fn: () => unknown) => void }) {
  const test = await buildTestApp(t, { env: { HOMEWARD_MUTATION: 'none' } })
  for (const f of families) {
    await test.app.inject({ method: 'POST', url: '/cases', headers: test.authHeaders('lab'), payload: caseBody(f) })
    await test.app.inject({ method: 'POST', url: '/persons', headers: test.authHeaders('lab'), payload: personBody(f.personId, f.mpSex, f.child) })
  }
  const reruns = (env: Record<string, string>, batchSize = 4) => createRerunService({ db: test.db, match: createMatchService({ db: test.db, runner: createInProcessRunner(), settings: loadConfig(env), batchSize }) })
  return { ...test, reruns }
}

const pairCounts = (db: import('better-sqlite3').Database, id: number) =>
  db.prepare('SELECT count(*) AS n, sum(done) AS done, min(scored_count) AS lo, max(scored_count) AS hi FROM rerun_pairs WHERE rerun_id = ?').get(id) as { n: number, done: number, lo: number, hi: number }

t.test('incremental: nothing to do when nothing changed; a model change touches every pair, once', async (t) => {
  const { db, reruns } = await loaded(t)
  const same = reruns({ HOMEWARD_MUTATION: 'none' })
  t.equal(same.plan().total, 0, 'results are up to date')

  const stepwise = reruns({})
  const planned = stepwise.plan({ reason: 'stepwise mutation model' })
  const pairs = families.length * families.length
  t.equal(planned.total, pairs, 'every case × person pair changed with the model')
  const done = await stepwise.run(planned.id)
  t.equal(done.status, 'done')
  t.equal(done.done, pairs)
  t.same(pairCounts(db, planned.id), { n: pairs, done: pairs, lo: 1, hi: 1 })
  t.equal((db.prepare('SELECT count(*) AS n FROM match_results WHERE rerun_id = ?').get(planned.id) as { n: number }).n, pairs)
  t.equal(stepwise.plan().total, 0, 'and then nothing is left to do')
})

t.test('a new version of a frequency table reruns the pairs of the cases using it', async (t) => {
  const { db, reruns } = await loaded(t)
  const tables = createFrequencyTableRepository(db)
  const current = tables.require('nist1036_asian')
  const th01 = current.loci.TH01
  tables.add({ ...current, loci: { ...current.loci, TH01: { ...th01, frequencies: th01.frequencies.map((f, i) => (i === 0 ? f + 0.01 : f)) } } }, '2099-01-01T00:00:00.000Z')
  const none = reruns({ HOMEWARD_MUTATION: 'none' })
  const planned = none.plan({ reason: 'new TH01 frequencies' })
  t.equal(planned.total, families.length ** 2)
  await none.run(planned.id)
  const versions = db.prepare('SELECT DISTINCT frequency_table_version AS v FROM match_results').all() as Array<{ v: string }>
  t.same(versions.map((r) => r.v), [tables.require('nist1036_asian').version], 'every result now records the new version')
  t.not(tables.require('nist1036_asian').version, current.version)
})

t.test('cancel mid-run, then resume: every pair scored exactly once', async (t) => {
  const { db, reruns } = await loaded(t)
  const svc = reruns({}, 3)
  const planned = svc.plan()
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
  const planned = svc.plan()
  await svc.run(planned.id)
  const diff = svc.diff(planned.id, { top: 10, minLog10Lr: 3 })
  const change = diff.cases.find((c) => c.id === mutated.caseId)
  t.ok(change, 'the case\'s list changed')
  t.match(change?.added, [{ id: mutated.personId, rank: 1 }])
  const after = (await app.inject({ method: 'GET', url: `/cases/${mutated.caseId}/candidates`, headers: authHeaders('caseworker') })).json()
  t.equal(after.candidates[0].personId, mutated.personId)
})
