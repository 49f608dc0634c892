import t from 'tap'
import { lnCountVectorSum } from '../../../src/core/likelihood/count-vector-sum.ts'
import { lumpExactly } from '../../../src/core/likelihood/exact-lumping.ts'
import { lnInheritanceSum } from '../../../src/core/likelihood/inheritance-sum.ts'
import { lnSequenceProbability } from '../../../src/core/likelihood/balding-nichols.ts'
import { buildGraph } from '../../../src/core/likelihood/locus-graph.ts'
import { lnLocusLikelihood, sumPartitions, type LocusParameters, type LocusPerson } from '../../../src/core/likelihood/locus-likelihood.ts'
import { mutationMatrix } from '../../../src/core/mutation/mutation-matrix.ts'
import { createRng } from '../../../src/core/simulation/simulate-rng.ts'
import { bruteForceLikelihood } from '../../helpers/brute-force-likelihood.ts'

// θ on the families where the urn couples untyped founders (issue 11), against naive enumeration over 3
// alleles (9^untyped terms), and the two exact θ sums (set partitions, count vectors) against each other.
const P = (father: number, mother: number): LocusPerson => ({ father, mother, genotype: null })
/** Pedigrees parents first, with the persons typed in each (the last one is the tested child). */
const shapes: Record<string, { persons: LocusPerson[], typed: number[] }> = {
  // GF GM; F, A their children; M, AH spouses; C = AH × A (typed), MP = F × M (typed)
  firstCousin: { persons: [P(-1, -1), P(-1, -1), P(0, 1), P(0, 1), P(-1, -1), P(-1, -1), P(5, 3), P(2, 4)], typed: [6, 7] },
  // GGF GGM; GF, GU their sons; GM; F = GF × GM; M; MP = F × M
  greatUncle: { persons: [P(-1, -1), P(-1, -1), P(0, 1), P(0, 1), P(-1, -1), P(2, 4), P(-1, -1), P(5, 6)], typed: [3, 7] },
  // GF GM; F their son; M, M2; HS = F × M2; MP = F × M
  halfSibAndGrandmother: { persons: [P(-1, -1), P(-1, -1), P(0, 1), P(-1, -1), P(-1, -1), P(2, 4), P(2, 3)], typed: [1, 5, 6] },
  // GGF GGM; GF; GM; F = GF × GM; M; MP = F × M: two untyped generations between GGM and MP
  greatGrandmother: { persons: [P(-1, -1), P(-1, -1), P(0, 1), P(-1, -1), P(2, 3), P(-1, -1), P(4, 5)], typed: [1, 6] }
}
const alleles = ['9', '10', '11']
const freqs = Float64Array.of(0.2, 0.5, 0.3)
const models: Array<[string, LocusParameters]> = [
  ['no mutation, θ 0.05', params({ model: 'none' }, { model: 'none' }, 0.05)],
  ['stepwise, θ 0.1', params({ model: 'stepwise', rate: 0.05, range: 0.3, rate2: 0 }, { model: 'stepwise', rate: 0.02, range: 0.3 }, 0.1)],
  ['equal male, proportional female, θ 0.2', params({ model: 'equal', rate: 0.04 }, { model: 'proportional', rate: 0.02 }, 0.2)]
]

function params (maleSpec: Parameters<typeof mutationMatrix>[0], femaleSpec: Parameters<typeof mutationMatrix>[0], theta: number): LocusParameters {
  return { n: 3, freqs, male: mutationMatrix(maleSpec, alleles, freqs), female: mutationMatrix(femaleSpec, alleles, freqs), theta }
}

