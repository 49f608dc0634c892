import t from 'tap'
import { createDviContext, lnConditionalLr, lnFamilyLr } from '../../../src/core/identification/dvi-context.ts'
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
          // The joint LR of one victim placed alone is that same pairwise LR.
          t.equal(lnFamilyLr(ctx, f.id, new Map([[slot, v.id]])), ln, `${v.id} in ${slot}: joint of one = pairwise`)
          pairs++
        }
      }
    }
    t.equal(pairs, problem.victims.length * problem.families.reduce((s, f) => s + f.missing.length, 0), 'every pair checked')
  })
}
