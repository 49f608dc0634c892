import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { openDatabase, readMigrations, runMigrations } from '../../src/storage/database.ts'
import { parseKeys } from '../../src/storage/keyring.ts'
import { createCaseRepository } from '../../src/storage/case-repository.ts'
import { createPersonRepository } from '../../src/storage/person-repository.ts'

const MIGRATIONS = fileURLToPath(new URL('../../src/storage/migrations', import.meta.url))
const PLACE = 'Night market of Nanning, stall 14 (migration marker)'
const PROFILE = '{"D21S11":["24.3","38.1"],"TH01":["6","9.3"]}'
const REFERENCE = '{"FGA":["16.1","33.2"],"TH01":["6","7"]}'

t.test('a database of before migration 076 has its plain values sealed at the first open, in bounded batches', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-plain-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'h.sqlite')
  // an older database: schema up to 075, values written plain as the repositories then wrote them
  const legacy = new BetterSqlite3(file)
  legacy.pragma('journal_mode = WAL')
  runMigrations(legacy, readMigrations(MIGRATIONS).filter((m) => m.version < 76))
  const now = '2026-01-01T00:00:00.000Z'
  const person = legacy.prepare(`INSERT INTO unidentified_persons (id, sex, estimated_birth_year, found_place, found_date, profile_json, status, input_hash, created_at, updated_at)
    VALUES (?, 'male', 2009, ?, '2024-03-17', ?, 'open', 'h', ?, ?)`)
  for (let i = 0; i < 25; i++) person.run(`U-${i}`, PLACE, PROFILE, now, now)
  legacy.prepare(`INSERT INTO cases (id, missing_person, missing_person_sex, born, frequency_table_id, input_hash, created_at, updated_at)
    VALUES ('C-1', 'MP', 'male', '2009-05-12', 'nist1036_asian', 'h', ?, ?)`).run(now, now)
  legacy.prepare("INSERT INTO case_persons (case_id, person_id, position, sex) VALUES ('C-1', 'F', 0, 'male'), ('C-1', 'MP', 1, 'male')").run()
  legacy.prepare("INSERT INTO reference_profiles (case_id, person_id, profile_json, created_at) VALUES ('C-1', 'F', ?, ?)").run(REFERENCE, now)
  legacy.close()
  const holdsPlain = (): boolean => {
    const bytes = Buffer.concat([readFileSync(file), (() => { try { return readFileSync(`${file}-wal`) } catch { return Buffer.alloc(0) } })()])
    return [PLACE, PROFILE, REFERENCE, '2009-05-12'].some((s) => bytes.includes(Buffer.from(s)))
  }
  t.ok(holdsPlain(), 'control: the old file holds them plain')

  const db = openDatabase(file, { keyring: parseKeys(randomBytes(32).toString('base64'), 'k') })
  t.teardown(() => db.close())
  t.equal(db.prepare("SELECT count(*) FROM unidentified_persons WHERE typeof(profile_json) <> 'blob' OR typeof(found_place) <> 'blob' OR typeof(estimated_birth_year) <> 'blob'").pluck().get(), 0, 'every person value sealed')
  t.equal(db.prepare("SELECT count(*) FROM reference_profiles WHERE typeof(profile_json) <> 'blob'").pluck().get(), 0)
  t.ok(db.prepare('SELECT plain_sealed_at FROM encryption_state WHERE id = 1').pluck().get(), 'marked done: later starts skip the pass')
  t.notOk(holdsPlain(), 'no plain value left in the file or its WAL (secure_delete, checkpoint)')
  t.match(createPersonRepository(db).get('U-7'), { foundPlace: PLACE, foundDate: '2024-03-17', estimatedBirthYear: 2009, profile: JSON.parse(PROFILE) }, 'and they read back as they were')
  t.match(createCaseRepository(db).get('C-1'), { born: '2009-05-12', references: { F: { profile: JSON.parse(REFERENCE) } } })
})