const random = createRng(20261201)
for (const [shape, { persons: template, typed }] of Object.entries(shapes)) {
  t.test(shape, async (t) => {
    for (const [modelName, model] of models) {
      for (let trial = 0; trial < 2; trial++) {
        const persons = template.map((p, i) => ({ ...p, genotype: typed.includes(i) ? [Math.floor(random.next() * 3), Math.floor(random.next() * 3)] as const : null }))
        const want = bruteForceLikelihood(persons, model)
        const got = Math.exp(lnLocusLikelihood(persons, model))
        t.ok(want === 0 ? got === 0 : Math.abs(got - want) <= 1e-10 * want, `${modelName} #${trial}: ${got} vs ${want}`)
        const graph = buildGraph(persons, model, -1)
        const byPartitions = sumPartitions(graph, model, () => [], () => new Float64Array(0), true).lnScale
        const byCounts = lnCountVectorSum(graph, model)
        t.ok(Math.abs(byCounts - byPartitions) <= 1e-12, `${modelName} #${trial}: count vectors ${byCounts} vs partitions ${byPartitions}`)
        const byInheritance = lnInheritanceSum(persons, model) - graph.lnOutside
        t.ok(want === 0 ? byInheritance === -Infinity : Math.abs(byInheritance - byPartitions) <= 1e-12, `${modelName} #${trial}: inheritance patterns ${byInheritance} vs partitions ${byPartitions}`)
      }
    }
  })
}

/** k untyped founder couples, each with one child; the children pair off into a chain down to one typed pair. */
function deepPedigree (couples: number): LocusPerson[] {
  const persons: LocusPerson[] = []
  for (let c = 0; c < couples; c++) persons.push(P(-1, -1), P(-1, -1))
  let line: number[] = []
  for (let c = 0; c < couples; c++) { persons.push(P(2 * c, 2 * c + 1)); line.push(persons.length - 1) }
  while (line.length > 1) {
    const next: number[] = []
    for (let i = 0; i + 1 < line.length; i += 2) { persons.push(P(line[i], line[i + 1])); next.push(persons.length - 1) }
    if (line.length % 2 === 1) next.push(line[line.length - 1])
    line = next
  }
  // Two children of the last couple's line, both typed, so every founder has two alleles in play.
  const top = line[0]
  persons.push(P(-1, -1))
  persons.push({ father: top, mother: persons.length - 1, genotype: [3, 7] })
  persons.push({ father: top, mother: persons.length - 2, genotype: [3, 3] })
  return persons
}

t.test('many untyped founder alleles under θ: exact, no refusal, where partitions were refused', async (t) => {
  const n = 20
  const many = Float64Array.from({ length: n }, (_, i) => (i + 1) / ((n * (n + 1)) / 2))
  const names = Array.from({ length: n }, (_, i) => String(8 + i))
  const none: LocusParameters = { n, freqs: many, male: mutationMatrix({ model: 'none' }, names, many), female: mutationMatrix({ model: 'none' }, names, many), theta: 0.01 }
  const equal: LocusParameters = { ...none, male: mutationMatrix({ model: 'equal', rate: 0.003 }, names, many), female: mutationMatrix({ model: 'equal', rate: 0.001 }, names, many) }
  // 3 founder couples (one allele each in play) and the spouse with two children (two): 8 founder alleles.
  const eight = deepPedigree(3)
  const m8 = buildGraph(eight, none, -1).untypedFounderVars.length
  t.equal(m8, 8)
  for (const model of [none, equal]) {
    const lumped = lumpExactly(eight, model)
    t.equal(lumped.params.n, 3, 'alleles 3 and 7 and one pooled state')
    const graph = buildGraph(lumped.persons, lumped.params, -1)
    const byPartitions = sumPartitions(graph, lumped.params, () => [], () => new Float64Array(0), true).lnScale + graph.lnOutside
    const got = lnLocusLikelihood(eight, model)
    t.ok(Math.abs(got - byPartitions) <= 1e-10, `${m8} founder alleles: ${got} vs partitions ${byPartitions}`)
  }
  const big = deepPedigree(7)
  const m14 = buildGraph(big, none, -1).untypedFounderVars.length
  t.ok(m14 >= 14, `${m14} untyped founder alleles`)
  const lnL = lnLocusLikelihood(big, none)
  t.ok(Number.isFinite(lnL) && lnL < 0, `ln L = ${lnL}`)
  // With θ → 0 the value approaches the θ = 0 engine, which needs no urn at all.
  const lnAt0 = lnLocusLikelihood(big, { ...none, theta: 0 })
  const lnTiny = lnLocusLikelihood(big, { ...none, theta: 1e-9 })
  t.ok(Math.abs(lnTiny - lnAt0) < 1e-6, `θ = 1e-9: ${lnTiny} vs θ = 0: ${lnAt0}`)
})

