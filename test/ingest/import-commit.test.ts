import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { commitImport, type CommitMode } from '../../src/ingest/import-commit.ts'
import { previewImport, type ImportOptions } from '../../src/ingest/import-preview.ts'
import { caseInputHash } from '../../src/runs/input-hash.ts'
import { createCaseRepository } from '../../src/storage/case-repository.ts'
import { openDatabase, type Database } from '../../src/storage/database.ts'
import { createPersonRepository } from '../../src/storage/person-repository.ts'
import { readFormatFile, refsWithOneBad } from './fixture-formats.ts'

function freshDb (t: { teardown: (fn: () => void) => void }): Database {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-ingest-'))
  const db = openDatabase(join(dir, 'h.sqlite'))
  t.teardown(() => { db.close(); rmSync(dir, { recursive: true, force: true }) })
  return db
}

/** Every row of every table, in rowid order: two equal dumps mean the database content is the same. */
function dump (db: Database): string {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name)
  return JSON.stringify(tables.map((name) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]))
}

function commit (db: Database, file: string | Buffer, mode: CommitMode, options: ImportOptions = {}) {
  const { preview, parsed } = previewImport(file, { fileName: 'refs.csv', ...options })
  return commitImport(db, preview, parsed.frequencyTables, mode, '2026-01-01T00:00:00.000Z')
}

const UNIDENTIFIED: ImportOptions = { defaultSide: 'unidentified' }

t.test('all-or-nothing with one bad sample stores nothing and leaves the database exactly as it was', async (t) => {
  const db = freshDb(t)
  const before = dump(db)
  const r = commit(db, refsWithOneBad(), 'all-or-nothing', UNIDENTIFIED)
  t.equal(r.committed, false)
  t.equal(r.reason, 'all-or-nothing: 1 sample(s) refused (BAD1); nothing was stored')
  t.same(r.refused, [{ id: 'BAD1', reasons: ['locus TH01: allele "OL" is an off-ladder call (line 38)'] }])
  t.equal(dump(db), before)
})

t.test('accepted-only stores the good samples, refuses the bad one; a second import stores nothing new', async (t) => {
  const db = freshDb(t)
  const r = commit(db, refsWithOneBad(), 'accepted-only', UNIDENTIFIED)
  t.equal(r.committed, true)
  t.same(r.stored.unidentified, ['P1', 'P2'])
  t.same(r.refused.map((x) => x.id), ['BAD1'])
  t.equal(r.importId, 1)
  const persons = createPersonRepository(db)
  t.same(persons.get('P1')?.profile.TH01, ['9.3', '9.3']) // "P1,TH01,9.3,9.3"
  t.equal(persons.get('P1')?.sex, 'male') // AMEL X,Y
  t.equal(persons.get('P2')?.sex, 'female') // AMEL X
  t.equal(persons.get('BAD1'), undefined)
  const afterFirst = dump(db)
  const again = commit(db, refsWithOneBad(), 'accepted-only', UNIDENTIFIED)
  t.same(again.stored, { unidentified: [], references: [], frequencyTables: [] })
  t.same(again.unchanged, ['P1', 'P2'])
  t.equal(again.previousImportId, 1)
  t.equal(again.importId, undefined)
  t.equal(dump(db), afterFirst, 'the second import changed nothing, not even the imports log')
})

t.test('the same profile from a differently named file is recognised; a different one is never overwritten', async (t) => {
  const db = freshDb(t)
  commit(db, readFormatFile('genemapper/euroformix/refs.csv'), 'all-or-nothing', UNIDENTIFIED)
  const before = dump(db)
  // refs_noAMEL.csv: the same P1, P2 genotypes without the AMEL rows, so no sex: stated through the mapping.
  const same = commit(db, readFormatFile('genemapper/euroformix/refs_noAMEL.csv'), 'all-or-nothing', { mapping: new Map([['P1', { side: 'unidentified', sex: 'male' }], ['P2', { side: 'unidentified', sex: 'female' }]]) })
  t.same(same.unchanged, ['P1', 'P2'])
  t.equal(dump(db), before)
  const changed = 'SampleName,Marker,Allele1,Allele2\nP1,TH01,6,7\n'
  const r = commit(db, changed, 'all-or-nothing', { mapping: new Map([['P1', { side: 'unidentified', sex: 'male' }]]) })
  t.equal(r.committed, false)
  t.same(r.refused, [{ id: 'P1', reasons: ['unidentified person P1 is already stored with a different profile or sex; an import never overwrites it'] }])
  t.equal(dump(db), before)
})

