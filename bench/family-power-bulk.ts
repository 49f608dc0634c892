// One question (issue 12): how long does family power (the family's own figures and whom to sample next) take
// for 10^5 cases in bulk on the worker pool, as the service's sweep computes it after a new table or model?
// A full run is long on a shared 2-core machine: by default a fraction is computed and the whole extrapolated
// (both printed). The full run:
//   HOMEWARD_BENCH_POWER_BULK_RUN=100000 node --import tsx bench/family-power-bulk.ts
import { loadavg } from 'node:os'
import { loadConfig } from '../src/config.ts'
import { GB_T_37223 } from '../src/core/lr/decision.ts'
import type { PowerSettings } from '../src/core/power/family-power-types.ts'
import { simulatedCase } from '../src/core/simulation/simulate-cases.ts'
import { simulatePopulation } from '../src/core/simulation/simulate-population.ts'
import { POWER_SIMULATIONS, POWER_THRESHOLDS } from '../src/runs/family-power-plan.ts'
import { createPoolPowerRunner } from '../src/runs/family-power-runner.ts'
import { buildMatchModel } from '../src/runs/match-model.ts'
import { fmtInt, fmtMs, printTable } from './lib/measure.ts'
import { benchLoci, BENCH_MUTATION } from './lib/population-model.ts'

export async function runFamilyPowerBulk (
  total = Number(process.env.HOMEWARD_BENCH_POWER_BULK ?? 100_000),
  run = Number(process.env.HOMEWARD_BENCH_POWER_BULK_RUN ?? 100),
  workers = Number(process.env.HOMEWARD_BENCH_WORKERS ?? 0)
): Promise<void> {
  const cases = Math.min(total, run)
  // The service model (θ 0.01, per-locus stepwise rates, NRC II unknown alleles), as bench/family-power.ts.
  const config = loadConfig({})
  const table = { id: 'nist1036_asian', population: 'bench', version: '1', source: 'fixtures', loci: Object.fromEntries(benchLoci().map((l) => [l.name, { alleles: l.alleles, frequencies: l.frequencies, ...(l.sampleSize !== undefined ? { sampleSize: l.sampleSize } : {}) }])) }
  const model = buildMatchModel(table, config)
  const loci = [...model.loci.values()]
  const settings: PowerSettings = { thresholds: [...POWER_THRESHOLDS], databaseSize: 1_000_000, seed: 1, simulations: POWER_SIMULATIONS, maxInconsistentLoci: GB_T_37223.maxInconsistentLoci }
  // The generator's family mix (its weights), every case typed at the 23 bench loci.
  const pop = simulatePopulation({ seed: 14, cases, persons: 1, plantedFraction: 0, loci, coreLoci: 23, mutation: BENCH_MUTATION })
  const runner = createPoolPowerRunner({ workers })
  console.log(`\n## Family power in bulk on the pool (issue 12): ${fmtInt(cases)} of ${fmtInt(total)} cases, ${runner.concurrency} worker threads, ${model.modelVersion}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`)
  let next = 0
  let refused = 0
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  // The service keeps `concurrency` jobs in flight (family-power-service.ts); so does this.
  const lane = async (): Promise<void> => {
    for (let c = next++; c < cases; c = next++) {
      const outcome = await runner.run({ caseId: `SIM-${c}`, kcase: simulatedCase(pop, c), loci, options: model.options, settings: { ...settings, seed: c } })
      if (!outcome.ok) refused++
    }
  }
  await Promise.all(Array.from({ length: runner.concurrency }, lane))
  const ms = performance.now() - t0
  // process.cpuUsage counts every thread of the process, the pool's too: the CPU a case costs, whatever the load.
  const cpu = process.cpuUsage(cpu0)
  const cpuPerCase = (cpu.user + cpu.system) / 1000 / cases
  await runner.close()
  const perSecond = cases / (ms / 1000)
  printTable(`Family power + next relatives per case on ${runner.concurrency} worker threads (shared machine: load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end)`,
    ['cases', 'wall time', 'cases/s', 'CPU per case (all threads)', 'refused by the engine', 'measured or extrapolated'], [
      [fmtInt(cases), fmtMs(ms), perSecond.toFixed(2), fmtMs(cpuPerCase), fmtInt(refused), 'measured'],
      ...(cases < total ? [[fmtInt(total), fmtMs(total / perSecond * 1000), perSecond.toFixed(2), fmtMs(cpuPerCase), '', `extrapolated from ${fmtInt(cases)} (full run: HOMEWARD_BENCH_POWER_BULK_RUN=${total})`]] : [])
    ])
}

if (import.meta.url === `file://${process.argv[1]}`) await runFamilyPowerBulk()
