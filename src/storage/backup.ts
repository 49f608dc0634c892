import { existsSync, rmSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { verifyChain, type ChainVerdict } from '../core/trust/audit-chain.ts'
import { fail } from '../core/errors.ts'
import { createAuditRepository } from './audit-repository.ts'
import { makePrivateFile, type Database } from './database.ts'

/** What a backup or a restore checked. */
export interface BackupCheck {
  file: string
  /** The tables of the copy and their row counts, for the operator to compare. */
  tables: Record<string, number>
  audit: ChainVerdict
}

/**
 * Checks that a file is a sound Homeward database without changing it: SQLite's integrity check,
 * the migrations table, and the audit chain. Throws UNREADABLE_FILE naming what is wrong.
 */
export function checkDatabaseFile (file: string): BackupCheck {
  if (!existsSync(file)) fail('NOT_FOUND', `no file ${file}`, { field: 'file' })
  let db: Database
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true })
  } catch (err) {
    return fail('UNREADABLE_FILE', `${file} is not an SQLite database: ${(err as Error).message}`)
  }
  try {
    let integrity: string
    try {
      integrity = (db.pragma('integrity_check', { simple: true }) as string)
    } catch (err) {
      return fail('UNREADABLE_FILE', `${file} is not an SQLite database: ${(err as Error).message}`)
    }
    if (integrity !== 'ok') fail('UNREADABLE_FILE', `${file} fails SQLite's integrity check: ${integrity}`)
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name)
    if (!names.includes('schema_migrations')) fail('UNREADABLE_FILE', `${file} is not a Homeward database (no schema_migrations table)`)
    const tables: Record<string, number> = {}
    for (const name of names) tables[name] = (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n
    const audit = names.includes('audit_log') ? verifyChain(createAuditRepository(db).all()) : { ok: true as const, count: 0, headHash: '' }
    return { file, tables, audit }
  } finally {
    db.close()
  }
}

/**
 * An online backup of a live database to `destination` with SQLite's backup API (better-sqlite3's
 * db.backup): a consistent snapshot taken page by page while the server keeps serving, unlike a file
 * copy, which can catch a half-checkpointed WAL. The copy is then checked. Refuses to overwrite a file.
 * The file is created owner-only (0600) before a page is copied; a backup that fails is removed.
 */
export async function backupDatabase (db: Database, destination: string): Promise<BackupCheck> {
  try {
    makePrivateFile(destination, { mustNotExist: true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') fail('CONFLICT', `${destination} exists; a backup never overwrites a file`, { field: 'file' })
    throw err
  }
  try {
    await db.backup(destination)
  } catch (err) {
    rmSync(destination, { force: true })
    throw err
  }
  return checkDatabaseFile(destination)
}

/**
 * Restores `backup` into `target` (the server must be stopped). The backup is checked first, and a
 * backup whose audit chain is broken is refused: restoring it would launder tampering. The copy goes
 * through SQLite's backup API into the target, which is overwritten as one transaction of the target
 * connection, so a crash during a restore leaves the old database or the new one, never a mix.
 * An existing target is only overwritten with `force`.
 */
export async function restoreDatabase (backup: string, target: string, options: { force?: boolean } = {}): Promise<BackupCheck> {
  const check = checkDatabaseFile(backup)
  if (!check.audit.ok) fail('UNREADABLE_FILE', `${backup}: the audit chain is broken (${check.audit.reason}); not restoring it`)
  if (existsSync(target) && options.force !== true) fail('CONFLICT', `${target} exists; pass --force to overwrite it`, { field: 'file' })
  const created = !existsSync(target)
  makePrivateFile(target)
  const source = new BetterSqlite3(backup, { readonly: true, fileMustExist: true })
  try {
    await source.backup(target)
  } catch (err) {
    if (created) rmSync(target, { force: true })
    throw err
  } finally {
    source.close()
  }
  return checkDatabaseFile(target)
}
