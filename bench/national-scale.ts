// One question: can one 2-core machine keep 10^6 family cases × 10^6 unidentified persons interactive,
// with exact LRs? Prints the tables of issue 5. Run through bench/run-all.ts (npm run bench).
import { rmSync } from 'node:fs'
import type { LrOptions } from '../src/core/pedigree/kinship-case.ts'
import { alleleDictionary, referenceCodes } from '../src/core/screening/screening-population.ts'
import { simulatedCase, simulatedProfile } from '../src/core/simulation/simulate-cases.ts'
import { simulatePopulation } from '../src/core/simulation/simulate-population.ts'
import { openDatabase } from '../src/storage/database.ts'
import { indexBytes, sharedCopy } from '../src/runs/scan-index.ts'
import { createScreeningTableStore } from '../src/runs/scan-index-store.ts'
import { createScanPool, type MergedHits } from '../src/runs/scan-pool.ts'
import { fmtInt, fmtMs, median, peakRssMiB, printTable, timed } from './lib/measure.ts'
import { simCaseId, writePopulation } from './lib/population-db.ts'
import { benchLoci, BENCH_MUTATION } from './lib/population-model.ts'
import type { ScaleConfig } from './lib/scale-config.ts'
import { scaleQuality } from './lib/scale-quality.ts'
import { createResultStore } from './lib/scale-store.ts'

