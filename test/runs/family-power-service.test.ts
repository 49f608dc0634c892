// Family power in the service: computed for a case stored through the API, off the request, from the real
// computation (the stored figures are those of computeFamilyPower on the case's own job); stored with its
// inputs, so replaced references or another model make it stale (answered 'computing', recomputed); a case
// that changes while its power is computed is not stored over.
import t from 'tap'
import { loadConfig } from '../../src/config.ts'
import { computeFamilyPower } from '../../workers/family-power-worker.ts'
import { planFamilyPower, powerMethodVersion } from '../../src/runs/family-power-plan.ts'
import { createInProcessPowerRunner, type FamilyPowerRunner } from '../../src/runs/family-power-runner.ts'
import { createFamilyPowerService } from '../../src/runs/family-power-service.ts'
import { createInProcessRunner } from '../../src/runs/in-process-runner.ts'
import { createMatchService } from '../../src/runs/match-service.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'

// Few loci and no mutation keep each computation quick; the arithmetic itself is tested in test/core/power.
const ENV = { HOMEWARD_MUTATION: 'none', HOMEWARD_POWER_SIMULATIONS: '2', HOMEWARD_POWER_ON_ENTRY: 'on' }

function caseBody (id: string, father: Record<string, string[]>) {
  return { id, missingPerson: { sex: 'male' }, relatives: [{ id: 'father', relation: 'father', profile: father }] }
}
// the README's father: 8 loci, the least a reference may hold by default
const FATHER = { D3S1358: ['15', '16'], vWA: ['14', '17'], FGA: ['22', '24'], TH01: ['7', '9'], D8S1179: ['12', '14'], D21S11: ['29', '30'], D18S51: ['13', '15'], 'Penta D': ['9', '12'] }

t.test('stored through the API: computed off the request with the real computation, stored with its inputs', async (t) => {
  const { app, authHeaders } = await buildTestApp(t, { env: ENV })
  const s = app.services
  const res = await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: caseBody('C-1', FATHER) })
  t.equal(res.statusCode, 201)
  await s.power.idle()
  const stored = s.power.repository.get('C-1')
  if (stored?.status !== 'ready') throw new Error(`expected a ready value, got ${JSON.stringify(stored)}`)
  const c = s.cases.get('C-1')!
  const model = s.match.modelFor(c.frequencyTableId)
  t.match(stored, { caseHash: c.inputHash, frequencyTableId: model.table.id, frequencyTableVersion: model.table.version, modelVersion: model.modelVersion, methodVersion: powerMethodVersion(2) })
  const job = planFamilyPower(c, model, s.match.screen.comparedForCase('C-1'), 2)
  t.same(job.loci.map((l) => l.name).sort(), Object.keys(c.references.father.profile).sort(), 'at the loci the references are typed at')
  const direct = computeFamilyPower(job)
  if (!direct.ok) throw new Error(direct.error.message)
  t.same(stored.figures.power, direct.power, 'the figures are the computation\'s own')
  t.same(new Set(stored.figures.nextRelatives.map((n) => n.relation)), new Set(direct.nextRelatives.map((n) => n.relation)))
  const gains = stored.figures.nextRelatives.map((n) => n.gainPLrAtLeast)
  t.same(gains, [...gains].sort((a, b) => b - a), 'best next relative first')
  t.ok(stored.figures.nextRelatives.some((n) => n.relation === 'mother'), 'the mother is among the relatives to ask for')
  t.notMatch(JSON.stringify(stored.figures), /"(profile|genotypes|alleles)"/, 'no genotype is stored with the figures')
  t.same(s.power.status('C-1'), { state: 'ready', stored })
  t.equal(s.power.status('nobody'), undefined)
})

