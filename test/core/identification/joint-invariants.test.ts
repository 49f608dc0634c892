import t from 'tap'
import { createDviContext, lnConditionalLr, lnFamilyLr } from '../../../src/core/identification/dvi-context.ts'
import { dviSolve } from '../../../src/core/identification/dvi-solve.ts'
import { jointComponents } from '../../../src/core/identification/joint-components.ts'
import { prepareJointLoci } from '../../../src/core/lr/joint-assignment-lr.ts'
import type { LocusPerson } from '../../../src/core/likelihood/locus-likelihood.ts'
import type { DviProblem } from '../../../src/core/identification/dvi-problem.ts'
import { bruteForceLikelihood } from '../../helpers/brute-force-likelihood.ts'
import { loadDviDataset } from '../../helpers/dvi-datasets.ts'

t.test('posterior pairing probabilities sum to 1 per victim and per slot', async (t) => {
  for (const name of ['fire', 'planecrash']) {
    const comps = jointComponents(createDviContext(loadDviDataset(name)))
    t.ok(comps.length > 0, `${name}: components`)
    for (const c of comps) {
      const post = c!.posterior!
      for (const [v, p] of Object.entries(post.byVictim)) t.ok(Math.abs(Object.values(p).reduce((a, b) => a + b, 0) - 1) < 1e-12, `${name} ${v}: Σ = 1`)
      for (const [m, p] of Object.entries(post.bySlot)) t.ok(Math.abs(Object.values(p).reduce((a, b) => a + b, 0) - 1) < 1e-12, `${name} ${m}: Σ = 1`)
    }
  }
})

t.test('across single-slot families the joint LR is the product of the pairwise LRs; branch and bound finds the enumeration\'s best', async (t) => {
  const ctx = createDviContext(loadDviDataset('planecrash'))
  const enumerated = jointComponents(ctx)
  for (const c of enumerated) {
    for (const a of c!.best) {
      const sum = Object.entries(a.slots).reduce((s, [m, v]) => s + lnConditionalLr(ctx, m, v, new Map()), 0)
      t.ok(Math.abs(sum - a.lnLr) < 1e-9, `${JSON.stringify(a.slots)}: Σ pairwise ln LR`)
    }
  }
  const big = enumerated.find((c) => c!.assignments! > 20)!
  t.ok(big !== undefined, 'a component with more than 20 assignments')
  // maxAssign below the component's count (but above each family's table) forces the branch and bound.
  const searched = jointComponents(ctx, { maxAssign: 20 }).find((c) => c!.victims.join() === big.victims.join())!
  t.equal(searched.assignments, null, 'searched, not enumerated')
  t.equal(searched.posterior, null)
  t.same(searched.best.map((a) => a.lnLr), big.best.map((a) => a.lnLr), 'the same best five')
})

t.test('removing a victim who was nobody\'s candidate changes nothing', async (t) => {
  // exclusionExample's V1 has more than maxIncomp incompatible loci against every slot.
  const p = loadDviDataset('exclusionExample')
  const full = dviSolve(p)
  t.equal(full.pm[0].conclusion, 'Excluded')
  const without: DviProblem = { ...p, victims: p.victims.filter((v) => v.id !== 'V1') }
  const less = dviSolve(without)
  // The exclusion comment names the fewest incompatible loci over the victims, so it may change with them.
  const noComment = (rows: typeof full.am): unknown[] => rows.map(({ comment, ...rest }) => rest)
  t.same(noComment(less.am), noComment(full.am), 'AM table unchanged (but for the exclusions\' counts)')
  t.same(less.pm, full.pm.slice(1), 'PM table unchanged but for V1')
  t.same(jointComponents(createDviContext(without)), jointComponents(createDviContext(p)), 'components unchanged')
  // A male victim among planecrash's female slots pairs with none (same profile as V1: no new allele).
  const pc = loadDviDataset('planecrash')
  const extra: DviProblem = { ...pc, victims: [...pc.victims, { ...pc.victims[0], id: 'VX', sex: 'male' }] }
  const a = dviSolve(pc)
  const b = dviSolve(extra)
  t.same(b.am, a.am, 'planecrash: AM unchanged by a victim of no slot\'s sex')
  t.same(b.pm.slice(0, -1), a.pm)
  t.same(jointComponents(createDviContext(extra)), jointComponents(createDviContext(pc)))
})

// Two full siblings in one family: father typed, mother untyped, both children's slots filled. The engine's
// joint LR against a direct enumeration of every ordered genotype of every person (test/helpers).
for (const theta of [0, 0.03]) {
  t.test(`joint LR of two siblings placed together equals the brute-force likelihood ratio (θ = ${theta})`, async (t) => {
    const problem: DviProblem = {
      loci: [{ name: 'L1', alleles: ['10', '11', '12'], frequencies: [0.2, 0.3, 0.5] }],
      options: { theta, mutation: { model: 'equal', rate: 0.01 }, unknownAllele: { rule: 'fixed', frequency: 0.001 } },
      families: [{
        id: 'F',
        persons: [{ id: 'D', sex: 'male' }, { id: 'Mo', sex: 'female' }, { id: 'S1', sex: 'male', father: 'D', mother: 'Mo' }, { id: 'S2', sex: 'male', father: 'D', mother: 'Mo' }],
        missing: ['S1', 'S2'],
        genotypes: { D: { L1: ['10', '11'] } }
      }],
      victims: [{ id: 'V1', sex: 'male', genotypes: { L1: ['10', '12'] } }, { id: 'V2', sex: 'male', genotypes: { L1: ['11', '12'] } }]
    }
    const ctx = createDviContext(problem)
    const joint = lnFamilyLr(ctx, 'F', new Map([['S1', 'V1'], ['S2', 'V2']]))
    const params = prepareJointLoci(problem.loci, problem.options).prepared[0].params
    const family = (s1: readonly [number, number] | null, s2: readonly [number, number] | null): LocusPerson[] => [
      { father: -1, mother: -1, genotype: [0, 1] }, { father: -1, mother: -1, genotype: null },
      { father: 0, mother: 1, genotype: s1 }, { father: 0, mother: 1, genotype: s2 }
    ]
    const numerator = bruteForceLikelihood(family([0, 2], [1, 2]), params)
    const denominator = bruteForceLikelihood([...family(null, null), { father: -1, mother: -1, genotype: [0, 2] }, { father: -1, mother: -1, genotype: [1, 2] }], params)
    t.ok(Math.abs(joint - Math.log(numerator / denominator)) < 1e-12, `ln LR ${joint} vs brute force ${Math.log(numerator / denominator)}`)
    const pairwise = lnConditionalLr(ctx, 'S1', 'V1', new Map()) + lnConditionalLr(ctx, 'S2', 'V2', new Map())
    t.ok(Math.abs(joint - pairwise) > 1e-3, 'not the product of the pairwise LRs')
  })
}
