import t from 'tap'
import { canonicalLocus, isAmelogenin, lookupLocus } from '../../../src/core/markers/locus.ts'
import { makeGenotype } from '../../../src/core/markers/profile.ts'
import { adjustLocus } from '../../../src/core/markers/frequency-table.ts'

t.test('locus aliases fold to one canonical name', async (t) => {
  const cases: Array<[string, string]> = [
    ['vWA', 'vWA'], ['VWA', 'vWA'], ['vwa', 'vWA'], ['TH01', 'TH01'], ['THO1', 'TH01'], ['TPOX', 'TPOX'], ['TP0X', 'TPOX'],
    ['Penta D', 'Penta D'], ['PENTA_D', 'Penta D'], ['PentaD', 'Penta D'], ['Penta-E', 'Penta E'], ['d3s1358', 'D3S1358'],
    ['CSF1P0', 'CSF1PO'], ['D6S1043', 'D6S1043'], ['SE33', 'SE33']
  ]
  for (const [raw, name] of cases) t.equal(lookupLocus(raw), name, raw)
  t.equal(lookupLocus('D99S999'), undefined)
  t.throws(() => canonicalLocus('D99S999', { sample: 'S7' }), /unknown locus "D99S999" \(sample S7\)/)
  t.ok(isAmelogenin('Amelogenin') && isAmelogenin('AMEL') && !isAmelogenin('TH01'))
})

t.test('genotypes are unordered pairs; a homozygote may be written once', async (t) => {
  t.same(makeGenotype(['12', '9.3']), ['9.3', '12'])
  t.same(makeGenotype(['15']), ['15', '15'])
  t.same(makeGenotype(['8.0', '08']), ['8', '8'])
  t.throws(() => makeGenotype(['8', '9', '10'], { sample: 'S1', locus: 'FGA' }), /3 alleles.*sample S1 at locus FGA/)
  t.throws(() => makeGenotype([], { sample: 'S1', locus: 'FGA' }), /no allele/)
})

t.test('unknown alleles: fixed frequency or NRC II 5/(2N), then renormalised and reported', async (t) => {
  const fixed = adjustLocus('FGA', { alleles: ['20', '21'], frequencies: [0.5, 0.5] }, ['30', '20'], { rule: 'fixed', frequency: 0.001 })
  t.same(fixed.alleles, ['20', '21', '30'])
  t.ok(Math.abs(fixed.frequencies[2] - 0.001 / 1.001) < 1e-15)
  t.same(fixed.adjustments, [{ locus: 'FGA', allele: '30', frequency: 0.001, rule: 'fixed' }])
  const nrc = adjustLocus('FGA', { alleles: ['20', '21'], frequencies: [0.5, 0.5], sampleSize: 1000 }, ['30'], { rule: 'nrc2', fallbackFrequency: 0.001 })
  t.equal(nrc.adjustments[0].frequency, 5 / 1000)
  t.equal(nrc.adjustments[0].rule, 'nrc2')
  const fallback = adjustLocus('FGA', { alleles: ['20', '21'], frequencies: [0.5, 0.5] }, ['30'], { rule: 'nrc2', fallbackFrequency: 0.002 })
  t.same([fallback.adjustments[0].frequency, fallback.adjustments[0].rule], [0.002, 'nrc2-fallback'])
  const sum = Array.from(nrc.frequencies).reduce((a, b) => a + b, 0)
  t.ok(Math.abs(sum - 1) < 1e-15)
  t.throws(() => adjustLocus('FGA', { alleles: ['20'], frequencies: [0.5, 0.5] }, [], { rule: 'fixed', frequency: 0.001 }), /1 alleles but 2 frequencies/)
})
