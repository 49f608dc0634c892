import { readFileSync } from 'node:fs'
import t from 'tap'
import { createFrequencyTableRepository } from '../../src/storage/frequency-table-repository.ts'
import { createPersonRepository } from '../../src/storage/person-repository.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { uploadImport } from '../helpers/multipart-upload.ts'
import { readFormatFile, refsWithOneBad } from '../ingest/fixture-formats.ts'

const upload = uploadImport

t.test('dry run: the preview names the bad sample and nothing is stored', async (t) => {
  const ta = await buildTestApp(t)
  const res = await upload(ta, 'lab', { name: 'refs.csv', content: refsWithOneBad() }, { defaultSide: 'unidentified' })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.preview.format, 'genemapper-long')
  t.same(body.preview.samples.map((s: { id: string, ok: boolean }) => [s.id, s.ok]), [['P1', true], ['P2', true], ['BAD1', false]])
  t.same(body.preview.samples[2].refused, [{ locus: 'TH01', reason: 'allele "OL" is an off-ladder call', value: 'OL,9.3', line: 38 }])
  t.equal(body.commit, undefined)
  t.same(createPersonRepository(ta.db).allIds(), [])
})

t.test('commit all-or-nothing: 422 naming the bad sample, nothing stored; accepted-only: 201; again: 200, nothing new', async (t) => {
  const ta = await buildTestApp(t)
  const file = { name: 'refs.csv', content: refsWithOneBad() }
  const refused = await upload(ta, 'lab', file, { dryRun: false, mode: 'all-or-nothing', defaultSide: 'unidentified' })
  t.equal(refused.statusCode, 422)
  t.equal(refused.json().message, 'all-or-nothing: 1 sample(s) refused (BAD1); nothing was stored')
  t.same(refused.json().details.commit.refused, [{ id: 'BAD1', reasons: ['locus TH01: allele "OL" is an off-ladder call (line 38)'] }])
  t.same(createPersonRepository(ta.db).allIds(), [])

  const stored = await upload(ta, 'lab', file, { dryRun: false, mode: 'accepted-only', defaultSide: 'unidentified' })
  t.equal(stored.statusCode, 201)
  t.same(stored.json().commit.stored.unidentified, ['P1', 'P2'])
  t.same(createPersonRepository(ta.db).allIds(), ['P1', 'P2'])

  const again = await upload(ta, 'lab', file, { dryRun: false, mode: 'accepted-only', defaultSide: 'unidentified' })
  t.equal(again.statusCode, 200)
  t.same(again.json().commit.stored, { unidentified: [], references: [], frequencyTables: [] })
  t.same(again.json().commit.unchanged, ['P1', 'P2'])
  t.equal((ta.db.prepare('SELECT count(*) AS n FROM imports').get() as { n: number }).n, 1)
})

t.test('the upload is audited as import.upload, without genotypes', async (t) => {
  const ta = await buildTestApp(t)
  await upload(ta, 'lab', { name: 'refs.csv', content: readFormatFile('genemapper/euroformix/refs.csv') }, { defaultSide: 'unidentified' })
  const rows = ta.db.prepare("SELECT * FROM audit_log WHERE action = 'import.upload'").all() as Array<Record<string, unknown>>
  t.equal(rows.length, 1)
  const text = JSON.stringify(rows[0])
  t.match(text, /refs\.csv/)
  t.notMatch(text, /9\.3/, 'no allele in the audit trail')
})

t.test('roles: a caseworker may not upload', async (t) => {
  const ta = await buildTestApp(t)
  const res = await upload(ta, 'caseworker', { name: 'refs.csv', content: 'x' })
  t.equal(res.statusCode, 403)
})

t.test('bad requests: no file, options not JSON, options failing the schema, not multipart, unreadable file, hostile XML', async (t) => {
  const ta = await buildTestApp(t)
  const noFile = await upload(ta, 'lab', undefined, {})
  t.equal(noFile.statusCode, 400)
  t.equal(noFile.json().message, 'no file part: send the export as multipart field "file"')
  const badMode = await upload(ta, 'lab', { name: 'a.csv', content: 'x' }, { mode: 'sometimes' })
  t.equal(badMode.statusCode, 400)
  t.match(badMode.json().message, /^options: mode: /)
  const extra = await upload(ta, 'lab', { name: 'a.csv', content: 'x' }, { dryrun: false })
  t.equal(extra.statusCode, 400)
  const json = await ta.app.inject({ method: 'POST', url: '/imports', payload: {}, headers: ta.authHeaders('lab') })
  t.equal(json.statusCode, 400)
  const unreadable = await upload(ta, 'lab', { name: 'broken.csv', content: readFormatFile('codis-database-csv/smartrank-lrmix-refs/suspect-broken.csv') })
  t.equal(unreadable.statusCode, 422)
  t.equal(unreadable.json().code, 'UNREADABLE_FILE')
  t.match(unreadable.json().message, /^line 1: no sample id column/)
  const xxe = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<CODISImportFile><SPECIMEN><SPECIMENID>&xxe;</SPECIMENID></SPECIMEN></CODISImportFile>'
  const hostile = await upload(ta, 'lab', { name: 'x.xml', content: xxe })
  t.equal(hostile.statusCode, 422)
  t.match(hostile.json().message, /^line 2: XML with a <!DOCTYPE> declaration is refused/)
})

