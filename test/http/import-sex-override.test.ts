// Issue 16: an unidentified person declared male whose amelogenin shows X only (an AMEL-Y deletion or Y
// dropout, confirmed with Y-STRs) is imported only with a sex override naming the sample and giving a
// reason, as POST /persons' sexOverride: stored with it, audited; without it the sample stays refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { createAuditRepository } from '../../src/storage/audit-repository.ts'
import { createPersonRepository } from '../../src/storage/person-repository.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { uploadImport } from '../helpers/multipart-upload.ts'
import { runCli } from '../helpers/run-cli.ts'

const REASON = 'AMEL-Y deletion: DYS391, DYS389I and DYS19 typed at the lab (override marker)'
const LOCI: Array<[string, string, string]> = [['TH01', '6', '9.3'], ['vWA', '14', '17'], ['FGA', '21', '24'], ['D3S1358', '15', '16'], ['D8S1179', '12', '14']]
const rows = (id: string, amel: string): string[] => [`${id},AMEL,${amel}`, ...LOCI.map(([l, a, b]) => `${id},${l},${a},${b}`)]
const FILE = { name: 'amel.csv', content: ['SampleName,Marker,Allele1,Allele2', ...rows('U-AMEL', 'X,X'), ...rows('U-PLAIN', 'X,Y')].join('\n') }
const MAPPING = { 'U-AMEL': { side: 'unidentified', sex: 'male' }, 'U-PLAIN': { side: 'unidentified', sex: 'male' } }

t.test('a stated male with amelogenin X,X: refused without an override, naming sample, sex and amelogenin; stored and audited with one', async (t) => {
  const ta = await buildTestApp(t)
  const persons = createPersonRepository(ta.db)

  const refused = await uploadImport(ta, 'lab', FILE, { dryRun: false, mapping: MAPPING })
  t.equal(refused.statusCode, 422, 'all-or-nothing: the file is refused')
  const sample = refused.json().details.preview.samples.find((s: { id: string }) => s.id === 'U-AMEL')
  t.match(sample.problems, [/sample U-AMEL: amelogenin X does not fit the stated sex \(male\).*sex override/], 'the problem names the sample, the stated sex and the amelogenin')
  t.equal(persons.get('U-AMEL'), undefined, 'nothing stored')
  t.equal(persons.get('U-PLAIN'), undefined)

  const noReason = await uploadImport(ta, 'lab', FILE, { dryRun: false, mapping: MAPPING, sexOverrides: { 'U-AMEL': { reason: '  ' } } })
  t.equal(noReason.statusCode, 400)
  t.match(noReason.json().message, /sexOverrides\.U-AMEL\.reason: a sex override needs a reason/)
  const elsewhere = await uploadImport(ta, 'lab', FILE, { dryRun: true, mapping: MAPPING, sexOverrides: { 'U-ELSEWHERE': { reason: REASON }, 'U-PLAIN': { reason: REASON } } })
  t.equal(elsewhere.statusCode, 200, elsewhere.body.slice(0, 600))
  t.match(elsewhere.json().preview.errors, [/sexOverrides names sample "U-ELSEWHERE", which the file does not hold/], 'an override for a sample the file lacks is an error')
  t.match(elsewhere.json().preview.samples.find((s: { id: string }) => s.id === 'U-PLAIN').problems, [/sample U-PLAIN, but its amelogenin \(X,Y\) does not contradict its stated sex \(male\)/], 'and one with nothing to override a problem')

  const stored = await uploadImport(ta, 'lab', FILE, { dryRun: false, mapping: MAPPING, sexOverrides: { 'U-AMEL': { reason: REASON } } })
  t.equal(stored.statusCode, 201, stored.statusCode === 201 ? 'stored' : stored.body)
  t.match(persons.get('U-AMEL'), { sex: 'male', amelogenin: ['X'], sexOverride: { reason: REASON } }, 'the person keeps the stated sex, with the reason')
  t.notOk('sexOverride' in (persons.get('U-PLAIN') ?? {}), 'the other sample has none')
  const shown = await ta.app.inject({ method: 'GET', url: '/persons/U-AMEL', headers: ta.authHeaders('caseworker') })
  t.match(shown.json(), { sexOverride: { reason: REASON } }, 'GET /persons shows it')
  const entries = createAuditRepository(ta.db).list({ action: 'import.upload' })
  t.match(entries.at(-1), { status: 201, target: { sexOverrides: 'U-AMEL', committed: 1 } }, 'the upload\'s audit entry names the overridden sample')
  t.notMatch(JSON.stringify(entries), /AMEL-Y deletion/, 'without the reason (a personal field, sealed with the person)')
})

t.test('homeward import --sex-overrides FILE: the same rule from the command line, audited', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-sex-override-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const db = join(dir, 'h.sqlite')
  const file = join(dir, 'amel.csv')
  writeFileSync(file, FILE.content.split('\n').filter((l) => !l.startsWith('U-PLAIN')).join('\n'))
  writeFileSync(join(dir, 'mapping.json'), JSON.stringify({ 'U-AMEL': MAPPING['U-AMEL'] }))
  writeFileSync(join(dir, 'overrides.json'), JSON.stringify({ 'U-AMEL': { reason: REASON } }))
  const env = { HOMEWARD_DB: db, HOMEWARD_MIN_LOCI: '1' }
  const without = runCli(['import', file, '--mapping', join(dir, 'mapping.json'), '--db', db], env)
  t.equal(without.code, 1, 'refused without the override')
  t.match(without.stdout + without.stderr, /sample U-AMEL: amelogenin X does not fit the stated sex \(male\)/)
  const withIt = runCli(['import', file, '--mapping', join(dir, 'mapping.json'), '--sex-overrides', join(dir, 'overrides.json'), '--db', db], env)
  t.equal(withIt.code, 0, withIt.stderr)
  const audit = runCli(['audit', 'list', '--action', 'import.upload', '--db', db], env)
  t.match(audit.stdout, /sexOverrides[^\n]*U-AMEL/, 'the audit entry names the sample')
})
