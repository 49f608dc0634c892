import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { commitRecorded } from '../../../src/cli/commands/import.ts'
import { packPreview, unpackReply } from '../../../src/ingest/preview-transfer.ts'
import { createAuditRepository } from '../../../src/storage/audit-repository.ts'
import { openDatabase } from '../../../src/storage/database.ts'
import { createPersonRepository } from '../../../src/storage/person-repository.ts'
import { FORMATS_DIR, refsWithOneBad } from '../../ingest/fixture-formats.ts'
import { runCli } from '../../helpers/run-cli.ts'

function tempDir (t: { teardown: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-cli-import-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

t.test('import FILE --dry-run --json prints ONE JSON object per file and stores nothing', async (t) => {
  const dir = tempDir(t)
  const db = join(dir, 'h.sqlite')
  const bad = join(dir, 'refs-bad.csv')
  writeFileSync(bad, refsWithOneBad())
  const r = runCli(['import', join(FORMATS_DIR, 'genemapper/euroformix/refs.csv'), bad, '--dry-run', '--json'], { HOMEWARD_DB: db })
  t.equal(r.code, 0, r.stderr)
  const lines = r.stdout.trim().split('\n')
  t.equal(lines.length, 2, 'one line, one JSON object, per file')
  const out = JSON.parse(lines[0])
  t.equal(out.format, 'genemapper-long')
  t.same(out.errors, [])
  t.same(out.samples.map((s: { id: string }) => s.id), ['P1', 'P2'])
  t.same(out.samples[0].loci.TH01, ['9.3', '9.3'])
  t.same(out.samples[0].refused, [])
  t.same(JSON.parse(lines[1]).samples[2].refused, [{ locus: 'TH01', reason: 'allele "OL" is an off-ladder call', value: 'OL,9.3', line: 38 }])
  t.notOk(existsSync(db), 'no database was even created')
})

t.test('a file it cannot read exits non-zero with the reason on stderr', async (t) => {
  const broken = runCli(['import', join(FORMATS_DIR, 'codis-database-csv/smartrank-lrmix-refs/suspect-broken.csv'), '/no/such/file.csv', '--dry-run', '--json'])
  t.equal(broken.code, 1)
  t.equal(broken.stdout, '')
  t.match(broken.stderr, /suspect-broken\.csv: line 1: no sample id column/)
  t.match(broken.stderr, /\/no\/such\/file\.csv: no such file/)
  t.equal(runCli(['import', '--dry-run']).code, 2)
})

t.test('without --dry-run: commits to HOMEWARD_DB; all-or-nothing refuses; a second run stores nothing new', async (t) => {
  const dir = tempDir(t)
  const db = join(dir, 'h.sqlite')
  const file = join(dir, 'refs-bad.csv')
  writeFileSync(file, refsWithOneBad())
  const refused = runCli(['import', file, '--default-side', 'unidentified', '--json'], { HOMEWARD_DB: db })
  t.equal(refused.code, 1)
  t.equal(JSON.parse(refused.stdout).commit.committed, false)
  const ok = runCli(['import', file, '--default-side', 'unidentified', '--mode', 'accepted-only'], { HOMEWARD_DB: db })
  t.equal(ok.code, 0, ok.stderr)
  t.match(ok.stdout, /committed: 2 unidentified, 0 reference\(s\), 0 table\(s\) stored; 0 already stored; 1 refused/)
  t.match(ok.stdout, /REFUSED BAD1: 2 loci accepted, 1 refused; unidentified\n\s+TH01: allele "OL" is an off-ladder call \(line 38\)/)
  t.match(ok.stdout, /search: 0 pair\(s\) compared, 0 result\(s\) stored/) // no case yet to compare with
  const again = runCli(['import', file, '--default-side', 'unidentified', '--mode', 'accepted-only', '--json'], { HOMEWARD_DB: db })
  t.equal(again.code, 0)
  t.same(JSON.parse(again.stdout).commit.unchanged, ['P1', 'P2'])
  const h = openDatabase(db)
  t.same(createPersonRepository(h).allIds(), ['P1', 'P2'])
  h.close()
})

t.test('--rule and --mapping drive the assignment; a bad mapping file is refused', async (t) => {
  const dir = tempDir(t)
  const fam = join(FORMATS_DIR, 'genemapper/genemapper2familias/Input/FAM4-7-PA.txt')
  const r = runCli(['import', fam, '--dry-run', '--json', '--rule', '^(?<case>FAM\\d+)-(?<person>\\d+)-(?<relation>[A-Z]+)$'])
  t.same(JSON.parse(r.stdout).samples[0].assignment, { side: 'reference', caseId: 'FAM4', personId: '7', relation: 'PA', source: 'rule' })
  const mapping = join(dir, 'mapping.json')
  writeFileSync(mapping, JSON.stringify({ 'FAM4-7-PA': { side: 'unidentified', sex: 'female' } }))
  const m = runCli(['import', fam, '--dry-run', '--json', '--mapping', mapping])
  t.same(JSON.parse(m.stdout).samples[0].assignment, { side: 'unidentified', sex: 'female', source: 'mapping' })
  writeFileSync(mapping, JSON.stringify({ 'FAM4-7-PA': { side: 'elsewhere' } }))
  const bad = runCli(['import', fam, '--dry-run', '--json', '--mapping', mapping])
  t.equal(bad.code, 1)
  t.match(bad.stderr, /--mapping .*mapping\.json: FAM4-7-PA\.side/)
})

t.test('homeward import is on the audit trail: the operator and host, what was stored, refusals too', async (t) => {
  const dir = tempDir(t)
  const db = join(dir, 'h.sqlite')
  const file = join(dir, 'refs-bad.csv')
  writeFileSync(file, refsWithOneBad())
  const operator = `cli:${userInfo().username}@${hostname()}`
  t.equal(runCli(['import', file, '--default-side', 'unidentified'], { HOMEWARD_DB: db }).code, 1, 'all-or-nothing refuses')
  const ok = runCli(['import', file, '--default-side', 'unidentified', '--mode', 'accepted-only', '--json'], { HOMEWARD_DB: db })
  t.equal(ok.code, 0, ok.stderr)
  const out = JSON.parse(ok.stdout) as { contentHash: string, commit: { importId: number } }
  const h = openDatabase(db)
  t.teardown(() => h.close())
  const entries = createAuditRepository(h).list({ action: 'import.upload' })
  t.match(entries, [
    { actor: operator, role: null, status: 1, target: { file: 'refs-bad.csv', committed: 0, stored: 0, refused: 1 } },
    { actor: operator, role: null, status: 0, target: { file: 'refs-bad.csv', contentHash: out.contentHash, committed: 1, stored: 2, refused: 1, importId: out.commit.importId } }
  ])
  t.equal(entries.length, 2)
  t.ok(createAuditRepository(h).verify().ok)
})

t.test('the import and its entry are one transaction: an entry that cannot be written leaves nothing stored', async (t) => {
  const dir = tempDir(t)
  const h = openDatabase(join(dir, 'h.sqlite'))
  t.teardown(() => h.close())
  const packed = unpackReply(packPreview({ bytes: Buffer.from(refsWithOneBad()), options: { fileName: 'refs.csv', defaultSide: 'unidentified' } }))
  // a full disk or a broken trail at the moment of the entry, right after the profiles were written (in slices)
  h.exec("CREATE TRIGGER audit_log_full BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END")
  await t.rejects(commitRecorded(h, packed, 'accepted-only'), /disk full/)
  t.same(createPersonRepository(h).allIds(), [], 'no profile stored without its entry')
  t.equal((h.prepare('SELECT count(*) AS n FROM imports').get() as { n: number }).n, 0)
  h.exec('DROP TRIGGER audit_log_full')
  t.match(await commitRecorded(h, packed, 'accepted-only'), { committed: true, stored: { unidentified: ['P1', 'P2'] } })
  t.equal(createAuditRepository(h).list({ action: 'import.upload' }).length, 1)
})

t.test('terminal escapes from a lab file (ESC, C1, BIDI) reach the terminal only as visible text', async (t) => {
  const dir = tempDir(t)
  const evil = 'U1\u001b[2J\u202eX\u009b31m'
  const file = join(dir, 'evil.csv')
  writeFileSync(file, `SampleName,Marker,Allele1,Allele2\n${evil},TH01,6,9.3\n${evil},D\u001b]0;pwned\u0007S1,14,17\n${evil},FGA,2\u001b[1A1,22\n`)
  const human = runCli(['import', file, '--dry-run', '--default-side', 'unidentified'])
  const json = runCli(['import', file, '--dry-run', '--json', '--default-side', 'unidentified'])
  const fam = join(dir, 'evil.fam')
  writeFileSync(fam, '"Output from Familias, version 3.3.1"\n"DO NOT EDIT!"\n3.3.1\n""\n\u001b[2J\u202e\u009b\n')
  const unreadable = runCli(['import', fam, '--dry-run'])
  // Everything printed: no control character but the newlines that end our own lines.
  // eslint-disable-next-line no-control-regex -- looking for control characters is the test
  const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
  for (const [name, out] of Object.entries({ human: human.stdout + human.stderr, json: json.stdout + json.stderr, unreadable: unreadable.stdout + unreadable.stderr })) {
    t.notMatch(out, CONTROL, `${name}: no raw control character`)
  }
  t.match(human.stdout, 'U1\\u001b[2J\\u202eX\\u009b31m', 'the id as visible escapes')
  t.match(human.stdout, 'unknown locus "D\\u001b]0;pwned\\u0007S1"', 'a locus name in a refusal, the same')
  t.match(human.stdout, '2\\u001b[1A1', 'an allele value, the same')
  const out = JSON.parse(json.stdout) as { samples: Array<{ id: string, refused: Array<{ locus: string }> }> }
  t.equal(out.samples[0].id, evil, 'the JSON output still carries the id exactly, as \\u escapes')
  t.ok(out.samples[0].refused.some((r) => r.locus === 'D\u001b]0;pwned\u0007S1'))
  t.equal(unreadable.code, 1)
  t.match(unreadable.stderr, 'found "\\u001b[2J\\u202e\\u009b"', 'an error message quoting the file, the same')
})
