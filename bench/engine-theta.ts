// One question (issue 11): how long does one exact LR over 23 loci take at θ = 0.01 on the families where θ
// is hardest (untyped founders whose alleles the urn couples), with and without stepwise mutation?
import { kinshipLr } from '../src/core/lr/kinship-lr.ts'
import type { LrOptions } from '../src/core/pedigree/kinship-case.ts'
import type { PedigreePerson } from '../src/core/pedigree/pedigree.ts'
import { simulatedCase, simulatedProfile, withCandidate } from '../src/core/simulation/simulate-cases.ts'
import { simulatePopulation } from '../src/core/simulation/simulate-population.ts'
import type { FamilyShape } from '../src/core/simulation/simulate-shapes.ts'
import { fmtMs, median, printTable } from './lib/measure.ts'
import { benchLoci, BENCH_MUTATION } from './lib/population-model.ts'

const male = (id: string, father?: string, mother?: string): PedigreePerson => ({ id, sex: 'male', ...(father !== undefined ? { father, mother } : {}) })
const female = (id: string, father?: string, mother?: string): PedigreePerson => ({ id, sex: 'female', ...(father !== undefined ? { father, mother } : {}) })

/** The θ corners: the untyped founder alleles the urn couples are counted in the first column. */
export const THETA_SHAPES: FamilyShape[] = [
  {
    name: 'first cousin',
    weight: 0.25,
    persons: [male('GF'), female('GM'), male('F', 'GF', 'GM'), female('A', 'GF', 'GM'), female('M'), male('AH'), male('C', 'AH', 'A'), male('MP', 'F', 'M')],
    typed: ['C']
  },
  {
    name: 'great-uncle',
    weight: 0.25,
    persons: [male('GGF'), female('GGM'), male('GF', 'GGF', 'GGM'), male('GU', 'GGF', 'GGM'), female('GM'), male('F', 'GF', 'GM'), female('M'), male('MP', 'F', 'M')],
    typed: ['GU']
  },
  {
    name: 'half sibling + grandmother',
    weight: 0.25,
    persons: [male('GF'), female('GM'), male('F', 'GF', 'GM'), female('M'), female('M2'), male('HS', 'F', 'M2'), male('MP', 'F', 'M')],
    typed: ['HS', 'GM']
  },
  {
    name: 'great-grandmother (two untyped generations)',
    weight: 0.25,
    persons: [male('GGF'), female('GGM'), male('GF', 'GGF', 'GGM'), female('GM'), male('F', 'GF', 'GM'), female('M'), male('MP', 'F', 'M')],
    typed: ['GGM']
  }
]

export async function runEngineTheta (perShape = Number(process.env.HOMEWARD_BENCH_THETA_CASES ?? 6)): Promise<void> {
  const loci = benchLoci()
  const pop = simulatePopulation({ seed: 11, cases: 20 * THETA_SHAPES.length, persons: 20 * THETA_SHAPES.length, plantedFraction: 1, loci, coreLoci: 23, mutation: BENCH_MUTATION, shapes: THETA_SHAPES })
  const unknownAllele = { rule: 'fixed', frequency: 0.001 } as const
  const configs: Array<[string, LrOptions]> = [
    ['θ 0.01, no mutation', { theta: 0.01, mutation: { model: 'none' }, unknownAllele }],
    ['θ 0.01, stepwise', { theta: 0.01, mutation: BENCH_MUTATION, unknownAllele }]
  ]
  const rows: string[][] = []
  for (let s = 0; s < THETA_SHAPES.length; s++) {
    const pairs: number[] = []
    for (let p = 0; p < pop.personSex.length && pairs.length < perShape; p++) if (pop.caseShape[pop.personTrueCase[p]] === s) pairs.push(p)
    const row = [THETA_SHAPES[s].name]
    for (const [, options] of configs) {
      const ms: number[] = []
      let refused = ''
      for (const p of pairs) {
        const full = withCandidate(simulatedCase(pop, pop.personTrueCase[p]), simulatedProfile(pop, p))
        try {
          kinshipLr(full, loci, options) // warm-up (JIT)
        } catch (e) {
          // The engine's refusal: printed, never timed.
          refused = (e as { code?: string }).code ?? 'error'
          continue
        }
        // CPU time of this thread: on a shared machine wall time mostly measures the neighbours.
        const c0 = process.cpuUsage()
        kinshipLr(full, loci, options)
        const used = process.cpuUsage(c0)
        ms.push((used.user + used.system) / 1000)
      }
      row.push(`${fmtMs(median(ms))} (max ${fmtMs(Math.max(...ms))})${refused !== '' ? `, some ${refused}` : ''}`)
    }
    rows.push(row)
  }
  printTable(`Engine at θ = 0.01: one exact LR over 23 loci (true child), CPU time, median and max of ${perShape} cases per shape (after one warm-up call each)`,
    ['pedigree', ...configs.map(([name]) => name)], rows)
}

if (import.meta.url === `file://${process.argv[1]}`) await runEngineTheta()
