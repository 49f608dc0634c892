import { createHash } from 'node:crypto'
import t from 'tap'
import { simulateLineage } from '../../../src/core/simulation/simulate-lineage.ts'
import { simulatePopulation, type Population } from '../../../src/core/simulation/simulate-population.ts'
import { parseMitoProfile } from '../../../src/core/lineage/mito-profile.ts'
import { parseYHaplotype } from '../../../src/core/lineage/y-haplotype.ts'
import { Y_KITS } from '../../../src/core/lineage/y-loci.ts'
import { yMutationRate } from '../../../src/core/lineage/y-mutation-rates.ts'
import { benchLoci, BENCH_MUTATION } from '../../../bench/lib/population-model.ts'

const population = (): Population => simulatePopulation({ seed: 7, cases: 3000, persons: 3000, plantedFraction: 0.5, loci: benchLoci(), coreLoci: 20, mutation: BENCH_MUTATION })
const digest = (pop: Population): string => createHash('sha256').update(pop.refAlleles).update(pop.personAlleles).update(pop.personSex).update(pop.caseShape).digest('hex')

const pop = population()
const lin = simulateLineage(pop, { seed: 7 })

t.test('the STR profiles of a seed are untouched, and a seed gives the same lineage markers', async (t) => {
  t.equal(digest(pop), digest(population()))
  t.same(simulateLineage(pop, { seed: 7 }).personY.slice(0, 50), lin.personY.slice(0, 50))
  t.notSame(simulateLineage(pop, { seed: 8 }).personY.slice(0, 50), lin.personY.slice(0, 50))
  t.equal(lin.refY.length, pop.refOffset[pop.caseShape.length])
  t.equal(lin.personMito.length, pop.personSex.length)
})

t.test('Y haplotypes for men only; every marker a valid call', async (t) => {
  const wrong = pop.personSex.filter((sex, p) => (lin.personY[p] === undefined) !== (sex === 1)).length
  t.equal(wrong, 0, 'a person has a Y haplotype if and only if male')
  const womenRefs = pop.shapes.flatMap((s) => s.typed.map((id) => s.persons.find((x) => x.id === id)!.sex))
  t.ok(womenRefs.includes('female'))
  const males = lin.personY.filter((h) => h !== undefined).slice(0, 200)
  t.same(males.map((h) => parseYHaplotype(h)), males, 'Y haplotypes are canonical')
  const mitos = lin.personMito.slice(0, 200).map((m) => m!)
  t.same(mitos.map((m) => parseMitoProfile({ range: m.ranges, variants: [...m.variants] }).variants), mitos.map((m) => m.variants), 'mitotypes are canonical')
})

t.test('through the pedigree: a father and his son differ at Σμ ≈ 0.144 loci on average, unrelated men at most', async (t) => {
  const father = pop.shapes.findIndex((s) => s.name === 'father')
  const diffs: number[] = []
  let unrelatedSame = 0
  let unrelatedPairs = 0
  for (let p = 0; p < pop.personTrueCase.length; p++) {
    const c = pop.personTrueCase[p]
    const son = lin.personY[p]
    if (c < 0 || pop.caseShape[c] !== father || son === undefined) continue
    const dad = lin.refY[pop.refOffset[c]]!
    diffs.push(Y_KITS['Yfiler Plus'].filter((l) => dad[l].join() !== son[l].join()).length)
    const other = lin.refY[pop.refOffset[(c + 1) % pop.caseShape.length]]
    if (other !== undefined) { unrelatedPairs++; if (Y_KITS['Yfiler Plus'].filter((l) => other[l].join() !== son[l].join()).length <= 1) unrelatedSame++ }
  }
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length
  const expected = Y_KITS['Yfiler Plus'].reduce((a, l) => a + yMutationRate(l) * (l === 'DYS385' || l === 'DYF387S1' ? 2 : 1), 0)
  t.ok(diffs.length > 100, `${diffs.length} fathers with their planted son`)
  t.ok(Math.abs(mean - expected) < 4 * Math.sqrt(expected / diffs.length), `mean ${mean.toFixed(3)} vs ${expected.toFixed(3)}`)
  t.ok(unrelatedSame / unrelatedPairs < 0.02, `${unrelatedSame} of ${unrelatedPairs} unrelated men within one locus`)
})

t.test('a mother and her child share their mitotype over the overlap, bar a rare new substitution', async (t) => {
  const mother = pop.shapes.findIndex((s) => s.name === 'mother')
  let pairs = 0
  let differ = 0
  for (let p = 0; p < pop.personTrueCase.length; p++) {
    const c = pop.personTrueCase[p]
    if (c < 0 || pop.caseShape[c] !== mother) continue
    const m = lin.refMito[pop.refOffset[c]]!
    const child = lin.personMito[p]!
    const inBoth = (v: string): boolean => [m, child].every((x) => x.ranges.some(([s, e]) => Number.parseInt(v) >= s && Number.parseInt(v) <= e))
    const a = m.variants.filter(inBoth)
    const b = child.variants.filter(inBoth)
    pairs++
    if (a.join() !== b.join()) differ++
  }
  t.ok(pairs > 100)
  t.ok(differ / pairs < 0.15, `${differ} of ${pairs} differ (expected ≈ 1 − e^−0.056 ≈ 5%)`)
})
