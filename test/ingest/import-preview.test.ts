import t from 'tap'
import { HomewardError } from '../../src/core/errors.ts'
import { parseImportFile } from '../../src/ingest/parse-file.ts'
import { previewImport } from '../../src/ingest/import-preview.ts'
import { readFormatFile, refsWithOneBad } from './fixture-formats.ts'

t.test('the preview names the bad sample, its locus, value, line and reason; the good ones are ok', async (t) => {
  const { preview } = previewImport(refsWithOneBad(), { fileName: 'refs.csv', defaultSide: 'unidentified' })
  t.equal(preview.format, 'genemapper-long')
  t.same(preview.samples.map((s) => [s.id, s.ok]), [['P1', true], ['P2', true], ['BAD1', false]])
  const bad = preview.samples[2]
  t.same(bad.refused, [{ locus: 'TH01', reason: 'allele "OL" is an off-ladder call', value: 'OL,9.3', line: 38 }])
  t.same(bad.loci, { CSF1PO: ['10', '11'], FGA: ['20', '21'] })
  t.match(preview.contentHash, /^[0-9a-f]{64}$/)
})

t.test('sample identity: a naming rule assigns FAM1-8-PA to case FAM1, person 8, relation PA', async (t) => {
  const rule = '^(?<case>FAM\\d+)-(?<person>\\d+)-(?<relation>[A-Z]+)$'
  const { preview } = previewImport(readFormatFile('genemapper/genemapper2familias/Input/FAM1-8-PA.txt'), { fileName: 'FAM1-8-PA.txt', rule })
  t.same(preview.samples[0].assignment, { side: 'reference', caseId: 'FAM1', personId: '8', relation: 'PA', source: 'rule' })
  t.equal(preview.samples[0].sex, 'female') // AMEL X,X
  t.ok(preview.samples[0].ok)
})

t.test('a mapping in the request wins over the rule; unassigned samples cannot be committed', async (t) => {
  const { preview } = previewImport(readFormatFile('genemapper/euroformix/refs.csv'), {
    fileName: 'refs.csv',
    rule: '^(?<case>P)(?<person>\\d)$',
    mapping: new Map([['P2', { side: 'unidentified', sex: 'female' }]])
  })
  t.same(preview.samples.map((s) => s.assignment?.source), ['rule', 'mapping'])
  const { preview: none } = previewImport(readFormatFile('genemapper/euroformix/refs.csv'), { fileName: 'refs.csv' })
  t.same(none.samples[0].problems, ['not assigned to a case or to the unidentified side (give a mapping, a naming rule or a default side)'])
  t.notOk(none.samples[0].ok)
})

t.test('a bad naming rule is a BAD_REQUEST naming the rule', async (t) => {
  const err = t.throws(() => previewImport('x', { rule: '(' })) as HomewardError
  t.equal(err.code, 'BAD_REQUEST')
  t.match(err.message, /^the naming rule "\(" is not a regular expression/)
  t.match((t.throws(() => previewImport('x', { rule: '^(?<fam>F)' })) as HomewardError).message, /has no named group \(\?<case>\.\.\.\)/)
})

t.test('warnings: loci outside the kit, alleles missing from the frequency table, amelogenin against the stated sex', async (t) => {
  const [table] = parseImportFile(readFormatFile('frequency-tables/euroformix/Identifiler_NIST.csv'), { fileName: 'Identifiler_NIST.csv' }).frequencyTables
  const { preview } = previewImport(readFormatFile('genemapper/euroformix/refs.csv'), {
    fileName: 'refs.csv',
    kit: 'Identifiler',
    frequencyTable: table,
    mapping: new Map([['P1', { side: 'unidentified', sex: 'female' }], ['P2', { side: 'unidentified', sex: 'female' }]])
  })
  const p1 = preview.samples[0]
  // refs.csv P1 is typed with ESX17 loci; D10S1248 etc. are not Identifiler loci (KITS.tsv).
  t.ok(p1.warnings.some((w) => /^loci not in kit OSIRIS:Identifiler: .*D10S1248/.test(w)))
  t.ok(p1.warnings.includes('locus D10S1248 is not in frequency table identifiler-nist'))
  t.ok(p1.problems.includes('sample P1: amelogenin X,Y does not fit the stated sex (female): a wrong sample or a wrong sex'), 'a sex amelogenin contradicts is refused, not warned')
  t.equal(p1.ok, false)
  t.notOk(preview.samples[1].warnings.some((w) => w.startsWith('amelogenin'))) // P2 is X: fits female
  t.ok(preview.samples[1].warnings.length > 0 && preview.samples[1].ok, 'warnings do not refuse a sample')
  const { preview: unknownKit } = previewImport(readFormatFile('genemapper/euroformix/refs.csv'), { fileName: 'refs.csv', kit: 'NoSuchKit' })
  t.same(unknownKit.warnings, ['kit "NoSuchKit" is not in the kit list (fixtures/kits/KITS.tsv); loci were not checked against it'])
})

t.test('an allele missing from the table is named with its locus', async (t) => {
  const table = { id: 'tiny', population: 'tiny', version: '1', source: 'test', loci: { TH01: { alleles: ['6', '9.3'], frequencies: [0.5, 0.5] } } }
  const { preview } = previewImport('SampleName,Marker,Allele1,Allele2\nS1,TH01,6,7\n', { fileName: 's.csv', frequencyTable: table, defaultSide: 'unidentified' })
  t.same(preview.samples[0].warnings, ['TH01 allele 7 is not in frequency table tiny: the rare-allele rule will give it a frequency'])
  t.same(preview.samples[0].problems, ['sex unknown: an unidentified person needs a sex (stated, or amelogenin)'])
})

t.test('the minimum loci of the service: a sample below it is a problem naming the count and the minimum', async (t) => {
  const rules = { minPersonLoci: 12, minReferenceLoci: 8 }
  // P1 and P2 have 16 accepted loci, BAD1 two (TH01 is refused).
  const { preview } = previewImport(refsWithOneBad(), { fileName: 'refs.csv', defaultSide: 'unidentified', intakeRules: rules })
  t.same(preview.samples.map((s) => [s.id, s.ok]), [['P1', true], ['P2', true], ['BAD1', false]])
  t.same(preview.samples[2].problems, ['2 STR loci accepted; an unidentified person needs at least 12 (HOMEWARD_MIN_LOCI)'])
  const strict = previewImport(refsWithOneBad(), { fileName: 'refs.csv', defaultSide: 'unidentified', intakeRules: { ...rules, minPersonLoci: 17 } }).preview
  t.ok(strict.samples[0].problems.includes('16 STR loci accepted; an unidentified person needs at least 17 (HOMEWARD_MIN_LOCI)'))
  const references = previewImport(refsWithOneBad(), { fileName: 'refs.csv', rule: '^(?<case>[A-Z]+)(?<person>\\d)$', intakeRules: rules }).preview
  t.same(references.samples[2].problems, ['2 STR loci accepted; a reference needs at least 8 (HOMEWARD_MIN_REFERENCE_LOCI)'])
  t.same(previewImport(refsWithOneBad(), { fileName: 'refs.csv', defaultSide: 'unidentified' }).preview.samples[2].problems, [], 'without rules (a file alone) any count passes')
})