t.test('replaced references: the old value is stale, answered computing, and recomputed', async (t) => {
  const { app, authHeaders } = await buildTestApp(t, { env: ENV })
  const s = app.services
  await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: caseBody('C-2', FATHER) })
  await s.power.idle()
  const before = s.power.repository.get('C-2')!
  const res = await app.inject({ method: 'PUT', url: '/cases/C-2', headers: authHeaders('lab'), payload: caseBody('C-2', { ...FATHER, TH01: ['6', '9.3'], D5S818: ['11', '12'] }) })
  t.equal(res.statusCode, 200)
  t.same(s.power.status('C-2'), { state: 'computing' }, 'never the old references\' value')
  await s.power.idle()
  const after = s.power.repository.get('C-2')!
  t.not(after.caseHash, before.caseHash)
  t.equal(after.caseHash, s.cases.get('C-2')!.inputHash)
  t.equal(s.power.status('C-2')?.state, 'ready')
  if (after.status === 'ready') t.equal(after.figures.power.loci, 9, 'computed at the new references\' loci')
})

t.test('another model: the sweep queues every open case computed under the old one, and recomputes it', async (t) => {
  const { app, authHeaders, db } = await buildTestApp(t, { env: ENV })
  const s = app.services
  for (const id of ['C-3', 'C-4']) await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: caseBody(id, FATHER) })
  await s.power.idle()
  t.equal(s.power.sweep(), 0, 'nothing stale under the model they were computed with')
  // the same database under θ = 0.03 (as after a restart with another HOMEWARD_THETA); the app's own service,
  // under θ = 0.01, is stopped first, or its periodic sweep would recompute under its model in between
  await s.power.close()
  const settings = loadConfig({ ...ENV, HOMEWARD_THETA: '0.03' })
  const match = createMatchService({ db, runner: createInProcessRunner(), settings })
  const power = createFamilyPowerService({ db, cases: s.cases, match, runner: createInProcessPowerRunner(), simulations: 2 })
  t.teardown(() => power.close())
  const old = s.power.repository.get('C-3')!
  t.equal(power.status('C-3')?.state, 'computing', 'a value of another model is not served')
  t.equal(power.sweep(), 2, 'both cases queued')
  await power.idle()
  const now = power.repository.get('C-3')!
  t.equal(now.modelVersion, match.modelFor(s.cases.get('C-3')!.frequencyTableId).modelVersion)
  t.not(now.modelVersion, old.modelVersion)
  t.equal(power.sweep(), 0)
})

t.test('a case replaced while its power is computed: the value of the old references is not stored', async (t) => {
  const { app, authHeaders, db } = await buildTestApp(t, { env: ENV })
  const s = app.services
  await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: caseBody('C-5', FATHER) })
  await s.power.idle()
  db.prepare('DELETE FROM family_power').run()
  const real = createInProcessPowerRunner()
  // the real computation, with the case's references changed (as by a PUT) while it runs
  const racing: FamilyPowerRunner = {
    ...real,
    run: async (job) => {
      db.prepare("UPDATE cases SET input_hash = 'changed-meanwhile' WHERE id = ?").run(job.caseId)
      return await real.run(job)
    }
  }
  const power = createFamilyPowerService({ db, cases: s.cases, match: s.match, runner: racing, simulations: 2 })
  t.teardown(() => power.close())
  power.schedule('C-5')
  await power.idle()
  t.equal(power.repository.get('C-5'), undefined, 'nothing stored over the newer references')
})

t.test('HOMEWARD_POWER_ON_ENTRY=on-request: nothing computed when a case is stored, computed when asked for', async (t) => {
  const { app, authHeaders } = await buildTestApp(t, { env: { ...ENV, HOMEWARD_POWER_ON_ENTRY: 'on-request' } })
  const s = app.services
  const res = await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: caseBody('C-2', FATHER) })
  t.equal(res.statusCode, 201)
  await s.power.idle()
  t.equal(s.power.repository.get('C-2'), undefined, 'not computed on entry')
  t.equal(s.power.sweep(), 0, 'no sweep')
  t.same(s.power.status('C-2'), { state: 'computing' }, 'asked for: queued')
  await s.power.idle()
  t.equal(s.power.repository.get('C-2')?.status, 'ready', 'then computed')
})
