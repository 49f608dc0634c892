// One question (issue 12): does family power predict what the search finds, and is it fast enough to compute on
// entry? Per family shape of the generator, the predicted P(LR ≥ 10^4) of the true child (mean over families)
// beside the share of simulated true children whose LR against their own family is ≥ 10^4, with its sampling
// error; then the time per case (family power + next relatives) over the generator's family mix, service model.
import { loadavg } from 'node:os'
import { kinshipLr } from '../src/core/lr/kinship-lr.ts'
import { loadConfig } from '../src/config.ts'
import { familyPower } from '../src/core/power/family-power.ts'
import type { PowerSettings } from '../src/core/power/family-power-types.ts'
import { DEFAULT_NEXT_RELATIVE_SIMULATIONS, nextRelatives } from '../src/core/power/next-relatives.ts'
import { simulatedCase, simulatedProfile, withCandidate } from '../src/core/simulation/simulate-cases.ts'
import { simulatePopulation } from '../src/core/simulation/simulate-population.ts'
import { FAMILY_SHAPES } from '../src/core/simulation/simulate-shapes.ts'
import { buildMatchModel } from '../src/runs/match-model.ts'
import { fmtMs, printTable } from './lib/measure.ts'
import { benchLoci, BENCH_MUTATION } from './lib/population-model.ts'

const SETTINGS: PowerSettings = { thresholds: [1e3, 1e4], databaseSize: 1_000_000, seed: 1, simulations: DEFAULT_NEXT_RELATIVE_SIMULATIONS, maxInconsistentLoci: 3 }

export async function runFamilyPower (
  perShape = Number(process.env.HOMEWARD_BENCH_POWER_FAMILIES ?? 200),
  timedCases = Number(process.env.HOMEWARD_BENCH_POWER_TIMED ?? 40)
): Promise<void> {
  // The service model: θ from the configuration (0.01), per-locus stepwise rates, NRC II unknown alleles.
  const config = loadConfig({})
  const benchTable = benchLoci()
  const table = { id: 'nist1036_asian', population: 'bench', version: '1', source: 'fixtures', loci: Object.fromEntries(benchTable.map((l) => [l.name, { alleles: l.alleles, frequencies: l.frequencies, ...(l.sampleSize !== undefined ? { sampleSize: l.sampleSize } : {}) }])) }
  const model = buildMatchModel(table, config)
  const loci = [...model.loci.values()]
  console.log(`\n## Family power (issue 12): ${perShape} families per shape, ${model.modelVersion}; children simulated with the bench's stepwise mutation\n`)

  // Every shape equally often, every person the true child of one case.
  const shapes = FAMILY_SHAPES.map((s) => ({ ...s, weight: 1 / FAMILY_SHAPES.length }))
  const pop = simulatePopulation({ seed: 12, cases: perShape * shapes.length, persons: perShape * shapes.length, plantedFraction: 1, loci, coreLoci: 23, mutation: BENCH_MUTATION, shapes })
  const byShape = shapes.map(() => ({ predicted: 0, lower: 0, upper: 0, found: 0, n: 0, ms: 0, families: 0 }))
  const memo = new Map<number, { p: number, lower: number, upper: number }>()
  for (let person = 0; person < pop.personSex.length; person++) {
    const c = pop.personTrueCase[person]
    const row = byShape[pop.caseShape[c]]
    const kcase = simulatedCase(pop, c)
    let power = memo.get(c)
    if (power === undefined) {
      const t0 = performance.now()
      const p = familyPower(kcase, loci, model.options, SETTINGS).trueChild.pLrAtLeast[1]
      row.ms += performance.now() - t0
      row.families++
      power = { p: p.probability, lower: p.lower, upper: p.upper }
      memo.set(c, power)
    }
    const lr = kinshipLr(withCandidate(kcase, simulatedProfile(pop, person)), loci, model.options).log10Lr
    row.n++
    row.predicted += power.p
    row.lower += power.lower
    row.upper += power.upper
    if (lr !== null && lr >= 4) row.found++
  }
  printTable('Predicted P(LR ≥ 10^4) of the true child against the share of simulated true children found at LR ≥ 10^4',
    ['shape', 'children', 'predicted (bounds)', 'found ± SE', 'z', 'agrees', 'power ms/case'],
    byShape.filter((r) => r.n > 0).map((r) => {
      const share = r.found / r.n
      const predicted = r.predicted / r.n
      // Binomial SE of the found share (floored at 1/n so a share of 0 or 1 still has one); the prediction is a
      // mean of exact brackets, so agreement is the share within 3 SE of the bracket of the mean.
      const se = Math.sqrt(Math.max(share * (1 - share), 1 / r.n) / r.n)
      const agrees = share >= r.lower / r.n - 3 * se && share <= r.upper / r.n + 3 * se
      return [shapes[byShape.indexOf(r)].name, String(r.n), `${predicted.toFixed(3)} (${(r.lower / r.n).toFixed(3)}–${(r.upper / r.n).toFixed(3)})`,
        `${share.toFixed(3)} ± ${se.toFixed(3)}`, ((share - predicted) / se).toFixed(1), agrees ? 'yes' : 'NO', fmtMs(r.ms / Math.max(1, r.families))]
    }))

  // Time on entry over the family mix as the generator draws it (its weights), family power then next relatives.
  // Wall time and this process's CPU time (user + system) both: the machine is shared, so wall time includes
  // waiting for a core, and CPU time is what one case costs.
  const mix = simulatePopulation({ seed: 13, cases: timedCases, persons: 1, plantedFraction: 0, loci, coreLoci: 23, mutation: BENCH_MUTATION })
  type Sample = { shape: string, powerWall: number, nextWall: number, wall: number, cpu: number }
  const samples: Sample[] = []
  for (let c = 0; c < timedCases; c++) {
    const kcase = simulatedCase(mix, c)
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    familyPower(kcase, loci, model.options, SETTINGS)
    const t1 = performance.now()
    nextRelatives(kcase, loci, model.options, SETTINGS)
    const t2 = performance.now()
    const cpu = process.cpuUsage(cpu0)
    samples.push({ shape: mix.shapes[mix.caseShape[c]].name, powerWall: t1 - t0, nextWall: t2 - t1, wall: t2 - t0, cpu: (cpu.user + cpu.system) / 1000 })
  }
  const q = (xs: number[], f: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))]
  const row = (name: string, xs: Sample[]): string[] => [name, String(xs.length),
    ...[xs.map((x) => x.powerWall), xs.map((x) => x.nextWall), xs.map((x) => x.wall), xs.map((x) => x.cpu)]
      .flatMap((v) => [fmtMs(q(v, 0.5)), fmtMs(q(v, 0.95))])]
  const shapeNames = [...new Set(samples.map((x) => x.shape))].sort()
  printTable(`Time per case on entry (family power + next relatives, exact over each relative's genotypes), ${timedCases} cases of the generator's family mix (target p95 ≤ 1 s; shared machine, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}, so wall ≥ CPU)`,
    ['shape', 'cases', 'power wall med', 'p95', 'next wall med', 'p95', 'both wall med', 'p95', 'both CPU med', 'p95'],
    [...shapeNames.map((s) => row(s, samples.filter((x) => x.shape === s))), row('all', samples)])
}

if (import.meta.url === `file://${process.argv[1]}`) await runFamilyPower()
