import t from 'tap'
import type { LrOptions } from '../../src/core/pedigree/kinship-case.ts'
import { kinshipLr } from '../../src/core/lr/kinship-lr.ts'
import { simulatedCase, simulatedProfile, simulatedSex, withCandidate } from '../../src/core/simulation/simulate-cases.ts'
import { simulatePopulation } from '../../src/core/simulation/simulate-population.ts'
import { createScanSearch } from '../../src/runs/scan-search.ts'
import { createScanPool } from '../../src/runs/scan-pool.ts'
import { openDatabase } from '../../src/storage/database.ts'
import { simCaseId, simPersonId, writePopulation } from '../../bench/lib/population-db.ts'
import { SCAN_TEST_LOCI } from '../helpers/scan-loci.ts'

const loci = SCAN_TEST_LOCI
const mutation = { model: 'stepwise' as const, rate: 0.01, range: 0.3 }
const options: LrOptions = { theta: 0, mutation, unknownAllele: { rule: 'fixed', frequency: 0.001 } }
const threshold = 50

t.test('the in-process search returns every pair the engine puts at or above the threshold, also after a restart', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const pop = simulatePopulation({ seed: 5, cases: 40, persons: 300, plantedFraction: 40 / 300, loci, coreLoci: 5, mutation })
  writePopulation(db, pop, 'test-table')
  const model = { loci, options, tableKey: 'test-table@1', threshold }
  const search = createScanSearch(db, model)
  const kcases = Array.from({ length: 40 }, (_, c) => simulatedCase(pop, c))
  t.equal(search.staleCaseIds().length, 40)
  const hashOf = db.prepare('SELECT input_hash FROM cases WHERE id = ?').pluck()
  kcases.forEach((k, c) => search.putCase(simCaseId(c), hashOf.get(simCaseId(c)) as string, k.persons.find((p) => p.id === 'MP')!.sex, k))
  t.same(search.staleCaseIds(), [])
  t.ok(search.stats().blocks < 40, `the one-case blocks were compacted (${search.stats().blocks} blocks for 40 cases)`)
  t.equal(search.stats().cases, 40)
  const profiles = Array.from({ length: 300 }, (_, p) => simulatedProfile(pop, p))
  profiles[7] = { ...profiles[7], TH01: ['6', '99'] } // an allele outside the table: the engine must decide
  profiles.forEach((profile, p) => search.putPerson(simPersonId(p), simulatedSex(pop, p), profile))

  const restarted = createScanSearch(db, model)
  t.same(restarted.staleCaseIds(), [], 'a restart finds every table valid: nothing to recompute')
  let above = 0
  let missed = 0
  let differs = 0
  const abovePairs: Array<{ c: number, p: number }> = []
  const byCase = await Promise.all(kcases.map(async (k) => await search.personsForCase(k.persons.find((p) => p.id === 'MP')!.sex, k)))
  for (let p = 0; p < 300; p++) {
    const sex = simulatedSex(pop, p)
    const cases = new Set(await search.casesForPerson(sex, profiles[p]))
    const again = await restarted.casesForPerson(sex, profiles[p])
    if (again.length !== cases.size || again.some((id) => !cases.has(id))) differs++
    for (let c = 0; c < 40; c++) {
      if (kcases[c].persons.find((q) => q.id === 'MP')!.sex !== sex) continue
      const r = kinshipLr(withCandidate(kcases[c], profiles[p]), loci, options)
      if (r.log10Lr === null || r.log10Lr < Math.log10(threshold)) continue
      above++
      abovePairs.push({ c, p })
      if (!cases.has(simCaseId(c)) || !byCase[c].includes(simPersonId(p))) missed++
    }
  }
  t.ok(above >= 15, `${above} same-sex pairs at or above ${threshold}`)
  t.equal(missed, 0, 'none is missed, from either side')
  t.equal(differs, 0, 'the restarted search (tables and allele codes from the database) answers the same')
  t.ok((await search.casesForPerson(simulatedSex(pop, 7), profiles[7])).length > 0, 'the person with allele 99 is sent to the engine')

  search.dropCase(simCaseId(0))
  const truth = pop.personTrueCase.indexOf(0)
  t.notOk((await search.casesForPerson(simulatedSex(pop, truth), profiles[truth])).includes(simCaseId(0)), 'a dropped case is no longer returned')
  const [one, two] = abovePairs.filter((x) => x.c !== 0)
  const mpSex = kcases[one.c].persons.find((p) => p.id === 'MP')!.sex
  t.ok((await search.personsForCase(mpSex, kcases[one.c])).includes(simPersonId(one.p)))
  search.dropPerson(simPersonId(one.p))
  t.notOk((await search.personsForCase(mpSex, kcases[one.c])).includes(simPersonId(one.p)), 'a dropped person is no longer returned')
  // Replacing cases many times over: compaction keeps only each case's newest table.
  for (let round = 0; round < 3; round++) kcases.forEach((k, c) => search.putCase(simCaseId(c), hashOf.get(simCaseId(c)) as string, k.persons.find((p) => p.id === 'MP')!.sex, k))
  t.equal(search.stats().cases, 40, 'every case once')
  t.same((await search.casesForPerson(simulatedSex(pop, two.p), profiles[two.p])).filter((id) => id === simCaseId(two.c)), [simCaseId(two.c)], 'a replaced case is returned once')
})