t.test('a write that fails inside the transaction rolls everything back', async (t) => {
  const db = freshDb(t)
  // A real failure from the database itself: the second insert is aborted by a trigger.
  db.exec("CREATE TRIGGER fail_p2 BEFORE INSERT ON unidentified_persons WHEN NEW.id = 'P2' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
  const before = dump(db)
  t.throws(() => commit(db, refsWithOneBad(), 'accepted-only', UNIDENTIFIED), /disk on fire/)
  t.equal(dump(db), before, 'P1 (written before the failure) is gone too')
})

t.test('references go into an existing case by the naming rule; the case hash is recomputed', async (t) => {
  const db = freshDb(t)
  const cases = createCaseRepository(db)
  const kase = {
    id: 'FAM1',
    missingPerson: 'MP',
    missingPersonSex: 'male' as const,
    frequencyTableId: 'nist1036-asian',
    status: 'open' as const,
    persons: [{ id: '1', sex: 'male' as const }, { id: '2', sex: 'female' as const }, { id: '8', sex: 'female' as const, father: '1', mother: '2', relation: 'paternal aunt' },
      { id: '3', sex: 'male' as const, father: '1', mother: '2' }, { id: '4', sex: 'female' as const }, { id: 'MP', sex: 'male' as const, father: '3', mother: '4' }],
    references: {}
  }
  cases.put({ ...kase, inputHash: caseInputHash(kase) })
  const rule = '^(?<case>FAM\\d+)-(?<person>\\d+)-(?<relation>[A-Z]+)$'
  const pa = readFormatFile('genemapper/genemapper2familias/Input/FAM1-8-PA.txt')
  const r = commit(db, pa, 'all-or-nothing', { rule })
  t.same(r.stored.references, [{ sampleId: 'FAM1-8-PA', caseId: 'FAM1', personId: '8' }])
  const stored = cases.get('FAM1')
  t.same(stored?.references['8'].profile.D2S441, ['11.3', '12'])
  t.equal(stored?.references['8'].sampleId, 'FAM1-8-PA')
  t.not(stored?.inputHash, caseInputHash(kase))
  t.equal(stored?.inputHash, caseInputHash(stored as NonNullable<typeof stored>))
  const before = dump(db)
  t.same(commit(db, pa, 'all-or-nothing', { rule }).unchanged, ['FAM1-8-PA'])
  t.equal(dump(db), before)
  // Another family's file: no such case, so nothing is stored.
  const other = commit(db, readFormatFile('genemapper/genemapper2familias/Input/FAM2-1-PGF.txt'), 'all-or-nothing', { rule })
  t.same(other.refused, [{ id: 'FAM2-1-PGF', reasons: ['case FAM2 does not exist: create the case (its pedigree) before importing its references'] }])
  t.equal(dump(db), before)
})

t.test('frequency tables are stored once: a second import of the same table adds no version', async (t) => {
  const db = freshDb(t)
  const file = readFormatFile('frequency-tables/norSTR/OstAsiaDB_v2023.txt')
  const r = commit(db, file, 'all-or-nothing', { fileName: 'OstAsiaDB_v2023.txt' })
  t.same(r.stored.frequencyTables.map((x) => x.id), ['ostasiadb-v2023'])
  const before = dump(db)
  t.same(commit(db, file, 'all-or-nothing', { fileName: 'OstAsiaDB_v2023.txt' }).stored.frequencyTables, [])
  t.equal(dump(db), before)
})
