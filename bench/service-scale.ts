// The service's own path at scale: what POST /persons and POST /cases run after storing the record
// (src/runs/match-service.ts: the candidate screen on the scan pool, exact LRs of what passes on the
// match pool, results stored), timed on a database of the configured size, under the service's model.
import { rmSync } from 'node:fs'
import { loadConfig } from '../src/config.ts'
import { simulatePopulation } from '../src/core/simulation/simulate-population.ts'
import { createMatchService } from '../src/runs/match-service.ts'
import { createPoolRunner } from '../src/runs/pool-runner.ts'
import { createScanPool } from '../src/runs/scan-pool.ts'
import { installBundledTables } from '../src/storage/bundled-frequency-tables.ts'
import { openDatabase } from '../src/storage/database.ts'
import { createFrequencyTableRepository } from '../src/storage/frequency-table-repository.ts'
import { fmtInt, fmtMs, median, peakRssMiB, printTable, timed } from './lib/measure.ts'
import { simCaseId, simPersonId, writePopulation } from './lib/population-db.ts'
import { benchLoci, BENCH_MUTATION } from './lib/population-model.ts'
import type { ScaleConfig } from './lib/scale-config.ts'

/** Floors of the kernel section (a plain pass over the same number of families / persons), for the ratios. */
export interface KernelFloors { personMs: number, caseMs: number }

export async function runServiceScale (cfg: ScaleConfig, theta: number, floors?: KernelFloors): Promise<void> {
  const N = cfg.cases
  const M = cfg.persons
  const Q = cfg.queries
  console.log(`\n## The service's upload path: ${fmtInt(N)} cases × ${fmtInt(M)} persons, the service model (θ = ${theta}, per-locus stepwise rates, NRC II), candidate floor ${cfg.threshold}\n`)
  const pop = simulatePopulation({ seed: cfg.seed + 1, cases: N + Q, persons: M + Q, plantedFraction: cfg.plantedFraction, loci: benchLoci(), coreLoci: 20, mutation: BENCH_MUTATION })
  const dbFile = `${cfg.dbFile}.service`
  const db = openDatabase(dbFile)
  installBundledTables(createFrequencyTableRepository(db), 'nist1036_asian')
  const load = await timed(() => writePopulation(db, pop, 'nist1036_asian', 0, N, 0, M))
  const settings = loadConfig({ HOMEWARD_THETA: String(theta), HOMEWARD_CANDIDATE_LR: String(cfg.threshold) })
  const scanPool = createScanPool({ workers: cfg.workers })
  const runner = createPoolRunner({ workers: cfg.workers })
  const match = createMatchService({ db, runner, settings, scanPool })
  // A service start: every person's codes loaded, every case's screening table built (on the scan pool) and stored.
  const warm = await timed(() => match.screen.warm())

  // New records arrive one at a time, stored first as the routes do, then searched.
  writePopulation(db, pop, 'nist1036_asian', N, N + Q, M, M + Q)
  const personRuns: Array<{ ms: number, scored: number, stored: number }> = []
  for (let q = 0; q < Q; q++) {
    const { ms, value } = await timed(() => match.searchPerson(simPersonId(M + q)))
    personRuns.push({ ms, scored: value.scored, stored: value.stored })
  }
  const caseRuns: Array<{ ms: number, scored: number, stored: number }> = []
  for (let q = 0; q < Q; q++) {
    const { ms, value } = await timed(() => match.searchCase(simCaseId(N + q)))
    caseRuns.push({ ms, scored: value.scored, stored: value.stored })
  }
  const found = db.prepare("SELECT count(*) FROM match_results WHERE status = 'scored' AND log10_lr >= ?").pluck().get(Math.log10(cfg.threshold)) as number

  const personMs = median(personRuns.map((r) => r.ms))
  const caseMs = median(caseRuns.map((r) => r.ms))
  const ratio = (ms: number, floorMs: number | undefined): string => (floorMs === undefined ? '' : `${(ms / floorMs).toFixed(0)}×`)
  printTable(`Service path (medians of ${Q}; ratio to the plain pass of the kernel section over the same count)`, ['step', 'time', 'ratio to plain pass', 'exact LRs scored (median)'], [
    [`searchPerson: one new person vs ${fmtInt(N)} cases`, fmtMs(personMs), ratio(personMs, floors?.personMs), String(median(personRuns.map((r) => r.scored)))],
    [`searchCase: one new case vs ${fmtInt(M)} persons`, fmtMs(caseMs), ratio(caseMs, floors?.caseMs), String(median(caseRuns.map((r) => r.scored)))],
    [`service start: load ${fmtInt(warm.value.persons)} persons, build and store ${fmtInt(warm.value.cases)} case tables`, fmtMs(warm.ms), '', `${(warm.ms * cfg.workers / Math.max(1, N)).toFixed(2)} ms per case per core`],
    [`load ${fmtInt(N + M)} profiles into SQLite`, fmtMs(load.ms), '', ''],
    ['pairs stored at or above the floor after the searches', fmtInt(found), '', ''],
    ['peak RSS so far (main + workers)', `${peakRssMiB().toFixed(0)} MiB`, '', '']
  ])
  await scanPool.close()
  await runner.close()
  db.close()
  if (process.env.HOMEWARD_BENCH_DB === undefined) for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true })
}