t.test('14 untyped founder alleles under stepwise mutation and θ: exact by inheritance patterns', async (t) => {
  const n = 20
  const many = Float64Array.from({ length: n }, (_, i) => (i + 1) / ((n * (n + 1)) / 2))
  const names = Array.from({ length: n }, (_, i) => String(8 + i))
  const stepwise = mutationMatrix({ model: 'stepwise', rate: 0.003, range: 0.1, rate2: 0 }, names, many)
  const model: LocusParameters = { n, freqs: many, male: stepwise, female: stepwise, theta: 0.01 }
  // Seven children typed, their fourteen parents untyped founders: related only through the urn.
  const persons: LocusPerson[] = []
  const typed: Array<readonly [number, number]> = [[3, 7], [3, 3], [7, 12], [5, 3], [0, 19], [12, 12], [3, 8]]
  for (const g of typed) { persons.push(P(-1, -1), P(-1, -1)); persons.push({ father: persons.length - 2, mother: persons.length - 1, genotype: g }) }
  t.equal(buildGraph(persons, model, -1).untypedFounderVars.length, 14)
  const lnL = lnLocusLikelihood(persons, model)
  t.ok(Number.isFinite(lnL), `ln L = ${lnL}`)
  // Without mutation the children's alleles are their parents': the urn's probability of the 14 alleles.
  const none: LocusParameters = { ...model, male: mutationMatrix({ model: 'none' }, names, many), female: mutationMatrix({ model: 'none' }, names, many) }
  const want = lnSequenceProbability(typed.flat(), many, 0.01) + typed.filter(([a, b]) => a !== b).length * Math.LN2
  t.ok(Math.abs(lnLocusLikelihood(persons, none) - want) <= 1e-10, `no mutation: ${lnLocusLikelihood(persons, none)} vs ${want}`)
  const lnTiny = lnLocusLikelihood(persons, { ...model, theta: 1e-9 })
  const lnAt0 = lnLocusLikelihood(persons, { ...model, theta: 0 })
  t.ok(Math.abs(lnTiny - lnAt0) < 1e-6, `θ = 1e-9: ${lnTiny} vs θ = 0: ${lnAt0}`)
  t.ok(lnL > lnAt0, 'θ raises the probability of the shared allele 3')
})

t.test('beyond the exact limits the engine refuses, naming the count and the limit', async (t) => {
  const n = 20
  const many = new Float64Array(n).fill(1 / n)
  const names = Array.from({ length: n }, (_, i) => String(8 + i))
  const stepwise = mutationMatrix({ model: 'stepwise', rate: 0.003, range: 0.1, rate2: 0 }, names, many)
  const model: LocusParameters = { n, freqs: many, male: stepwise, female: stepwise, theta: 0.01 }
  t.equal(lumpExactly(deepPedigree(12), model).params.n, n, 'stepwise rows differ by distance: nothing pools')
  t.throws(() => lnLocusLikelihood(deepPedigree(12), model), {
    code: 'TOO_COMPLEX',
    message: /26 untyped founder alleles, 20 allele states and \d+ inheritance choices.*count vectors \(limit 20000\), 2\^\d+ inheritance patterns \(limit 2\^16\)/
  })
})