export async function runNationalScale (cfg: ScaleConfig): Promise<{ personMs: number, caseMs: number }> {
  const loci = benchLoci()
  const L = loci.length
  const options: LrOptions = { theta: cfg.theta, mutation: BENCH_MUTATION, unknownAllele: { rule: 'fixed', frequency: 0.001 } }
  const N = cfg.cases
  const K = cfg.indexCases
  const M = cfg.persons
  const B = cfg.batch
  const Q = Math.min(cfg.queries, B)
  console.log(`\n## National scale: ${fmtInt(N)} cases (${fmtInt(K)} indexed) × ${fmtInt(M)} persons, θ = ${cfg.theta}, stepwise mutation, reporting threshold ${cfg.threshold}, ${cfg.workers} workers\n`)

  // The database plus B new cases and B new persons (the nightly batch; the first Q are the single queries).
  const sim = await timed(() => simulatePopulation({ seed: cfg.seed, cases: N + B, persons: M + B, plantedFraction: cfg.plantedFraction, loci, coreLoci: 20, mutation: BENCH_MUTATION }))
  const pop = sim.value
  const db = openDatabase(cfg.dbFile)
  const load = await timed(() => writePopulation(db, pop, 'nist1036_asian'))
  const store = createResultStore(db, 'nist1036_asian', '1', 'bench-stepwise')

  const scan = createScanPool({ workers: cfg.workers })
  const dict = alleleDictionary(loci)
  const base = [...dict.base]
  const build = await timed(() => scan.buildIndex(dict, K, (from, to) => ({
    kcases: Array.from({ length: to - from }, (_, i) => simulatedCase(pop, from + i)),
    refCodes: Array.from({ length: to - from }, (_, i) => referenceCodes(pop.refAlleles, pop.refOffset[from + i], pop.refOffset[from + i + 1], L))
  }), loci, options))
  // Persist every case's table (migration 040) and load the index back, as a restarted service would.
  const tableStore = createScreeningTableStore(db)
  const modelKey = JSON.stringify({ options, table: 'nist1036_asian@1', alleles: dict.alleles })
  const persist = await timed(() => {
    const hashes = db.prepare('SELECT input_hash FROM cases ORDER BY id LIMIT ?').pluck().all(K) as string[]
    tableStore.save(Array.from({ length: K }, (_, c) => simCaseId(c)), hashes, modelKey, build.value)
  })
  const reload = await timed(() => tableStore.load(modelKey, L))
  if (reload.value.index.families !== K || reload.value.caseIds.some((id, c) => id !== simCaseId(c))) throw new Error('the reloaded index is not the one built')
  const index = reload.value.index
  const personCodes = sharedCopy(pop.personAlleles)

  const sameSex = (hits: MergedHits, caseOf: (i: number) => number, personOf: (i: number) => number): number[] =>
    Array.from(hits.query.keys()).filter((i) => pop.caseMpSex[caseOf(i)] === pop.personSex[personOf(i)])
  const scoreAndStore = async (cases: number[], persons: number[]): Promise<number> => {
    const scored = await scan.scorePairs(loci, options, cases.map((c, i) => ({ kcase: simulatedCase(pop, c), profile: simulatedProfile(pop, persons[i]) })))
    store.write(cases, persons, scored)
    return scored.length
  }

  // (a) one new person against every case: screen, exact LRs of what passes, store.
  const personMs: number[] = []
  const personScored: number[] = []
  for (let q = 0; q < Q; q++) {
    const p = M + q
    const { ms, value } = await timed(async () => {
      const hits = await scan.screenCandidates(index, base, pop.personAlleles.subarray(p * L * 2, (p + 1) * L * 2), 1, cfg.threshold)
      const keep = sameSex(hits, (i) => hits.other[i], () => p)
      return await scoreAndStore(keep.map((i) => hits.other[i]), keep.map(() => p))
    })
    personMs.push(ms)
    personScored.push(value)
  }
  const personFloor = await floor(Q, () => scan.plainPass({ index, loci: L, count: K, repeat: 1 }))

  // (b) one new case against every person: the engine's tables for the case, screen, exact LRs, store.
  const caseMs: number[] = []
  const caseScored: number[] = []
  for (let q = 0; q < Q; q++) {
    const c = N + q
    const { ms, value } = await timed(async () => {
      const tables = await scan.buildFamilyTables(dict, [simulatedCase(pop, c)], loci, options)
      const hits = await scan.screenFamilies(tables, personCodes, M, cfg.threshold)
      const keep = sameSex(hits, () => c, (i) => hits.other[i])
      return await scoreAndStore(keep.map(() => c), keep.map((i) => hits.other[i]))
    })
    caseMs.push(ms)
    caseScored.push(value)
  }
  const caseFloor = await floor(Q, () => scan.plainPass({ personCodes, loci: L, count: M, repeat: 1 }))

  // (c) the nightly batch: B new cases against all persons (old and new), B new persons against all indexed cases.
  const batch = await timed(async () => {
    const newCases = Array.from({ length: B }, (_, i) => N + i)
    const tables = await scan.buildFamilyTables(dict, newCases.map((c) => simulatedCase(pop, c)), loci, options)
    const famHits = await scan.screenFamilies(tables, personCodes, M + B, cfg.threshold)
    const keepF = sameSex(famHits, (i) => N + famHits.query[i], (i) => famHits.other[i])
    const codes = pop.personAlleles.subarray(M * L * 2, (M + B) * L * 2)
    const perHits = await scan.screenCandidates(index, base, codes, B, cfg.threshold)
    const keepP = sameSex(perHits, (i) => perHits.other[i], (i) => M + perHits.query[i])
    return await scoreAndStore([...keepF.map((i) => N + famHits.query[i]), ...keepP.map((i) => perHits.other[i])],
      [...keepF.map((i) => famHits.other[i]), ...keepP.map((i) => M + perHits.query[i])])
  })
  const batchFloor = await timed(async () => {
    await scan.plainPass({ index, loci: L, count: K, repeat: B })
    await scan.plainPass({ personCodes, loci: L, count: M + B, repeat: B })
  })

  const ratio = (ms: number, floorMs: number): string => `${(ms / floorMs).toFixed(0)}×`
  printTable('Times (medians; floor = one plain pass over the same typed arrays, no kinship arithmetic)', ['step', 'time', 'floor', 'ratio', 'exact LRs scored and stored'], [
    [`one new person vs ${fmtInt(K)} cases`, fmtMs(median(personMs)), fmtMs(personFloor), ratio(median(personMs), personFloor), `median ${median(personScored)}`],
    [`one new case vs ${fmtInt(M)} persons`, fmtMs(median(caseMs)), fmtMs(caseFloor), ratio(median(caseMs), caseFloor), `median ${median(caseScored)}`],
    [`nightly batch ${B} cases + ${B} persons`, fmtMs(batch.ms), fmtMs(batchFloor.ms), ratio(batch.ms, batchFloor.ms), fmtInt(batch.value)],
    [`simulate ${fmtInt(N + B)} cases + ${fmtInt(M + B)} persons`, fmtMs(sim.ms), '', '', ''],
    [`load ${fmtInt(N + B + M + B)} profiles into SQLite`, fmtMs(load.ms), '', '', `${fmtInt(Math.round((N + M + 2 * B) / load.ms * 1000))} records/s`],
    [`screening index of ${fmtInt(K)} cases (engine tables)`, fmtMs(build.ms), '', '', `${(build.ms * cfg.workers / K).toFixed(2)} ms per case per core; ${(indexBytes(index) / 2 ** 20).toFixed(0)} MiB`],
    [`save those ${fmtInt(K)} tables to SQLite`, fmtMs(persist.ms), '', '', ''],
    ['load the index from SQLite (service start)', fmtMs(reload.ms), '', '', `${fmtInt(Math.round(K / reload.ms * 1000))} cases/s`]
  ])

  await scaleQuality({ pop, index, base, scan, loci, options, cfg })
  printTable('Memory', ['measure', 'value'], [
    ['peak RSS (process.resourceUsage().maxRSS, main + workers)', `${peakRssMiB().toFixed(0)} MiB`],
    ['screening index', `${(indexBytes(index) / 2 ** 20).toFixed(1)} MiB (${(indexBytes(index) / K).toFixed(0)} bytes per case)`],
    ['person codes', `${(personCodes.byteLength / 2 ** 20).toFixed(1)} MiB`]
  ])
  await scan.close()
  db.close()
  if (process.env.HOMEWARD_BENCH_DB === undefined) for (const f of [cfg.dbFile, `${cfg.dbFile}-wal`, `${cfg.dbFile}-shm`]) rmSync(f, { force: true })
  return { personMs: personFloor, caseMs: caseFloor }
}

async function floor (runs: number, pass: () => Promise<number>): Promise<number> {
  const ms: number[] = []
  for (let i = 0; i < runs; i++) ms.push((await timed(pass)).ms)
  return median(ms)
}
