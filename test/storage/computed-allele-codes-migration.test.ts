import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import t from 'tap'
import { readMigrations, runMigrations } from '../../src/storage/database.ts'

const MIGRATIONS = readMigrations(fileURLToPath(new URL('../../src/storage/migrations', import.meta.url)))

// A database as it was before migration 060: a stored allele codebook holding the rare alleles profiles
// carried (even of persons expunged since) and screening tables in its codes. 060 removes both, bytes included.
t.test('migration 060 removes the stored codebook from the file and the screening tables built on it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-060-'))
  const file = join(dir, 'h.sqlite')
  const db = new BetterSqlite3(file)
  t.teardown(() => { db.close(); rmSync(dir, { recursive: true, force: true }) })
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  runMigrations(db, MIGRATIONS.filter((m) => m.version < 60))
  const now = '2026-01-01T00:00:00.000Z'
  db.prepare("INSERT INTO cases (id, missing_person, missing_person_sex, frequency_table_id, input_hash, created_at, updated_at) VALUES ('C-1', 'MP', 'male', 't', 'h', ?, ?)").run(now, now)
  db.prepare("INSERT INTO screening_tables (case_id, case_input_hash, model_key, s_count, s_alleles, bound_values, built_at) VALUES ('C-1', 'h', 'old', x'01', x'07', x'0000803f', ?)").run(now)
  const addCode = db.prepare("INSERT INTO screening_alleles (table_key, locus, allele, code) VALUES ('nist1036_asian@1', ?, ?, ?)")
  for (let i = 0; i < 200; i++) addCode.run('vWA', `${100 + i}.7`, 7 + i)
  const bytes = (): string => readFileSync(file).toString('latin1') + readFileSync(file + '-wal').toString('latin1')
  db.pragma('wal_checkpoint(TRUNCATE)')
  t.ok(bytes().includes('vWA177.7'), 'control: a stored allele is in the file')

  runMigrations(db, MIGRATIONS.filter((m) => m.version === 60))
  db.pragma('wal_checkpoint(TRUNCATE)')
  t.equal((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'screening_alleles'").get() as { n: number }).n, 0, 'the codebook table is gone')
  t.equal((db.prepare('SELECT count(*) AS n FROM screening_tables').get() as { n: number }).n, 0, 'tables in the old codes are gone (rebuilt on demand)')
  t.notOk(bytes().includes('vWA177.7'), 'and the alleles are not in the file any more')
  t.equal(db.pragma('secure_delete', { simple: true }), 0, 'secure_delete is back to the default')
})
