import t from 'tap'
import type { LocusModel } from '../../../src/core/pedigree/kinship-case.ts'
import { simulatePopulation, UNTYPED, type PopulationOptions } from '../../../src/core/simulation/simulate-population.ts'
import { FAMILY_SHAPES } from '../../../src/core/simulation/simulate-shapes.ts'
import { simulatedCase, simulatedProfile } from '../../../src/core/simulation/simulate-cases.ts'

const loci: LocusModel[] = Array.from({ length: 23 }, (_, l) => ({
  name: `L${l}`,
  alleles: ['8', '9', '10', '11', '12'],
  frequencies: [0.1, 0.2, 0.4, 0.2, 0.1]
}))
const base: PopulationOptions = { seed: 11, cases: 20_000, persons: 4_000, plantedFraction: 0.25, loci, coreLoci: 20, mutation: { model: 'none' } }

t.test('deterministic for a seed', async (t) => {
  const a = simulatePopulation({ ...base, cases: 300, persons: 300 })
  const b = simulatePopulation({ ...base, cases: 300, persons: 300 })
  const c = simulatePopulation({ ...base, cases: 300, persons: 300, seed: 12 })
  const same = (x: Uint8Array, y: Uint8Array): boolean => Buffer.from(x).equals(Buffer.from(y))
  t.ok(same(a.personAlleles, b.personAlleles), 'persons identical')
  t.ok(same(a.refAlleles, b.refAlleles), 'references identical')
  t.notOk(same(a.personAlleles, c.personAlleles), 'another seed, other persons')
})

t.test('shape mix, planted share, 20–23 typed loci, founders follow the frequencies', async (t) => {
  const pop = simulatePopulation(base)
  FAMILY_SHAPES.forEach((shape, s) => {
    const share = pop.caseShape.filter((x) => x === s).length / base.cases
    // Binomial standard error ≤ 0.0034 at 20,000 cases: 0.015 is over 4 of them.
    t.ok(Math.abs(share - shape.weight) < 0.015, `${shape.name}: ${share} vs ${shape.weight}`)
  })
  const planted = [...pop.personTrueCase].filter((c) => c >= 0)
  t.equal(planted.length, 1000, 'a quarter of 4,000 persons are planted')
  t.equal(new Set(planted).size, 1000, 'each planted person is a different case\'s child')
  let badKit = 0
  for (let p = 0; p < base.persons; p++) {
    const typed = Object.keys(simulatedProfile(pop, p))
    if (typed.length < 20 || typed.length > 23 || !loci.slice(0, 20).every((l) => typed.includes(l.name))) badKit++
    const c = pop.personTrueCase[p]
    if (c >= 0 && pop.personSex[p] !== pop.caseMpSex[c]) t.fail(`person ${p} has another sex than case ${c}'s missing child`)
  }
  t.equal(badKit, 0, 'every profile typed at the 20 core loci and at most 23')
  const counts = [0, 0, 0, 0, 0]
  let total = 0
  for (let p = 0; p < base.persons; p++) {
    if (pop.personTrueCase[p] >= 0) continue
    for (const a of pop.personAlleles.subarray(p * 46, p * 46 + 2)) { counts[a]++; total++ }
  }
  loci[0].frequencies.forEach((f, i) => t.ok(Math.abs(counts[i] / total - f) < 0.025, `allele ${i}: ${counts[i] / total} vs ${f}`))
})

t.test('without mutation, a planted child of a trio carries one allele of each parent at every locus', async (t) => {
  const pop = simulatePopulation({ ...base, cases: 2000, persons: 2000, plantedFraction: 1 })
  const trio = FAMILY_SHAPES.findIndex((s) => s.name === 'trio')
  let checked = 0
  let broken = 0
  for (let p = 0; p < 2000; p++) {
    const c = pop.personTrueCase[p]
    if (pop.caseShape[c] !== trio) continue
    const kcase = simulatedCase(pop, c)
    const child = simulatedProfile(pop, p)
    for (const [locus, [a, b]] of Object.entries(child)) {
      const f = kcase.genotypes.F[locus]
      const m = kcase.genotypes.M[locus]
      if (f === undefined || m === undefined) continue
      checked++
      const ok = (f.includes(a) && m.includes(b)) || (f.includes(b) && m.includes(a))
      if (!ok) broken++
    }
  }
  t.ok(checked > 10_000, `${checked} trio loci checked`)
  t.equal(broken, 0, 'no Mendelian inconsistency without a mutation model')
})

t.test('with a stepwise model about the model share of paternal transmissions show as inconsistent', async (t) => {
  const pop = simulatePopulation({
    ...base,
    cases: 3000,
    persons: 3000,
    plantedFraction: 1,
    mutation: { male: { model: 'stepwise', rate: 0.1, range: 0.1 }, female: { model: 'none' } }
  })
  const father = FAMILY_SHAPES.findIndex((s) => s.name === 'trio')
  let loci = 0
  let inconsistent = 0
  for (let p = 0; p < 3000; p++) {
    const c = pop.personTrueCase[p]
    if (pop.caseShape[c] !== father) continue
    const kcase = simulatedCase(pop, c)
    for (const [locus, [a, b]] of Object.entries(simulatedProfile(pop, p))) {
      const f = kcase.genotypes.F[locus]
      const m = kcase.genotypes.M[locus]
      if (f === undefined || m === undefined) continue
      loci++
      if (!((f.includes(a) && m.includes(b)) || (f.includes(b) && m.includes(a)))) inconsistent++
    }
  }
  // A paternal mutation happens in 10% of transmissions; some land on an allele the father (or, by the
  // other order, the mother) also carries and stay invisible, so the visible share lies below 0.1.
  const share = inconsistent / loci
  t.ok(share > 0.03 && share < 0.1, `inconsistent share ${share}`)
  t.equal(UNTYPED, 255)
})
