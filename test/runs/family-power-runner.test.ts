// The service's power runner on the real piscina pool (src/runs/family-power-runner.ts): a family's figures
// computed in a worker thread are those of the same job computed on the calling thread, several jobs at once;
// a family the engine refuses comes back as a refusal to store (code and message), not a crash of the pool;
// the pool closes.
import t from 'tap'
import type { KinshipCase, LrOptions } from '../../src/core/pedigree/kinship-case.ts'
import { createPoolPowerRunner } from '../../src/runs/family-power-runner.ts'
import { computeFamilyPower, type FamilyPowerJob } from '../../workers/family-power-worker.ts'
import { benchLoci } from '../../bench/lib/population-model.ts'

const loci = benchLoci().slice(0, 3)
const STEPWISE: LrOptions = { theta: 0.01, mutation: { model: 'stepwise', rate: 0.002, range: 0.1, rate2: 0 }, unknownAllele: { rule: 'fixed', frequency: 0.001 } }
const settings = { thresholds: [1e3, 1e4], databaseSize: 10_000, seed: 3, simulations: 20, maxInconsistentLoci: 3 }
const typedAt = (a: number, b: number): Record<string, [string, string]> => Object.fromEntries(loci.map((l) => [l.name, [l.alleles[a], l.alleles[b]]]))
const FAMILY = [{ id: 'F', sex: 'male' as const }, { id: 'M', sex: 'female' as const }, { id: 'S', sex: 'female' as const, father: 'F', mother: 'M' }, { id: 'MP', sex: 'male' as const, father: 'F', mother: 'M' }]

function job (caseId: string, genotypes: KinshipCase['genotypes'], options = STEPWISE): FamilyPowerJob {
  return { caseId, kcase: { persons: FAMILY, missingPerson: 'MP', genotypes }, loci, options, settings }
}

t.test('on the pool: the same figures as on the calling thread, jobs in parallel; a refusal is a result', async (t) => {
  const runner = createPoolPowerRunner({ workers: 2 })
  t.teardown(() => runner.close())
  t.equal(runner.kind, 'pool')
  t.equal(runner.concurrency, 2)
  const jobs = [job('C-1', { F: typedAt(1, 2) }), job('C-2', { S: typedAt(0, 3) }), job('C-3', { F: typedAt(1, 1), M: typedAt(2, 4) })]
  const outcomes = await Promise.all(jobs.map((j) => runner.run(j)))
  outcomes.forEach((outcome, i) => {
    t.ok(outcome.ok, jobs[i].caseId)
    t.same(outcome, computeFamilyPower(jobs[i]), `${jobs[i].caseId}: identical to the in-process computation`)
  })
  // Father 1/1 and a daughter without either of his alleles, no mutation model: the references are impossible.
  const refused = await runner.run(job('C-4', { F: typedAt(1, 1), S: typedAt(2, 3) }, { ...STEPWISE, mutation: { model: 'none' } }))
  t.notOk(refused.ok)
  if (!refused.ok) {
    t.equal(refused.error.code, 'INVALID_CASE')
    t.match(refused.error.message, new RegExp(loci[0].name))
  }
  const after = await runner.run(jobs[0])
  t.same(after, outcomes[0], 'the pool still computes after a refusal')
})
