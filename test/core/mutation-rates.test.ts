import t from 'tap'
import { defaultLocusMutation, locusMutationRates } from '../../src/core/mutation-rates.ts'

const options = { range: 0.5, defaultPaternalRate: 0.002, defaultMaternalRate: 0.0005 }

t.test('a published locus: the average rate split 4.3:1 between fathers and mothers', async (t) => {
  const r = locusMutationRates('FGA', options)
  // μ = 0.0028: paternal 2·0.0028·4.3/5.3 = 0.0045434, maternal 2·0.0028/5.3 = 0.0010566; their mean is μ.
  t.ok(Math.abs(r.paternal - 0.0045434) < 1e-7)
  t.ok(Math.abs(r.maternal - 0.0010566) < 1e-7)
  t.ok(Math.abs((r.paternal + r.maternal) / 2 - 0.0028) < 1e-15)
  t.equal(r.published, true)
})

t.test('a locus without a published rate takes the configured defaults', async (t) => {
  t.same(locusMutationRates('D6S1043', options), { paternal: 0.002, maternal: 0.0005, published: false })
  t.same(defaultLocusMutation('Penta D', options), {
    male: { model: 'stepwise', rate: 0.002, range: 0.5, rate2: 1e-6 },
    female: { model: 'stepwise', rate: 0.0005, range: 0.5, rate2: 1e-6 }
  })
})
