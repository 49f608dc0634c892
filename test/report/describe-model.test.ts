import t from 'tap'
import { describeMutationModels, describeMutationSpec, describeUnknownAlleleRule } from '../../src/report/describe-model.ts'

t.test('models in words', async (t) => {
  t.equal(describeMutationSpec({ model: 'none' }), 'none')
  t.equal(describeMutationSpec({ model: 'stepwise', rate: 0.002, range: 0.5, rate2: 0 }), 'stepwise, rate 0.002, range 0.5, microvariant rate 0')
  t.equal(describeMutationSpec({ male: { model: 'equal', rate: 0.003 }, female: { model: 'proportional', rate: 0.001 } }),
    'paternal: equal, rate 0.003; maternal: proportional, rate 0.001')
  const locus = (name: string, rate?: number): { name: string, alleles: string[], frequencies: number[], mutation?: { model: 'equal', rate: number } } =>
    ({ name, alleles: ['1'], frequencies: [1], ...(rate !== undefined ? { mutation: { model: 'equal' as const, rate } } : {}) })
  t.equal(describeMutationModels({ model: 'none' }, [locus('A')]), 'none')
  t.equal(describeMutationModels({ model: 'none' }, [locus('A', 0.001)]), 'none by default; A: equal, rate 0.001')
  t.match(describeMutationModels({ model: 'none' }, ['A', 'B', 'C', 'D'].map((n) => locus(n, 0.001))), /4 loci with their own rates \(A, B, C, D\)/)
  t.equal(describeUnknownAlleleRule({ rule: 'fixed', frequency: 0.001 }), 'fixed frequency 0.001; locus renormalised')
  t.match(describeUnknownAlleleRule({ rule: 'nrc2', fallbackFrequency: 0.001 }), /NRC II 5\/\(2N\)/)
})
