import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { createAuditRepository } from '../../src/storage/audit-repository.ts'
import { backupDatabase, checkDatabaseFile, restoreDatabase } from '../../src/storage/backup.ts'
import { openDatabase } from '../../src/storage/database.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'
import { runCli } from '../helpers/run-cli.ts'

function tempDir (t: { teardown: (fn: () => void) => unknown }): string {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-backup-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

function seed (file: string, entries: number): void {
  const db = openDatabase(file)
  const tokens = createTokenRepository(db)
  tokens.createUser({ name: 'lab-1', role: 'lab' })
  tokens.issueToken({ userName: 'lab-1', createdBy: 'cli' })
  const audit = createAuditRepository(db)
  for (let i = 0; i < entries; i++) audit.append({ actor: 'lab-1', role: 'lab', action: 'import.create', target: { importId: i }, status: 201 })
  db.close()
}

t.test('backup then restore gives back the same rows, with the restore on the trail', async (t) => {
  const dir = tempDir(t)
  const live = join(dir, 'live.sqlite')
  seed(live, 50)
  const db = openDatabase(live)
  const check = await backupDatabase(db, join(dir, 'b1.sqlite'))
  t.equal(check.tables.audit_log, 50)
  t.equal(check.tables.api_tokens, 1)
  t.ok(check.audit.ok)
  await t.rejects(backupDatabase(db, join(dir, 'b1.sqlite')), { code: 'CONFLICT' }, 'never overwrites')
  // the live database moves on after the backup
  createAuditRepository(db).append({ actor: 'x', role: 'admin', action: 'after.backup', status: 200 })
  db.close()

  const r = runCli(['restore', join(dir, 'b1.sqlite'), '--db', join(dir, 'restored.sqlite')])
  t.equal(r.code, 0, r.stderr)
  const restored = openDatabase(join(dir, 'restored.sqlite'))
  t.teardown(() => restored.close())
  const entries = [...createAuditRepository(restored).all()]
  t.equal(entries.length, 51, '50 from the backup + the restore record')
  t.same(entries.slice(0, 50).map((e) => e.target.importId), Array.from({ length: 50 }, (_, i) => i))
  t.equal(entries[50].action, 'backup.restore')
  t.notOk(entries.some((e) => e.action === 'after.backup'), 'nothing written after the backup came back')
  t.ok(createAuditRepository(restored).verify().ok)
  t.equal(createTokenRepository(restored).listTokens().length, 1)
})

t.test('restore refuses to overwrite without --force, a broken chain, and a non-database', async (t) => {
  const dir = tempDir(t)
  const live = join(dir, 'live.sqlite')
  seed(live, 5)
  const db = openDatabase(live)
  await backupDatabase(db, join(dir, 'good.sqlite'))
  await backupDatabase(db, join(dir, 'tampered.sqlite'))
  db.close()
  const raw = new BetterSqlite3(join(dir, 'tampered.sqlite'))
  raw.exec('DROP TRIGGER audit_log_no_update')
  raw.prepare("UPDATE audit_log SET action = 'nothing' WHERE seq = 3").run()
  raw.close()

  const other = join(dir, 'other.sqlite')
  seed(other, 2)
  await t.rejects(restoreDatabase(join(dir, 'good.sqlite'), other), { code: 'CONFLICT' })
  t.equal(checkDatabaseFile(other).tables.audit_log, 2, 'the refused restore left the target alone')
  await t.rejects(restoreDatabase(join(dir, 'tampered.sqlite'), join(dir, 'new.sqlite')), { code: 'UNREADABLE_FILE', message: /entry 3/ })
  t.notOk(existsSync(join(dir, 'new.sqlite')))
  writeFileSync(join(dir, 'junk.sqlite'), 'this is not a database at all, just text'.repeat(200))
  await t.rejects(restoreDatabase(join(dir, 'junk.sqlite'), join(dir, 'new2.sqlite')), { code: 'UNREADABLE_FILE' })

  const forced = await restoreDatabase(join(dir, 'good.sqlite'), other, { force: true })
  t.equal(forced.tables.audit_log, 5, 'with force the target now holds the backup')
})

t.test('an online backup taken while another process writes is consistent', async (t) => {
  const dir = tempDir(t)
  const live = join(dir, 'live.sqlite')
  seed(live, 1)
  // a writer in another process keeps appending audit entries (each its own transaction)
  const writer = spawn(process.execPath, ['--import', 'tsx', '-e', `
    const { openDatabase } = await import(${JSON.stringify(new URL('../../src/storage/database.ts', import.meta.url).href)})
    const { createAuditRepository } = await import(${JSON.stringify(new URL('../../src/storage/audit-repository.ts', import.meta.url).href)})
    const db = openDatabase(${JSON.stringify(live)})
    const audit = createAuditRepository(db)
    process.stdout.write('ready\\n')
    for (let i = 0; ; i++) audit.append({ actor: 'w', role: 'lab', action: 'import.create', target: { n: i }, status: 201 })
  `], { stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => { writer.kill('SIGKILL') })
  await new Promise<void>((resolve) => writer.stdout.once('data', () => resolve()))
  await new Promise((resolve) => setTimeout(resolve, 300))
  const r = runCli(['backup', join(dir, 'online.sqlite'), '--db', live])
  writer.kill('SIGKILL')
  t.equal(r.code, 0, r.stderr)
  const check = checkDatabaseFile(join(dir, 'online.sqlite'))
  t.ok(check.audit.ok, 'the copy is a consistent snapshot: its chain verifies')
  t.ok(check.tables.audit_log > 1, `the copy holds the writer's entries (${check.tables.audit_log})`)
})

t.test('backups and restored databases are owner-only (0600), whatever the umask', async (t) => {
  const dir = tempDir(t)
  const live = join(dir, 'live.sqlite')
  seed(live, 3)
  const mask = process.umask(0)
  t.teardown(() => { process.umask(mask) })
  const mode = (f: string): string => (statSync(f).mode & 0o777).toString(8)
  const db = openDatabase(live)
  await backupDatabase(db, join(dir, 'api.sqlite'))
  db.close()
  t.equal(mode(join(dir, 'api.sqlite')), '600', 'backupDatabase')
  const cli = runCli(['backup', join(dir, 'cli.sqlite'), '--db', live])
  t.equal(cli.code, 0, cli.stderr)
  t.equal(mode(join(dir, 'cli.sqlite')), '600', 'homeward backup')
  await restoreDatabase(join(dir, 'api.sqlite'), join(dir, 'restored.sqlite'))
  t.equal(mode(join(dir, 'restored.sqlite')), '600', 'a restored database')
  writeFileSync(join(dir, 'taken.sqlite'), 'not mine')
  const again = openDatabase(live)
  const refused = await backupDatabase(again, join(dir, 'taken.sqlite')).catch((err: unknown) => err)
  again.close()
  t.match(refused, { code: 'CONFLICT' }, 'an existing file is never overwritten')
  t.equal(readFileSync(join(dir, 'taken.sqlite'), 'utf8'), 'not mine', 'nor touched')
})
