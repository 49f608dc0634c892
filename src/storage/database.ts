import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import { attachEncryption } from './encryption-at-rest.ts'
import { keyringFromEnvironment, type Keyring } from './keyring.ts'

export type Database = BetterSqlite3.Database

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations')
const MIGRATION_FILE = /^(\d{3})-[a-z0-9-]+\.sql$/

/** A numbered migration file: `src/storage/migrations/NNN-name.sql`. */
export interface Migration {
  version: number
  name: string
  sql: string
}

/** Owner-only modes: the database, its WAL and SHM, and every backup hold genotypes and personal data. */
export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_DIR_MODE = 0o700

/**
 * Makes `file` owner-only before anything is written to it: created empty with mode 0600 when it does
 * not exist (exclusively, so `mustNotExist` refuses an existing one with EEXIST), narrowed to 0600 when
 * it does. SQLite gives the -wal, -shm and -journal files the mode of their database file, so they are
 * owner-only too; left-over ones from an older, world-readable file are narrowed here as well.
 */
export function makePrivateFile (file: string, options: { mustNotExist?: boolean } = {}): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || options.mustNotExist === true) throw err
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (!existsSync(f)) continue
    try {
      chmodSync(f, PRIVATE_FILE_MODE)
    } catch (err) {
      // a file of another owner that we may still write: opening it is the caller's right, its mode is not ours
      if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err
    }
  }
}

/**
 * Opens (creating if needed) the SQLite database and brings its schema up to date.
 * WAL lets readers run beside the one writer and survives `kill -9` with nothing half-written;
 * foreign keys are off by default in SQLite and must be switched on per connection;
 * busy_timeout makes a second process (a CLI rerun beside the server) wait instead of failing.
 * `:memory:` works for quick tests (no WAL there). The file (and its directory, when created here)
 * is owner-only from its first byte: see makePrivateFile. Genotypes and personal fields are sealed with
 * `keyring` (default: from the environment, src/storage/keyring.ts); a key that cannot open the
 * database's values is refused here, before anything is read (src/storage/encryption-at-rest.ts).
 */
export function openDatabase (file: string, options: { migrationsDir?: string, keyring?: Keyring } = {}): Database {
  if (file !== ':memory:' && !file.startsWith('file:')) mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE })
  // before the file is created: a refused start leaves no empty database behind
  const keyring = options.keyring ?? keyringFromEnvironment(process.env, file)
  if (file !== ':memory:' && !file.startsWith('file:')) makePrivateFile(file)
  const db = new BetterSqlite3(file)
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // NORMAL is durable in WAL mode against process crashes (kill -9); only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL')
  try {
    runMigrations(db, readMigrations(options.migrationsDir ?? MIGRATIONS_DIR))
    attachEncryption(db, keyring)
  } catch (err) {
    db.close()
    throw err
  }
  return db
}

/** The migration files of a directory, in version order; two files with one number are refused. */
export function readMigrations (dir: string): Migration[] {
  const migrations: Migration[] = []
  for (const name of readdirSync(dir).sort()) {
    const m = MIGRATION_FILE.exec(name)
    if (m === null) continue
    migrations.push({ version: Number(m[1]), name, sql: readFileSync(join(dir, name), 'utf8') })
  }
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version === migrations[i - 1].version) {
      throw new Error(`two migrations share number ${migrations[i].version}: ${migrations[i - 1].name} and ${migrations[i].name}`)
    }
  }
  return migrations
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own transaction
 * together with its record, so a crash leaves each migration fully applied or not at all.
 * Returns the versions applied now.
 */
export function runMigrations (db: Database, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`)
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version))
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  const done: number[] = []
  for (const m of migrations) {
    if (applied.has(m.version)) continue
    db.transaction(() => {
      db.exec(m.sql)
      record.run(m.version, m.name, new Date().toISOString())
    }).immediate()
    done.push(m.version)
  }
  return done
}
