import t from 'tap'
import type { FrequencyTable } from '../../src/core/markers/frequency-table.ts'
import { parseImportFile } from '../../src/ingest/parse-file.ts'
import { readFormatFile } from './fixture-formats.ts'

/** Frequencies read by eye from the files (cell text quoted), then looked up in the imported tables. */
function tables (file: string): FrequencyTable[] {
  return parseImportFile(readFormatFile(file), { fileName: file.replace(/^.*\//, '') }).frequencyTables
}
function freq (table: FrequencyTable, locus: string, allele: string): number | undefined {
  const l = table.loci[locus]
  const i = l?.alleles.indexOf(allele) ?? -1
  return i < 0 ? undefined : l.frequencies[i]
}

t.test('allele × locus matrices: comma, semicolon + BOM, quoted cells, scientific notation', async (t) => {
  const [nist] = tables('frequency-tables/nist1036/NIST1036_Cauc.csv')
  t.equal(freq(nist, 'Penta D', '2.2'), 0.004155125) // row "2.2", column "Penta D"
  t.equal(freq(nist, 'TH01', '5'), 0.001385042)
  t.equal(freq(nist, 'TH01', '2.2'), undefined) // blank cell = not observed
  const [gf] = tables('frequency-tables/euroformix/GF_freq.csv')
  t.equal(freq(gf, 'D21S11', '35'), 0.00138503853601862)
  t.equal(freq(gf, 'TPOX', '5'), 0.00138503853463359)
  const [lrmix] = tables('frequency-tables/lrmixstudio/samplePopulationStatistics.csv')
  t.equal(freq(lrmix, 'TH01', '5'), 0.00704) // "5",...,"0.00704"
  const [strider] = tables('frequency-tables/strider-csv-2015/STRBASE_frequencies_2015-02-09_Europe.csv')
  t.equal(freq(strider, 'TH01', '5'), 7.72499e-4) // "7.72499E-4"
  t.equal(freq(strider, 'vWA', '5'), undefined)
})

t.test('FBI matrix: the N row is the number of alleles; AMEL and Y markers are left out', async (t) => {
  const [fbi] = tables('frequency-tables/fbi/FBI_extended_Cauc_022024.csv')
  t.equal(fbi.loci.D3S1358.sampleSize, 404)
  t.equal(fbi.loci.AMEL, undefined)
  t.equal(fbi.loci.DYS391, undefined)
  t.notOk(fbi.loci.D3S1358.frequencies.includes(0)) // explicit zeros are "not observed"
})

t.test('UK DNA-17 counts: divided by the n row; 35.200000000000003 is allele 35.2', async (t) => {
  const [cn] = tables('frequency-tables/uk-dna17/converted/DNA-17_PopulationData_FINAL_For_Web_Page__2_.Chinese_-_EA5.csv')
  t.equal(cn.loci.TH01.sampleSize, 406)
  t.equal(freq(cn, 'TH01', '6'), 54 / 406) // row "6", TH01 count 54
  t.equal(freq(cn, 'D19S433', '4'), 1 / 406)
  t.equal(freq(cn, 'SE33', '35.2'), 3 / 406) // "35.200000000000003,...,3"
})

t.test('long tables: one table per population, N carried as the sample size', async (t) => {
  const fbi = tables('frequency-tables/fbi/converted/FBI2015freqs.long.csv')
  const cauc = fbi.find((x) => x.population === 'Caucasian') as FrequencyTable
  t.equal(freq(cauc, 'D3S1358', '13'), 0.002475247525) // "Caucasian","D3S1358","13","0.002475247525",404
  t.equal(cauc.loci.D3S1358.sampleSize, 404)
  t.equal(cauc.id, 'fbi2015freqs-caucasian')
  const nist = tables('frequency-tables/nist1036/converted/NIST1036freqs.long.csv')
  t.same(nist.map((x) => x.population), ['AfAm', 'Asian', 'Cauc', 'Hisp'])
  t.equal(freq(nist[0], 'CSF1PO', '7'), 0.055555555556)
})

t.test('plain CSV of locus, allele, count and N; locus,allele,frequency', async (t) => {
  const counts = parseImportFile('locus,allele,count,N\nTH01,6,3,10\nTH01,9.3,7,10\nvwa,17,10,10\n', { fileName: 'lab.csv' })
  t.equal(counts.format, 'frequency-long')
  t.same(counts.frequencyTables[0].loci.TH01, { alleles: ['6', '9.3'], frequencies: [0.3, 0.7], sampleSize: 10 })
  t.same(counts.frequencyTables[0].loci.vWA.frequencies, [1])
  const plain = parseImportFile('Locus;Allele;Frequency\nFGA;20;0.4\nFGA;21;0.6\n', { fileName: 'plain.csv' })
  t.same(plain.frequencyTables[0].loci.FGA, { alleles: ['20', '21'], frequencies: [0.4, 0.6] })
})

t.test('Familias list text, STR-validator stacked databases, STRidER XML, Familias .fam database', async (t) => {
  const [codis] = tables('familias/dvir/codis.txt')
  t.equal(freq(codis, 'TH01', '5'), 0.0029360006) // "TH01" then "5<TAB>0.0029360006"
  const [ost] = tables('frequency-tables/norSTR/OstAsiaDB_v2023.txt')
  t.equal(freq(ost, 'D1S1656', '10'), 0.002542)
  t.ok(ost.loci['Penta D'])
  t.equal(ost.loci.D6S1043, undefined) // FORMATS.md: no D6S1043 in OstAsiaDB
  const sv = tables('frequency-tables/strvalidator/database.txt')
  t.same(sv.map((x) => x.population), ['SGM Norway', 'ESX 17 Hill'])
  t.equal(freq(sv[0], 'TH01', '5'), 0.005) // "SGM Norway 1000 5 ... 0.005"
  t.equal(sv[0].loci.TH01.sampleSize, 2000) // N = 1000 persons
  const strider = tables('frequency-tables/strider-xml-2015/frequencies_STRBASE.xml')
  const austria = strider.find((x) => x.population === 'AUSTRIA') as FrequencyTable
  t.equal(freq(austria, 'vWA', '18'), 0.259009) // <origin name="AUSTRIA" n="222"><frequency allele="18">2.59009e-1
  t.equal(austria.loci.vWA.sampleSize, 444)
  const [pat] = tables('familias/pedFamilias/paternity.fam')
  t.equal(freq(pat, 'D3S1358', '10'), 5.21594e-5) // "10" / 5.21594e-005
  t.equal(freq(pat, 'Penta E', '17.4'), 5.251539999e-5)
})

t.test('a locus summing far from 1 is left out of an imported table, named with its sum; the others are kept', async (t) => {
  const text = 'locus,allele,frequency\nTH01,6,0.4\nTH01,9.3,0.6\nFGA,20,0.2\nFGA,21,0.3\nvWA,14,0.9\nvWA,17,1.0\nD3S1358,15,0.97\n'
  const parsed = parseImportFile(text, { fileName: 'lab.csv' })
  const [table] = parsed.frequencyTables
  t.same(Object.keys(table.loci).sort(), ['D3S1358', 'TH01'], 'TH01 (sum 1) and D3S1358 (0.97, within 1 ± 0.05) kept')
  t.match(parsed.warnings, [/FGA frequencies sum to 0\.5, outside 1 ± 0\.05; locus left out/], 'FGA named with its sum')
  t.match(parsed.warnings.join('\n'), /vWA frequencies sum to 1\.9, outside 1 ± 0\.05; locus left out/)
})
