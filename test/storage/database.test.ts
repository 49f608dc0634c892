import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { openDatabase, readMigrations } from '../../src/storage/database.ts'

t.test('openDatabase sets WAL, foreign keys and busy_timeout and records migrations', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-db-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'sub', 'h.sqlite')
  const db = openDatabase(file)
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal')
  t.equal(db.pragma('foreign_keys', { simple: true }), 1)
  t.equal(db.pragma('busy_timeout', { simple: true }), 5000)
  const versions = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>).map((r) => r.version)
  t.ok(versions.includes(1))
  db.close()
  // Reopening applies nothing twice.
  const again = openDatabase(file)
  t.same((again.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>).map((r) => r.version), versions)
  again.close()
})

t.test('a failing migration leaves nothing behind', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-mig-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, '001-good.sql'), 'CREATE TABLE a (x INTEGER);')
  writeFileSync(join(dir, '002-bad.sql'), 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);')
  t.throws(() => openDatabase(join(dir, 'x.sqlite'), { migrationsDir: dir }))
  const BetterSqlite3 = (await import('better-sqlite3')).default
  const db = new BetterSqlite3(join(dir, 'x.sqlite'))
  t.same(db.prepare('SELECT version FROM schema_migrations').all(), [{ version: 1 }])
  t.equal(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get() !== undefined && (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get() as { n: number }).n, 0)
  db.close()
})

t.test('duplicate migration numbers are refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-dup-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, '001-a.sql'), '')
  writeFileSync(join(dir, '001-b.sql'), '')
  t.throws(() => readMigrations(dir), /share number 1/)
})

t.test('the database, its WAL and SHM are owner-only from the first byte, and so is a directory made for them', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-modes-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const mask = process.umask(0) // the modes must not depend on the operator's umask
  t.teardown(() => { process.umask(mask) })
  const mode = (f: string): string => (statSync(f).mode & 0o777).toString(8)
  const file = join(dir, 'data', 'h.sqlite')
  const db = openDatabase(file)
  db.exec('CREATE TABLE t (x TEXT); INSERT INTO t VALUES (\'a genotype\')')
  t.ok(existsSync(file + '-wal') && existsSync(file + '-shm'), 'control: WAL and SHM exist while open')
  t.same([mode(file), mode(file + '-wal'), mode(file + '-shm')], ['600', '600', '600'])
  t.equal(mode(join(dir, 'data')), '700', 'the directory created for it')
  db.close()

  // a database made world-readable by an older version is narrowed when opened
  const old = join(dir, 'old.sqlite')
  writeFileSync(old, '')
  chmodSync(old, 0o644)
  openDatabase(old).close()
  t.equal(mode(old), '600')
})
