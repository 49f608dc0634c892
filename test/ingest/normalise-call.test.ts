import t from 'tap'
import { normaliseCall } from '../../src/ingest/normalise-call.ts'

const call = (locus: string, ...alleles: string[]) => normaliseCall({ locus, alleles, line: 7 })

t.test('locus aliases all land on one canonical name', async (t) => {
  for (const [raw, name] of [['VWA', 'vWA'], ['vwa', 'vWA'], ['THO1', 'TH01'], ['TH 01', 'TH01'], ['TP0X', 'TPOX'], ['PENTA_D', 'Penta D'],
    ['PentaD', 'Penta D'], ['Penta_E', 'Penta E'], ['CSF1P0', 'CSF1PO'], ['d21s11', 'D21S11'], ['F13A1', 'F13A01'], ['FES_FPS', 'FESFPS']]) {
    t.match(call(raw, '8', '9'), { kind: 'genotype', locus: name }, raw)
  }
})

t.test('allele text: 12.0, spreadsheet noise, homozygote once or twice, unsorted, padding', async (t) => {
  t.same(call('FGA', '12.0', '12.0'), { kind: 'genotype', locus: 'FGA', genotype: ['12', '12'] })
  t.same(call('FGA', '12'), { kind: 'genotype', locus: 'FGA', genotype: ['12', '12'] })
  t.same(call('TH01', ' 9.3000000000000007', '6'), { kind: 'genotype', locus: 'TH01', genotype: ['6', '9.3'] })
  t.same(call('D21S11', '31.2', '30', 'NULL', ''), { kind: 'genotype', locus: 'D21S11', genotype: ['30', '31.2'] })
  t.same(call('TH01', '9', '9.3'), { kind: 'genotype', locus: 'TH01', genotype: ['9', '9.3'] }) // a microvariant is its own allele
})

t.test('refusals carry locus, reason, value and line', async (t) => {
  t.same(call('vWA', 'OL', '17'), { kind: 'refused', refusal: { locus: 'vWA', reason: 'allele "OL" is an off-ladder call', value: 'OL,17', line: 7 } })
  t.match(call('vWA', '?', '?'), { kind: 'refused', refusal: { reason: 'allele "?" is an off-ladder call' } })
  t.match(call('D13S317', '13', '>15'), { kind: 'refused', refusal: { reason: 'allele ">15" is a bound, not an allele' } })
  t.match(call('D18S51', '12', '13', '14'), { kind: 'refused', refusal: { reason: /^3 alleles \(12, 13, 14\): a mixture/ } })
  t.same(call('D99S999', '10'), { kind: 'refused', refusal: { locus: 'D99S999', reason: 'unknown locus "D99S999"', value: '10', line: 7 } })
  t.match(call('AMEL', 'X', 'OL'), { kind: 'refused', refusal: { locus: 'AMEL', reason: 'amelogenin value "OL" is neither X nor Y' } })
})

t.test('untyped, amelogenin, and Y markers kept out of the profile', async (t) => {
  t.same(call('FGA', '', 'NA', 'N/A', '-'), { kind: 'untyped' })
  t.same(call('Amelogenin', 'Y', 'x'), { kind: 'amelogenin', values: ['X', 'Y'] })
  // a Y-STR is kept apart for the haplotype (issue 14); the preview ignores it when too few Y loci make no haplotype (lineage-preview.ts)
  t.same(call('DYS391', '10'), { kind: 'y-str', locus: 'DYS391', alleles: ['10'] })
  t.match(call('Yindel', '2'), { kind: 'ignored' })
  t.same(call('Yindel', 'N/A'), { kind: 'untyped' })
})

t.test('an empty allele slot before a value is a lost call: the locus is refused, never read as a homozygote', async (t) => {
  t.same(call('D8S1179', '', '11'), { kind: 'refused', refusal: { locus: 'D8S1179', reason: 'allele 1 of 2 is empty beside 11: a call is missing (not a homozygote written once), so the genotype is unknown', value: ',11', line: 7 } })
  t.match(call('vWA', 'NULL', '16', 'NULL'), { kind: 'refused', refusal: { locus: 'vWA', value: 'NULL,16,NULL' } })
  t.same(call('D8S1179', '11', ''), { kind: 'genotype', locus: 'D8S1179', genotype: ['11', '11'] }, 'GeneMapper writes a homozygote in Allele 1 with Allele 2 empty')
  t.same(call('D8S1179', '', ''), { kind: 'untyped' })
  // Familias writes both alleles of every genotype: one empty is a lost call even when it comes second.
  t.match(normaliseCall({ locus: 'TH01', alleles: ['9.3', ''], line: 3, bothAllelesWritten: true }), { kind: 'refused', refusal: { locus: 'TH01', reason: /^allele 2 of 2 is empty beside 9.3/ } })
  t.same(normaliseCall({ locus: 'TH01', alleles: ['9.3', '9.3'], line: 3, bothAllelesWritten: true }), { kind: 'genotype', locus: 'TH01', genotype: ['9.3', '9.3'] })
})
