// Bulk work (reruns, import parsing, table builds, family power) runs on lanes of its own, on threads of
// lower OS priority (BULK_NICE): a search on entry never queues behind a rerun's thousands of jobs, and
// takes the CPU first when both want it.
import { readdirSync, readFileSync } from 'node:fs'
import t from 'tap'
import { loadConfig } from '../../src/config.ts'
import type { MatchJob } from '../../src/core/lr/match-job.ts'
import { caseFromRequest } from '../../src/runs/case-intake.ts'
import { createInProcessPowerRunner, type FamilyPowerRunner } from '../../src/runs/family-power-runner.ts'
import { createFamilyPowerService } from '../../src/runs/family-power-service.ts'
import { createImportPool } from '../../src/runs/import-pool.ts'
import { createInProcessRunner } from '../../src/runs/in-process-runner.ts'
import { buildMatchModel } from '../../src/runs/match-model.ts'
import { planPair } from '../../src/runs/match-plan.ts'
import type { MatchLane, MatchRunner } from '../../src/runs/match-runner.ts'
import { createMatchService } from '../../src/runs/match-service.ts'
import { personFromRequest } from '../../src/runs/person-intake.ts'
import { createPoolRunner } from '../../src/runs/pool-runner.ts'
import { createRerunService } from '../../src/runs/rerun-service.ts'
import { BULK_NICE } from '../../src/runs/worker-file.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { largeGenemapperFile } from '../helpers/large-import-file.ts'
import { caseBody, personBody, plantFamilies, TABLE } from '../helpers/planted-families.ts'

const families = plantFamilies(4242)
const linux = process.platform === 'linux' ? false : 'thread priorities are read from /proc (Linux only)'

/** How many threads of this process run at the bulk priority (field 19 of /proc/self/task/<tid>/stat). */
function bulkThreads (): number {
  let n = 0
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) === BULK_NICE) n++
    } catch { /* the thread ended meanwhile */ }
  }
  return n
}

/** Every case × person job of the planted families. */
function matchJobs (): MatchJob[] {
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
  return jobs
}

t.test("a search's job is answered while a rerun's jobs wait, and the rerun runs on low-priority threads", { skip: linux }, async (t) => {
  const runner = createPoolRunner({ workers: 1, chunkSize: 1 })
  t.teardown(() => runner.close())
  const jobs = matchJobs()
  await runner.run(jobs.slice(0, 1)) // the search lane's thread is up
  t.equal(bulkThreads(), 0, 'no thread at the bulk priority before a rerun')
  // A rerun's jobs, each its own task, all sent before a search on entry comes in.
  const rerunJobs = Array.from({ length: 10 }, () => jobs).flat()
  let rerunJobsDone = 0
  const rerun = Promise.all(rerunJobs.map(async (job) => { const [out] = await runner.run([job], { lane: 'bulk' }); rerunJobsDone++; return out }))
  const searchOut = await runner.run(jobs.slice(0, 1), { lane: 'interactive' })
  const doneWhenAnswered = rerunJobsDone
  t.ok(doneWhenAnswered < rerunJobs.length / 2, `the search was answered with ${doneWhenAnswered} of the rerun's ${rerunJobs.length} jobs done (it did not queue behind them)`)
  t.same(searchOut, await createInProcessRunner().run(jobs.slice(0, 1)), 'with the same outcome as in process')
  t.equal((await rerun).length, rerunJobs.length, 'and the rerun finishes')
  t.ok(bulkThreads() >= 1, `the rerun's thread runs at nice ${BULK_NICE}`)
})

t.test('the import worker parses at the bulk priority', { skip: linux }, async (t) => {
  const parser = createImportPool()
  t.teardown(() => parser.close())
  t.equal(bulkThreads(), 0)
  const packed = await parser.preview(largeGenemapperFile(21 * 3), { fileName: 'batch.txt', defaultSide: 'unidentified' })
  t.equal(packed.sampleCount, 3)
  t.equal(bulkThreads(), 1, 'its one thread is niced')
})

t.test("the match service sends a rerun's batches to the bulk lane and a search's to the interactive one", async (t) => {
  const lanes: Array<MatchLane | undefined> = []
  const inner = createInProcessRunner()
  const recording: MatchRunner = { kind: 'in-process', run: async (jobs, options) => { lanes.push(options?.lane); return await inner.run(jobs) }, close: async () => {} }
  const test = await buildTestApp(t, { runner: recording, env: { HOMEWARD_CANDIDATE_LR: '0', HOMEWARD_MUTATION: 'none' } })
  const [f] = families
  t.equal((await test.app.inject({ method: 'POST', url: '/cases', headers: test.authHeaders('lab'), payload: caseBody(f) })).statusCode, 201)
  t.equal((await test.app.inject({ method: 'POST', url: '/persons', headers: test.authHeaders('lab'), payload: personBody(f.personId, f.mpSex, f.child) })).statusCode, 201)
  t.ok(lanes.length > 0 && lanes.every((l) => l === 'interactive'), `searches on entry: ${lanes.join(', ')}`)
  lanes.length = 0
  const reruns = createRerunService({ db: test.db, match: createMatchService({ db: test.db, runner: recording, settings: loadConfig({ HOMEWARD_CANDIDATE_LR: '0' }) }) })
  const planned = await reruns.plan({ reason: 'stepwise mutation model' })
  t.ok(planned.total > 0)
  t.equal((await reruns.run(planned.id)).status, 'done')
  t.ok(lanes.length > 0 && lanes.every((l) => l === 'bulk'), `a rerun: ${lanes.join(', ')}`)
})

t.test("family power: the queue's jobs on the bulk lane, a report's wait on the interactive one", async (t) => {
  const lanes: Array<MatchLane | undefined> = []
  const inner = createInProcessPowerRunner()
  const recording: FamilyPowerRunner = { kind: 'in-process', concurrency: 1, run: async (job, options) => { lanes.push(options?.lane); return await inner.run(job) }, close: async () => {} }
  const { app, authHeaders } = await buildTestApp(t, { env: { HOMEWARD_MUTATION: 'none', HOMEWARD_POWER_SIMULATIONS: '2', HOMEWARD_POWER_ON_ENTRY: 'on-request' } })
  const power = createFamilyPowerService({ db: app.db, cases: app.services.cases, match: app.services.match, runner: recording, simulations: 2 })
  for (const f of families.slice(0, 2)) t.equal((await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: caseBody(f) })).statusCode, 201)
  const [queued, asked] = families
  power.schedule(queued.caseId)
  await power.idle()
  t.same(lanes, ['bulk'], 'a queued case (on entry, the sweep) is computed at the bulk priority')
  t.equal((await power.ensure(asked.caseId))?.state, 'ready')
  t.same(lanes, ['bulk', 'interactive'], 'a report waiting for its power is not')
})