t.test('on the scan pool (bulk table build and sharded screens) the search answers as in process', async (t) => {
  const pool = createScanPool({ workers: 2 })
  const dbs = [openDatabase(':memory:'), openDatabase(':memory:')]
  t.teardown(async () => { await pool.close(); for (const db of dbs) db.close() })
  const pop = simulatePopulation({ seed: 8, cases: 80, persons: 200, plantedFraction: 80 / 200, loci, coreLoci: 5, mutation })
  for (const db of dbs) writePopulation(db, pop, 'test-table')
  const model = { loci, options, tableKey: 'test-table@1', threshold }
  const local = createScanSearch(dbs[0], model)
  const pooled = createScanSearch(dbs[1], { ...model, pool, poolFrom: 1 })
  const kcases = Array.from({ length: 80 }, (_, c) => simulatedCase(pop, c))
  const hashOf = dbs[0].prepare('SELECT input_hash FROM cases WHERE id = ?').pluck()
  const caseAt = (c: number) => ({ caseId: simCaseId(c), inputHash: hashOf.get(simCaseId(c)) as string, sex: kcases[c].persons.find((p) => p.id === 'MP')!.sex, kcase: kcases[c] })
  await local.putCases(80, caseAt)
  await pooled.putCases(80, caseAt)
  t.same(pooled.staleCaseIds(), [], 'the pool built and stored every table')
  t.equal(pooled.stats().cases, 80)
  for (let p = 0; p < 200; p++) {
    for (const s of [local, pooled]) s.putPerson(simPersonId(p), simulatedSex(pop, p), simulatedProfile(pop, p))
  }
  let differ = 0
  let hits = 0
  for (let p = 0; p < 200; p++) {
    const a = await local.casesForPerson(simulatedSex(pop, p), simulatedProfile(pop, p))
    const b = await pooled.casesForPerson(simulatedSex(pop, p), simulatedProfile(pop, p))
    hits += a.length
    if (JSON.stringify([...a].sort()) !== JSON.stringify([...b].sort())) differ++
  }
  for (let c = 0; c < 80; c++) {
    const a = await local.personsForCase(caseAt(c).sex, kcases[c])
    const b = await pooled.personsForCase(caseAt(c).sex, kcases[c])
    if (JSON.stringify([...a].sort()) !== JSON.stringify([...b].sort())) differ++
  }
  t.ok(hits > 20, `${hits} hits`)
  t.equal(differ, 0, 'the same cases for every person and the same persons for every case')
})
