// One question (issue 2): how long does one exact LR over 23 loci take, per pedigree shape, with and
// without a stepwise mutation model, with θ = 0 and θ = 0.01? And one genotype table (screening)?
import { missingPersonLrTable } from '../src/core/lr/genotype-lr-table.ts'
import type { LrOptions } from '../src/core/pedigree/kinship-case.ts'
import { kinshipLr } from '../src/core/lr/kinship-lr.ts'
import { simulatedCase, simulatedProfile, withCandidate } from '../src/core/simulation/simulate-cases.ts'
import { simulatePopulation } from '../src/core/simulation/simulate-population.ts'
import { FAMILY_SHAPES } from '../src/core/simulation/simulate-shapes.ts'
import { fmtMs, median, printTable } from './lib/measure.ts'
import { benchLoci, BENCH_MUTATION } from './lib/population-model.ts'

const SHAPES: Array<[string, string]> = [
  ['duo (father)', 'father'],
  ['trio', 'trio'],
  ['full sibling', 'sibling'],
  ['parents + sibling', 'parents-sibling'],
  ['three generations (mother + maternal grandparents)', 'mother-maternal-grandparents'],
  ['uncle (grandparents untyped)', 'uncle']
]

export async function runEngineLr (perShape = Number(process.env.HOMEWARD_BENCH_ENGINE_CASES ?? 8)): Promise<void> {
  const loci = benchLoci()
  const shapes = SHAPES.map(([, name]) => FAMILY_SHAPES.findIndex((s) => s.name === name))
  // Only the shapes timed here, equally often; every person is a true child, simulated with mutation.
  const sub = shapes.map((s) => ({ ...FAMILY_SHAPES[s], weight: 1 / shapes.length }))
  const pop = simulatePopulation({ seed: 7, cases: 40 * sub.length, persons: 40 * sub.length, plantedFraction: 1, loci, coreLoci: 23, mutation: BENCH_MUTATION, shapes: sub })
  const configs: Array<[string, LrOptions]> = [
    ['θ 0, no mutation', { theta: 0, mutation: { model: 'none' }, unknownAllele: { rule: 'fixed', frequency: 0.001 } }],
    ['θ 0, stepwise', { theta: 0, mutation: BENCH_MUTATION, unknownAllele: { rule: 'fixed', frequency: 0.001 } }],
    ['θ 0.01, stepwise', { theta: 0.01, mutation: BENCH_MUTATION, unknownAllele: { rule: 'fixed', frequency: 0.001 } }]
  ]
  const rows: string[][] = []
  // Warm-up: every shape and configuration once, so the first shape timed does not pay for the JIT.
  for (let p = 0; p < Math.min(60, pop.personSex.length); p++) {
    for (const [, options] of configs) {
      try { kinshipLr(withCandidate(simulatedCase(pop, pop.personTrueCase[p]), simulatedProfile(pop, p)), loci, options) } catch { /* inconsistent without mutation */ }
    }
  }
  for (let s = 0; s < sub.length; s++) {
    const pairs: number[] = []
    for (let p = 0; p < pop.personSex.length && pairs.length < perShape; p++) if (pop.caseShape[pop.personTrueCase[p]] === s) pairs.push(p)
    const row = [SHAPES[s][0]]
    for (const [, options] of configs) {
      const lrMs: number[] = []
      const tableMs: number[] = []
      for (const p of pairs) {
        const kcase = simulatedCase(pop, pop.personTrueCase[p])
        const full = withCandidate(kcase, simulatedProfile(pop, p))
        try {
          kinshipLr(full, loci, options) // warm-up (JIT)
        } catch {
          continue // references inconsistent without a mutation model: not timed
        }
        let t0 = performance.now()
        kinshipLr(full, loci, options)
        lrMs.push(performance.now() - t0)
        t0 = performance.now()
        missingPersonLrTable(kcase, loci, options)
        tableMs.push(performance.now() - t0)
      }
      row.push(`${fmtMs(median(lrMs))} / ${fmtMs(median(tableMs))}`)
    }
    rows.push(row)
  }
  printTable(`Engine: one exact LR over 23 loci / one genotype table (screening), medians of ${perShape} true children per shape`,
    ['pedigree', ...configs.map(([name]) => name)], rows)
}

if (import.meta.url === `file://${process.argv[1]}`) await runEngineLr()
