import t from 'tap'
import { genotypeIndex, missingPersonLrTable } from '../../../src/core/lr/genotype-lr-table.ts'
import type { LrOptions } from '../../../src/core/pedigree/kinship-case.ts'
import type { PedigreePerson } from '../../../src/core/pedigree/pedigree.ts'
import { kinshipLr } from '../../../src/core/lr/kinship-lr.ts'
import { NO_MUTATION, oneLocusCase, toyLocus } from '../../helpers/kinship.ts'

// Under θ the genotype table's H2 probabilities and LRs must still make E[LR | unrelated] = Σ_g P(g)·LR(g)
// = 1 exactly (the references' own probability is the same under H1 and H2), and agree with kinshipLr.
const freqs = [0.1, 0.2, 0.3, 0.25, 0.15]
const locus = toyLocus(freqs)
const STEPWISE_THETA: LrOptions = { ...NO_MUTATION, theta: 0.01, mutation: { male: { model: 'stepwise', rate: 0.01, range: 0.5, rate2: 0 }, female: { model: 'stepwise', rate: 0.004, range: 0.5 } } }
const male = (id: string, father?: string, mother?: string): PedigreePerson => ({ id, sex: 'male', ...(father !== undefined ? { father, mother } : {}) })
const female = (id: string, father?: string, mother?: string): PedigreePerson => ({ id, sex: 'female', ...(father !== undefined ? { father, mother } : {}) })
const families: Record<string, [PedigreePerson[], Record<string, string>]> = {
  firstCousin: [[male('GF'), female('GM'), male('F', 'GF', 'GM'), female('A', 'GF', 'GM'), female('M'), male('AH'), male('C', 'AH', 'A'), male('MP', 'F', 'M')], { C: '2/4' }],
  greatUncle: [[male('GGF'), female('GGM'), male('GF', 'GGF', 'GGM'), male('GU', 'GGF', 'GGM'), female('GM'), male('F', 'GF', 'GM'), female('M'), male('MP', 'F', 'M')], { GU: '1/3' }],
  halfSibAndGrandmother: [[male('GF'), female('GM'), male('F', 'GF', 'GM'), female('M'), female('M2'), male('HS', 'F', 'M2'), male('MP', 'F', 'M')], { HS: '2/5', GM: '2/3' }]
}

for (const [name, [pedigree, refs]] of Object.entries(families)) {
  t.test(name, async (t) => {
    for (const options of [{ ...NO_MUTATION, theta: 0.03 }, STEPWISE_THETA]) {
      const kcase = oneLocusCase(pedigree, refs)
      const [table] = missingPersonLrTable(kcase, [locus], options)
      let sum = 0
      let worst = 0
      for (let i = 0; i < freqs.length; i++) {
        for (let j = i; j < freqs.length; j++) {
          const k = genotypeIndex(i, j, freqs.length)
          sum += table.unrelated[k] * table.lr[k]
          const g = { ...kcase, genotypes: { ...kcase.genotypes, MP: { L1: [String(i + 1), String(j + 1)] as const } } }
          const want = kinshipLr(g, [locus], options).perLocus[0].lr
          worst = Math.max(worst, want === 0 ? table.lr[k] : Math.abs(table.lr[k] - want) / want)
        }
      }
      t.ok(Math.abs(sum - 1) < 1e-12, `θ ${options.theta}, ${JSON.stringify(options.mutation)}: Σ P(g)·LR(g) = ${sum}`)
      t.ok(worst < 1e-10, `the table equals kinshipLr genotype by genotype (worst ${worst})`)
    }
  })
}
