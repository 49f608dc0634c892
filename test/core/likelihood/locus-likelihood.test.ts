import t from 'tap'
import { lnLocusLikelihood, type LocusParameters, type LocusPerson } from '../../../src/core/likelihood/locus-likelihood.ts'
import { mutationMatrix } from '../../../src/core/mutation/mutation-matrix.ts'
import { createRng } from '../../../src/core/simulation/simulate-rng.ts'
import { bruteForceLikelihood } from '../../helpers/brute-force-likelihood.ts'

// Tolerance 1e-10: the naive sum adds up to 16^4 positive terms, so its own rounding reaches ~1e-11.
// The engine (variable elimination, founder-allele partitions under θ, pooling) against naive enumeration,
// on pedigrees with untyped ancestors, a cousin marriage (a loop), the tested person as a parent, and
// sex-specific mutation, for θ = 0 and θ > 0.
const alleles = ['9', '9.3', '10', '11']
const freqs = Float64Array.of(0.2, 0.1, 0.4, 0.3)
const P = (father: number, mother: number): LocusPerson => ({ father, mother, genotype: null })
const shapes: Record<string, LocusPerson[]> = {
  uncle: [P(-1, -1), P(-1, -1), P(-1, -1), P(0, 1), P(0, 1), P(4, 2)],
  cousinMarriage: [P(-1, -1), P(-1, -1), P(-1, -1), P(-1, -1), P(0, 1), P(0, 1), P(4, 2), P(3, 5), P(6, 7)],
  parentOfTwo: [P(-1, -1), P(-1, -1), P(0, 1), P(0, 1), P(-1, -1), P(2, 4)],
  threeGenerations: [P(-1, -1), P(-1, -1), P(0, 1), P(-1, -1), P(2, 3), P(-1, -1), P(4, 5)]
}
const models: Array<[string, LocusParameters]> = [
  ['no mutation', params({ model: 'none' }, { model: 'none' }, 0)],
  ['stepwise male, equal female', params({ model: 'stepwise', rate: 0.05, range: 0.4, rate2: 0.01 }, { model: 'equal', rate: 0.02 }, 0)],
  ['proportional, θ 0.05', params({ model: 'proportional', rate: 0.03 }, { model: 'proportional', rate: 0.01 }, 0.05)],
  ['stepwise, θ 0.1', params({ model: 'stepwise', rate: 0.05, range: 0.5, rate2: 0.02 }, { model: 'stepwise', rate: 0.02 }, 0.1)],
  ['no mutation, θ 0.2', params({ model: 'none' }, { model: 'none' }, 0.2)]
]

function params (maleSpec: Parameters<typeof mutationMatrix>[0], femaleSpec: Parameters<typeof mutationMatrix>[0], theta: number): LocusParameters {
  return { n: 4, freqs, male: mutationMatrix(maleSpec, alleles, freqs), female: mutationMatrix(femaleSpec, alleles, freqs), theta }
}

const random = createRng(20261122)
const rng = (): number => random.next()
for (const [shape, template] of Object.entries(shapes)) {
  t.test(shape, async (t) => {
    for (const [modelName, model] of models) {
      for (let trial = 0; trial < 4; trial++) {
        // Leave three or four persons untyped (the naive sum grows as 16^untyped), type the rest at random;
        // impossible data is allowed (0 must equal 0).
        const untyped = new Set<number>()
        while (untyped.size < 3 + (trial % 2)) untyped.add(Math.floor(rng() * template.length))
        const persons = template.map((p, i) => ({ ...p, genotype: untyped.has(i) ? null : [Math.floor(rng() * 4), Math.floor(rng() * 4)] as const }))
        const want = bruteForceLikelihood(persons, model)
        const got = Math.exp(lnLocusLikelihood(persons, model))
        const ok = want === 0 ? got === 0 : Math.abs(got - want) <= 1e-10 * want
        t.ok(ok, `${modelName} #${trial}: ${got} vs ${want}`)
      }
    }
  })
}