t.test('frequencyTableId: alleles the stored table lacks are warned about; an unknown table is a 404', async (t) => {
  const ta = await buildTestApp(t)
  createFrequencyTableRepository(ta.db).add({ id: 'tiny', population: 'tiny', source: 'test', loci: { TH01: { alleles: ['6', '9.3'], frequencies: [0.5, 0.5] } } })
  const file = { name: 's.csv', content: 'SampleName,Marker,Allele1,Allele2\nS1,TH01,6,7\n' }
  const res = await upload(ta, 'lab', file, { frequencyTableId: 'tiny', defaultSide: 'unidentified' })
  t.equal(res.statusCode, 200)
  t.same(res.json().preview.samples[0].warnings, ['TH01 allele 7 is not in frequency table tiny: the rare-allele rule will give it a frequency'])
  const missing = await upload(ta, 'lab', file, { frequencyTableId: 'nope' })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().message, 'no frequency table "nope"')
})

t.test('a frequency table file is committed as a table, once', async (t) => {
  const ta = await buildTestApp(t)
  const file = { name: 'OstAsiaDB_v2023.txt', content: readFormatFile('frequency-tables/norSTR/OstAsiaDB_v2023.txt') }
  const first = await upload(ta, 'lab', file, { dryRun: false })
  t.equal(first.statusCode, 201)
  t.same(first.json().commit.stored.frequencyTables.map((x: { id: string }) => x.id), ['ostasiadb-v2023'])
  t.equal(createFrequencyTableRepository(ta.db).current('ostasiadb-v2023')?.loci.D1S1656.frequencies[1], 0.002542)
  const second = await upload(ta, 'lab', file, { dryRun: false })
  t.equal(second.statusCode, 200)
  t.same(second.json().commit.stored.frequencyTables, [])
})

t.test('committed persons are searched against the open cases at once', async (t) => {
  const ta = await buildTestApp(t)
  const oracle = JSON.parse(readFileSync(new URL('../../fixtures/oracle-cases/duo_father_theta.json', import.meta.url), 'utf8')) as { persons: unknown, genotypes: Record<string, Record<string, string[]>> }
  const kase = await ta.app.inject({ method: 'POST', url: '/cases', headers: ta.authHeaders('caseworker'), payload: { id: 'CASE-1', missingPerson: 'MP', persons: oracle.persons, genotypes: { AF: oracle.genotypes.AF } } })
  t.equal(kase.statusCode, 201, kase.body)
  // The missing person's own genotypes, written as a lab's long table: the true child turns up.
  const rows = Object.entries(oracle.genotypes.MP).map(([locus, [a, b]]) => `CHILD-1,${locus},${a},${b}`)
  const res = await upload(ta, 'lab', { name: 'child.csv', content: ['SampleName,Marker,Allele1,Allele2', ...rows].join('\n') }, { dryRun: false, mapping: { 'CHILD-1': { side: 'unidentified', sex: 'male' } } })
  t.equal(res.statusCode, 201, res.body)
  t.same(res.json().search, { deferred: false }, 'searched now; the counts are not a lab\'s to read')
  const result = ta.db.prepare("SELECT status, log10_lr FROM match_results WHERE case_id = 'CASE-1' AND person_id = 'CHILD-1'").get() as { status: string, log10_lr: number }
  t.equal(result.status, 'scored')
  t.ok(result.log10_lr > 0, `log10 LR ${result.log10_lr} favours the true child`)
})

