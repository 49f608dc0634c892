// Family power against brute force: children simulated forward through the pedigree (Mendel plus the engine's
// own mutation matrices) and scored one by one with kinshipLr, and unrelated persons drawn from the population.
import t from 'tap'
import { familyPower } from '../../../src/core/power/family-power.ts'
import { kinshipLr } from '../../../src/core/lr/kinship-lr.ts'
import { prepareLocus } from '../../../src/core/pedigree/case-locus.ts'
import type { KinshipCase, LrOptions } from '../../../src/core/pedigree/kinship-case.ts'
import type { Genotype } from '../../../src/core/markers/profile.ts'
import { createRng, type Rng } from '../../../src/core/simulation/simulate-rng.ts'
import { transmissionSampler } from '../../../src/core/simulation/simulate-mutation.ts'
import { benchLoci } from '../../../bench/lib/population-model.ts'
import { PEDIGREES } from '../../helpers/kinship.ts'

const OPTIONS: LrOptions = {
  theta: 0,
  mutation: { male: { model: 'stepwise', rate: 0.02, range: 0.1, rate2: 0 }, female: { model: 'stepwise', rate: 0.01, range: 0.1, rate2: 0 } },
  unknownAllele: { rule: 'fixed', frequency: 0.001 }
}
const loci = benchLoci().slice(0, 5)
const N = 1500

function drawAllele (freqs: ArrayLike<number>, rng: Rng): number {
  let u = rng.next()
  for (let a = 0; a < freqs.length; a++) { u -= freqs[a]; if (u < 0) return a }
  return freqs.length - 1
}

t.test('paternal grandparents typed: P(LR ≥ t), E[log10 LR] and the inconsistent loci match forward simulation', async (t) => {
  const rng = createRng(2024)
  const gf: Record<string, Genotype> = {}
  const gm: Record<string, Genotype> = {}
  for (const l of loci) {
    gf[l.name] = [l.alleles[drawAllele(l.frequencies, rng)], l.alleles[drawAllele(l.frequencies, rng)]].sort((a, b) => Number(a) - Number(b)) as unknown as Genotype
    gm[l.name] = [l.alleles[drawAllele(l.frequencies, rng)], l.alleles[drawAllele(l.frequencies, rng)]].sort((a, b) => Number(a) - Number(b)) as unknown as Genotype
  }
  // PEDIGREES.grandparent: S (grandfather) and GM are the father's parents.
  const family: KinshipCase = { persons: PEDIGREES.grandparent, missingPerson: 'MP', genotypes: { S: gf, GM: gm } }
  const thresholds = [10, 100]
  const power = familyPower(family, loci, OPTIONS, { thresholds, databaseSize: 0, seed: 1, simulations: 1, maxInconsistentLoci: 1 })

  const prepared = loci.map((l) => prepareLocus(l, family, OPTIONS))
  const male = prepared.map((p) => transmissionSampler(p.params.male, p.params.n))
  const female = prepared.map((p) => transmissionSampler(p.params.female, p.params.n))
  const hits = thresholds.map(() => 0)
  let sumLog = 0
  let sumSq = 0
  let inconsistentChildren = 0
  let excludedUnrelated = 0
  for (let s = 0; s < N; s++) {
    const child: Record<string, Genotype> = {}
    const unrelated: Record<string, Genotype> = {}
    loci.forEach((l, k) => {
      const { alleleIndex, adjusted, params } = prepared[k]
      const pick = (g: Genotype): number => alleleIndex.get(g[rng.below(2)])!
      const father = [male[k].transmit(pick(gf[l.name]), rng.next()), female[k].transmit(pick(gm[l.name]), rng.next())]
      const a = male[k].transmit(father[rng.below(2)], rng.next())
      const b = drawAllele(params.freqs, rng)
      child[l.name] = [adjusted.alleles[Math.min(a, b)], adjusted.alleles[Math.max(a, b)]]
      const u1 = drawAllele(params.freqs, rng)
      const u2 = drawAllele(params.freqs, rng)
      unrelated[l.name] = [adjusted.alleles[Math.min(u1, u2)], adjusted.alleles[Math.max(u1, u2)]]
    })
    const r = kinshipLr({ ...family, genotypes: { ...family.genotypes, MP: child } }, loci, OPTIONS)
    const x = r.log10Lr!
    thresholds.forEach((th, i) => { if (x >= Math.log10(th)) hits[i]++ })
    sumLog += x
    sumSq += x * x
    if (r.inconsistentLoci > 0) inconsistentChildren++
    if (kinshipLr({ ...family, genotypes: { ...family.genotypes, MP: unrelated } }, loci, OPTIONS).inconsistentLoci > 0) excludedUnrelated++
  }
  const within = (name: string, predicted: number, share: number, slack = 0): void => {
    const se = Math.sqrt(Math.max(predicted * (1 - predicted), 1e-4) / N)
    t.ok(Math.abs(share - predicted) <= 4 * se + slack, `${name}: predicted ${predicted.toFixed(4)}, simulated ${share.toFixed(4)} (SE ${se.toFixed(4)})`)
  }
  thresholds.forEach((th, i) => {
    const p = power.trueChild.pLrAtLeast[i]
    within(`P(LR ≥ ${th})`, p.probability, hits[i] / N, (p.upper - p.lower) / 2)
  })
  const mean = sumLog / N
  const se = Math.sqrt((sumSq / N - mean * mean) / N)
  t.ok(Math.abs(mean - power.trueChild.expectedLog10Lr) <= 4 * se, `E[log10 LR] ${power.trueChild.expectedLog10Lr.toFixed(3)} vs ${mean.toFixed(3)} ± ${se.toFixed(3)}`)
  within('true child inconsistent at ≥ 1 locus', power.trueChild.pExcludedByRule, inconsistentChildren / N)
  within('unrelated excluded (exclusion power)', power.unrelated.exclusionPower, excludedUnrelated / N)
  t.ok(power.trueChild.pExcludedByRule > 0.005, 'the mutation rates make the inconsistency visible')
})
