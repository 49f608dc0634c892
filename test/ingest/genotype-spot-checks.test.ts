import t from 'tap'
import { parseImportFile } from '../../src/ingest/parse-file.ts'
import type { ParsedSample } from '../../src/ingest/import-types.ts'
import { readFormatFile } from './fixture-formats.ts'

/** Genotypes read by eye from the source files (the quoted text is the file's own), then looked up. */
function sample (file: string, id: string, options: { idColumn?: string } = {}): ParsedSample {
  const r = parseImportFile(readFormatFile(file), { fileName: file.replace(/^.*\//, ''), ...options })
  const s = r.samples.find((x) => x.id === id)
  if (s === undefined) throw new Error(`${file}: no sample ${id} (have ${r.samples.map((x) => x.id).join(', ')})`)
  return s
}

t.test('EuroForMix references: unsorted pairs, homozygote twice, VWA and "TH 01" spellings', async (t) => {
  const p1 = sample('genemapper/euroformix/refs.csv', 'P1')
  t.same(p1.loci.D3S1358, ['15', '16']) // "P1,D3S1358,16,15"
  t.same(p1.loci.TH01, ['9.3', '9.3']) // "P1,TH01,9.3,9.3"
  t.same(p1.loci.D1S1656, ['12', '17.3']) // "P1,D1S1656,12,17.3"
  t.same(p1.amelogenin, ['X', 'Y']) // "P1,AMEL,X,Y"
  const ref1 = sample('genemapper/euroformix/test_ref1_missing.csv', 'ref1')
  t.same(ref1.loci.TH01, ['6', '8']) // "ref1,TH 01,8,6"
  t.same(ref1.loci.vWA, ['17', '17']) // "ref1,VWA,17,17"
  t.same(sample('genemapper/euroformix/ESX17_refs_missing.csv', 'ref1').loci.TH01, ['9', '9.3']) // "ref1,TH01,9.3,9"
})

t.test('lusSTR: "12.0" alleles, and the same 2800M control in two layouts gives one profile', async (t) => {
  const efm = sample('genemapper/lusstr/EFM_test_reference_ce.csv', 'Positive_Control')
  t.same(efm.loci.CSF1PO, ['12', '12']) // "Positive_Control,CSF1PO,12.0,12.0"
  t.same(efm.loci.D10S1248, ['13', '15']) // "Positive_Control,D10S1248,13.0,15.0"
  // Locus,Allele (one row per allele, no id column): the sample is named after the file.
  const long = sample('genemapper/lusstr/Positive_Control_reference_ce.csv', 'Positive_Control_reference_ce')
  t.same(long.loci, efm.loci)
})

t.test('GeneMapper long with Size/Height/PQV columns; R-mangled headers; UD1 as the id column', async (t) => {
  t.same(sample('genemapper/euroformix/databaseESX17.txt', '00-JP0001-14_20142342311_NO-3241').loci.TH01, ['7', '9.3'])
  const stain = sample('genemapper/euroformix/stain.txt', 'evid1')
  t.same(stain.loci.D21S11, ['27', '29']) // "evid1 D21S11 27 29"
  t.match(stain.refused.find((r) => r.locus === 'TH01'), { reason: /3 alleles \(6, 7, 9\.3\)/, line: 4 })
  t.same(sample('genemapper/strvalidator/ref3.txt', 'A2').loci.TH01, ['8', '8']) // "A2 TH01 8 8"
  const edna = sample('genemapper/lrmixstudio/eDNASample.csv', 'sampleid', { idColumn: 'UD1' })
  t.same(edna.loci.D21S11, ['29', '31.2']) // "sampleid,...,D21S11,G,29,848,31.2,711"
  t.same(edna.loci.vWA, ['16', '19'])
  t.same(sample('genemapper/genemapper2familias/Input/FAM1-8-PA.txt', 'FAM1-8-PA').loci.D2S441, ['11.3', '12'])
  t.same(sample('genemapper/genemapper2familias/Input/FAM1-8-PA.txt', 'FAM1-8-PA').loci['Penta D'], ['7', '8']) // "FAM1-8-PA<TAB>Penta_D<TAB>7<TAB>8"
  const raak = sample('genemapper/lrmixstudio/5716083_RAAK1234NL.txt', '5716083_RABF6347NL#01')
  t.same(raak.loci.vWA, ['17', '18']) // "vWA,17,855,18,713": heights interleaved are not alleles
  t.match(raak.refused, [{ locus: 'D10S1248', line: 2, value: '13,17,18' }])
})

t.test('GeneMapper wide: combined cells "10, , , " and OL', async (t) => {
  const s = sample('genemapper/smartrank/GeneMapperExample.txt', '0000001_00000000000_AAAA0000NL#01')
  t.same(s.loci.D2S1338, ['10', '10']) // "10, , , , , , , "
  t.same(s.loci.D10S1248, ['11', '12'])
  t.match(s.refused.find((r) => r.locus === 'D16S539'), { value: '10,11,12', line: 2 })
  const ol = sample('genemapper/smartrank/GeneMapperExampleWithHeightsAndOL.txt', '1234567_20160928001_AAAA0000NL#01')
  t.match(ol.refused.find((r) => r.locus === 'vWA'), { reason: 'allele "OL" is an off-ladder call', value: 'OL,17' })
})

t.test('PROVEDIt pair cells and N/A Y markers; NIST 1036 two columns per locus', async (t) => {
  const one = sample('genemapper/provedit/converted/PROVEDIt_RD14-0003 GF Known Genotypes.Sheet1.csv', '1')
  t.same(one.loci.TH01, ['6', '9.3']) // "6,9.3"
  t.same(one.loci.D7S820, ['9', '9']) // "9,9"
  t.same(one.amelogenin, ['X'])
  t.same(one.ignored, []) // Yindel and DYS391 are N/A for a woman
  const two = sample('genemapper/provedit/converted/PROVEDIt_RD14-0003 GF Known Genotypes.Sheet1.csv', '2')
  t.same(two.ignored.map((i) => i.locus), ['Yindel'])
  // DYS391 is a Y-STR: collected apart as the sample's Y calls; the preview ignores a kit's lone Y-STR (lineage-preview.ts)
  t.same(Object.keys(two.yCalls ?? {}), ['DYS391'])
  const nist = sample('frequency-tables/nist1036/converted/1036-Revised-Genotypes-PopStats-July-19-2017.sheet1-all.csv', 'GT37019')
  t.same(nist.loci.CSF1PO, ['11', '12'])
  t.same(nist.loci.D12S391, ['17', '21'])
  t.same(nist.loci.D1S1656, ['12', '16.3'])
})

t.test('CODIS database CSV: padded ids, NULL slots, single homozygote, PENTA_D, leading spaces', async (t) => {
  const w = sample('codis-database-csv/smartrank/database_codis_generated_10_2fields.csv', 'WMVX0000NO#00')
  t.same(w.loci.TPOX, ['8', '10']) // "10,8"
  t.same(w.loci['Penta D'], ['12', '12']) // PENTA_D "12,NULL"
  t.same(w.loci.TH01, ['6', '9.3'])
  t.same(sample('codis-database-csv/smartrank/database_codis_generated_10_2fields.csv', 'WHZA0000LU#01').loci.D21S11, ['31.2', '31.2'])
  const padded = sample('codis-database-csv/smartrank/database_codis_2records_lowerascii.csv', 'ABCD1234NL#01') // "ABCD1234NL#01            "
  t.same(padded.loci.D10S1248, ['13', '16']) // "13, 16"
  t.same(sample('codis-database-csv/smartrank/database_codis_2records_lowerascii.csv', 'suspect').loci.D19S433, ['12', '15.2'])
})

t.test('CODIS CMF: homozygote written once, bounds and four-allele loci refused with their element', async (t) => {
  const a = sample('codis-cmf/osiris/CODIS-32.AppendixAexample.xml', 'IMP_0001A')
  t.same(a.loci.CSF1PO, ['10', '11'])
  t.equal(a.caseId, 'FL2004_10_04_ABC')
  const b = sample('codis-cmf/osiris/CODIS-32.AppendixAexample.xml', 'IMP_0001B')
  t.same(b.loci.D18S51, ['11', '11']) // a single <ALLELE> 11 </ALLELE>
  t.same(b.amelogenin, ['X', 'Y'])
  t.same(b.refused.map((r) => [r.locus, r.value]), [['CSF1PO', '<6,8.2'], ['D13S317', '13,>15'], ['D16S539', '6,7,13.1,14.2'], ['D21S11', '<25,28,29'], ['Penta D', '7.3,>17']])
  t.match(b.refused[0], { reason: 'allele "<6" is a bound, not an allele', element: 'SPECIMEN[2]/LOCUS[1] (line 165)' })
  t.same(sample('codis-cmf/smartrank/Codis-Single-Profile.xml', 'ABCD1234NL#01').loci.vWA, ['16', '16'])
})

t.test('Familias .fam: genotypes are indices into the file\'s own allele lists', async (t) => {
  // paternity.fam: AF's first triplet is 7,7,0 → D3S1358 (marker 0) alleles[7] = "17" (10,11,...,17).
  const af = sample('familias/pedFamilias/paternity.fam', 'AF')
  t.same(af.loci.D3S1358, ['17', '17'])
  t.equal(af.sex, 'male')
  // CH: 6,7,0 → D3S1358 16,17; 1,6,1 → TH01 alleles [5, 6, 7, 8, 8.3, 9, 9.3, ...] → 6 and 9.3.
  const ch = sample('familias/pedFamilias/paternity.fam', 'CH')
  t.same(ch.loci.D3S1358, ['16', '17'])
  t.same(ch.loci.TH01, ['6', '9.3'])
  const r = parseImportFile(readFormatFile('familias/pedFamilias/paternity.fam'), { fileName: 'paternity.fam' })
  t.same(r.pedigrees.map((p) => p.name), ['H1', 'H2'])
  t.same(r.pedigrees[0].persons.find((p) => p.id === 'CH'), { id: 'CH', sex: 'male', father: 'AF', mother: 'MO' })
  // DVI section: alleles by name; a made-up locus is refused, not guessed.
  const dvi = parseImportFile(readFormatFile('familias/dvir/dvi-example.fam'), { fileName: 'dvi-example.fam' })
  t.same(dvi.samples.map((s) => [s.id, s.category ?? s.caseId]), [['V1', 'Unidentified Person'], ['V2', 'Unidentified Person'], ['V3', 'Unidentified Person'], ['R', 'Reference family 1']])
  t.match(dvi.pedigrees[1], { name: 'Reference family 1: Template pedigree 2', missingPerson: 'Missing person' })
})

t.test('wide tables with "<locus> Allele n" or "<locus> n" columns, sex and relation columns', async (t) => {
  const text = 'Family id,[Relation],Sample id,Sex,D3S1358 Allele 1,D3S1358 Allele 2,TH01 1,TH01 2,AMEL 1,AMEL 2\n' +
    'FAM1,[Paternal grandfather],S1,M,15,16,9.3,6,X,Y\nFAM1,[Mother],S2,F,,,7,7,X,X\n'
  const r = parseImportFile(text, { fileName: 'wide.csv' })
  t.same(r.errors, [])
  t.same(r.samples.map((s) => [s.id, s.caseId, s.relation, s.sex, s.loci]), [
    ['S1', 'FAM1', 'Paternal grandfather', 'male', { D3S1358: ['15', '16'], TH01: ['6', '9.3'] }],
    ['S2', 'FAM1', 'Mother', 'female', { TH01: ['7', '7'] }]
  ])
})

t.test('text that real exports also come in: UTF-16 with BOM, Excel "sep=;" line, Genotype cells, "-1" slots', async (t) => {
  const tsv = 'Sample Name\tMarker\tAllele 1\tAllele 2\r\nS1\tTH01\t9.3\t6\r\n'
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')])
  t.same(parseImportFile(utf16le, { fileName: 'u.txt' }).samples[0].loci, { TH01: ['6', '9.3'] })
  const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(tsv, 'utf16le').swap16()])
  t.same(parseImportFile(utf16be, { fileName: 'u.txt' }).samples[0].loci, { TH01: ['6', '9.3'] })
  const excel = parseImportFile('sep=;\nSample;Locus;Genotype\nS2;vWA;18/16\nS2;FGA;22,22\n', { fileName: 'lims.csv' })
  t.same(excel.samples.map((s) => [s.id, s.loci, s.line]), [['S2', { vWA: ['16', '18'], FGA: ['22', '22'] }, 3]])
  const dashed = parseImportFile('specimenId,TH01-1,TH01-2\nU1,7,NULL\n', { fileName: 'c.csv' })
  t.same(dashed.samples[0].loci, { TH01: ['7', '7'] })
})