t.test('samples named constructor, toString, __proto__, hasOwnProperty: through a mapping and through the naming rule, no 500, each where it was sent', async (t) => {
  const ta = await buildTestApp(t)
  const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty']
  const oracle = JSON.parse(readFileSync(new URL('../../fixtures/oracle-cases/duo_father_theta.json', import.meta.url), 'utf8')) as { genotypes: Record<string, Record<string, string[]>> }
  // A case whose relatives carry those names: the father typed, the others to be imported by the rule.
  const persons = [{ id: 'constructor', sex: 'male' }, { id: 'toString', sex: 'female' }, { id: 'hasOwnProperty', sex: 'male', father: 'constructor', mother: 'toString' }, { id: 'MP', sex: 'male', father: 'constructor', mother: 'toString' }]
  // Created by the lab itself: a lab adds references only to its own cases.
  const kase = await ta.app.inject({ method: 'POST', url: '/cases', headers: ta.authHeaders('lab'), payload: { id: 'FAM1', missingPerson: 'MP', persons, genotypes: { constructor: oracle.genotypes.AF } } })
  t.equal(kase.statusCode, 201, kase.body)
  const rows = (id: string, shift: number): string[] => Object.entries(oracle.genotypes.MP).slice(0, 12).map(([locus, [a, b]]) => `${id},${locus},${a},${shift === 0 ? b : a}`)
  const file = ['SampleName,Marker,Allele1,Allele2', ...names.flatMap((n, i) => rows(n, i % 2)), ...rows('FAM1-toString', 0), ...rows('FAM1-hasOwnProperty', 1)].join('\n')
  // Mapping keys as a technician's JSON carries them; "__proto__" is an own key of the parsed object.
  const options = JSON.parse('{"dryRun": false, "rule": "^(?<case>FAM\\\\d+)-(?<person>\\\\w+)$", "mapping": {"constructor": {"side": "unidentified", "sex": "male"}, "toString": {"side": "unidentified", "sex": "female"}, "__proto__": {"side": "unidentified", "sex": "male"}, "hasOwnProperty": {"side": "unidentified", "sex": "female"}}}') as unknown
  const res = await upload(ta, 'lab', { name: 'names.csv', content: file }, options)
  t.equal(res.statusCode, 201, res.body)
  const body = res.json()
  t.same(body.preview.samples.map((s: { id: string, assignment: { side: string, source: string, personId?: string } }) => [s.id, s.assignment.side, s.assignment.source, s.assignment.personId ?? null]), [
    ['constructor', 'unidentified', 'mapping', null], ['toString', 'unidentified', 'mapping', null], ['__proto__', 'unidentified', 'mapping', null],
    ['hasOwnProperty', 'unidentified', 'mapping', null], ['FAM1-toString', 'reference', 'rule', 'toString'], ['FAM1-hasOwnProperty', 'reference', 'rule', 'hasOwnProperty']])
  t.same([...body.commit.stored.unidentified].sort(), [...names].sort())
  t.same(body.commit.stored.references, [{ sampleId: 'FAM1-toString', caseId: 'FAM1', personId: 'toString' }, { sampleId: 'FAM1-hasOwnProperty', caseId: 'FAM1', personId: 'hasOwnProperty' }])
  const stored = createPersonRepository(ta.db)
  t.same(names.map((n) => stored.get(n)?.sex), ['male', 'female', 'male', 'female'], 'each with the sex its mapping gave')
  const fam1 = (await ta.app.inject({ method: 'GET', url: '/cases/FAM1', headers: ta.authHeaders('caseworker') })).json() as { references: Record<string, { sampleId?: string }> }
  t.same(Object.keys(fam1.references).sort(), ['constructor', 'hasOwnProperty', 'toString'])
  t.equal(new Map(Object.entries(fam1.references)).get('toString')?.sampleId, 'FAM1-toString')

  // Unmapped, such a name is simply unassigned (it does not find Object's own members).
  const dry = await upload(ta, 'lab', { name: 'names.csv', content: file }, { mapping: { toString: { side: 'unidentified', sex: 'female' } } })
  t.equal(dry.statusCode, 200, dry.body)
  t.same(dry.json().preview.samples.filter((s: { assignment?: unknown }) => s.assignment === undefined).map((s: { id: string }) => s.id), ['constructor', '__proto__', 'hasOwnProperty', 'FAM1-toString', 'FAM1-hasOwnProperty'])
})

t.test('hostile files from a lab token are refused with 422 naming the bound, and the service answers on', async (t) => {
  const ta = await buildTestApp(t)
  const fam = ['"Output from Familias, version 3.3.1"', '"DO NOT EDIT!"', '3.3.1', '""', '0', '"Known relations"', '2000000', '0', '0', '1', '0', '"H"', '2000000', '0', '0'].join('\n')
  const famRes = await upload(ta, 'lab', { name: 'h.fam', content: fam })
  t.equal(famRes.statusCode, 422)
  t.same([famRes.json().code, famRes.json().message], ['UNREADABLE_FILE', 'line 7: the number of extra females (0 persons already; a pedigree holds at most 1000) is 2000000; at most 1000 are accepted'])
  const xml = `<?xml version="1.0"?>\n<CODISImportFile>\n<SPECIMEN ${Array.from({ length: 100_000 }, (_, i) => `a${i}="1"`).join(' ')}/>\n</CODISImportFile>`
  const xmlRes = await upload(ta, 'lab', { name: 'a.xml', content: xml })
  t.equal(xmlRes.statusCode, 422)
  t.equal(xmlRes.json().message, 'line 3: element <SPECIMEN> has more than 64 attributes')
  const rule = await upload(ta, 'lab', { name: 'refs.csv', content: readFormatFile('genemapper/euroformix/refs.csv') }, { rule: '^(?<case>(a)\\1)$' })
  t.equal(rule.statusCode, 400)
  t.match(rule.json().message, /is not a regular expression this service accepts \(RE2 syntax/)
  const after = await upload(ta, 'lab', { name: 'refs.csv', content: readFormatFile('genemapper/euroformix/refs.csv') }, { defaultSide: 'unidentified' })
  t.equal(after.statusCode, 200)
})
