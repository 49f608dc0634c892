import t from 'tap'
import { createDviContext, exclusionCount, lnConditionalLr, lnFamilyLr } from '../../../src/core/identification/dvi-context.ts'
import { kinshipLr } from '../../../src/core/lr/kinship-lr.ts'
import { DVI_DATASETS, loadDviDataset, singlePairCase } from '../../helpers/dvi-datasets.ts'

// Every victim × slot of dvir's five datasets, sex ignored: the identification's pairwise LR (the victim in
// the slot, the family's other slots untyped members) is the exact engine's single-pair LR of that case.
for (const name of DVI_DATASETS) {
  t.test(`${name}: pairwise LRs equal kinshipLr of the single-pair case`, async (t) => {
    const problem = loadDviDataset(name)
    const ctx = createDviContext(problem)
    let pairs = 0
    for (const f of problem.families) {
      for (const slot of f.missing) {
        for (const v of problem.victims) {
          const { kcase, loci } = singlePairCase(problem, slot, v.id)
          const expected = kinshipLr(kcase, loci, problem.options).log10Lr
          const ln = lnConditionalLr(ctx, slot, v.id, new Map())
          const got = ln === -Infinity ? null : ln / Math.LN10
          if (expected === null || got === null) t.equal(got, expected, `${v.id} in ${slot}: an exclusion in both`)
          // 1e-9 relative on the LR is 4.3e-10 absolute on log10 LR.
          else if (Math.abs(got - expected) > 4.4e-10) t.fail(`${v.id} in ${slot}: log10 LR ${got} vs kinshipLr ${expected}`)
          // The joint LR of one victim placed alone (a whole pedigree) is that same pairwise LR (a table lookup).
          const joint = lnFamilyLr(ctx, f.id, new Map([[slot, v.id]]))
          if (!(joint === ln || Math.abs(joint - ln) < 1e-9)) t.fail(`${v.id} in ${slot}: joint of one ${joint} vs pairwise ${ln}`)
          pairs++
        }
      }
    }
    t.equal(pairs, problem.victims.length * problem.families.reduce((s, f) => s + f.missing.length, 0), 'every pair checked')
  })
}

t.test('under θ > 0 (each pair computed whole) too: planecrash at θ = 0.02 against kinshipLr', async (t) => {
  const base = loadDviDataset('planecrash')
  const problem = { ...base, options: { ...base.options, theta: 0.02 } }
  const ctx = createDviContext(problem)
  for (const f of problem.families) {
    for (const slot of f.missing) {
      for (const v of problem.victims) {
        const { kcase, loci } = singlePairCase(problem, slot, v.id)
        const expected = kinshipLr(kcase, loci, problem.options).log10Lr!
        const got = lnConditionalLr(ctx, slot, v.id, new Map()) / Math.LN10
        if (Math.abs(got - expected) > 4.4e-10) t.fail(`${v.id} in ${slot}: ${got} vs ${expected}`)
      }
    }
  }
  t.pass('every pair within 1e-9 relative')
})

t.test('exclusion counts: the slot tables (θ = 0) and whole pedigrees (θ > 0) count the same loci', async (t) => {
  const base = loadDviDataset('exclusionExample')
  const tables = createDviContext(base)
  const whole = createDviContext({ ...base, options: { ...base.options, theta: 0.01 } })
  let excluded = 0
  for (const slot of base.families.flatMap((f) => f.missing)) {
    for (const v of base.victims) {
      const n = exclusionCount(tables, slot, v.id, new Map())
      if (n !== exclusionCount(whole, slot, v.id, new Map())) t.fail(`${v.id} in ${slot}`)
      if (n > 2) excluded++
    }
  }
  t.ok(excluded > 100, `${excluded} pairs with more than 2 incompatible loci`)
})
