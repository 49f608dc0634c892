import t from 'tap'
import { defaultLocusMutation, locusMutationRates, PUBLISHED_AVERAGE_RATES } from '../../../src/core/mutation/mutation-rates.ts'
import { lookupLocus } from '../../../src/core/markers/locus.ts'

const options = { range: 0.5, defaultPaternalRate: 0.002, defaultMaternalRate: 0.0005 }

t.test('a published locus: the average rate split 4.3:1 between fathers and mothers', async (t) => {
  const r = locusMutationRates('FGA', options)
  // μ = 0.0028: paternal 2·0.0028·4.3/5.3 = 0.0045434, maternal 2·0.0028/5.3 = 0.0010566; their mean is μ.
  t.ok(Math.abs(r.paternal - 0.0045434) < 1e-7)
  t.ok(Math.abs(r.maternal - 0.0010566) < 1e-7)
  t.ok(Math.abs((r.paternal + r.maternal) / 2 - 0.0028) < 1e-15)
  t.equal(r.published, true)
})

t.test('Penta D now has a published rate (STRBase summary: 0.0014)', async (t) => {
  const r = locusMutationRates('Penta D', options)
  // paternal 2·0.0014·4.3/5.3 = 0.01204/5.3 = 0.0022717, maternal 0.0028/5.3 = 0.0005283.
  t.ok(Math.abs(r.paternal - 0.0022717) < 1e-7)
  t.ok(Math.abs(r.maternal - 0.0005283) < 1e-7)
  t.equal(r.published, true)
})

t.test('the table is the STRBase summary as transcribed in the cited source file, under canonical names', async (t) => {
  // Rows of VitorAguiar/duopaternity input_data/strbase_mutation_rates.tsv @ d27ab1d9, names as written there.
  const source: Array<[string, number]> = [
    ['CSF1PO', 0.0016], ['FGA', 0.0028], ['TH01', 0.0001], ['TPOX', 0.0001], ['vWA', 0.0017],
    ['D3S1358', 0.0012], ['D5S818', 0.0011], ['D7S820', 0.0010], ['D8S1179', 0.0014], ['D13S317', 0.0014],
    ['D16S539', 0.0011], ['D18S51', 0.0022], ['D21S11', 0.0019], ['PentaD', 0.0014], ['PentaE', 0.0016],
    ['D2S1338', 0.0012], ['D19S433', 0.0011]
  ]
  const expected = Object.fromEntries(source.map(([name, rate]) => [lookupLocus(name), rate]))
  t.same({ ...PUBLISHED_AVERAGE_RATES }, expected)
})

t.test('no published rate is zero: a zero would exclude true families', async (t) => {
  for (const [locus, mu] of Object.entries(PUBLISHED_AVERAGE_RATES)) t.ok(mu > 0, `${locus} ${mu}`)
})

t.test('a locus without a published rate takes the configured defaults', async (t) => {
  t.same(locusMutationRates('D6S1043', options), { paternal: 0.002, maternal: 0.0005, published: false })
  t.same(defaultLocusMutation('SE33', options), {
    male: { model: 'stepwise', rate: 0.002, range: 0.5, rate2: 1e-6 },
    female: { model: 'stepwise', rate: 0.0005, range: 0.5, rate2: 1e-6 }
  })
  // Object.prototype keys are not table rows.
  t.same(locusMutationRates('constructor', options), { paternal: 0.002, maternal: 0.0005, published: false })
})
