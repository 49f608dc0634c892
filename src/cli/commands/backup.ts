import { resolve } from 'node:path'
import { HomewardError } from '../../core/errors.ts'
import { createAuditRepository } from '../../storage/audit-repository.ts'
import { backupDatabase } from '../../storage/backup.ts'
import { openDatabase } from '../../storage/database.ts'
import { recordCli } from '../operator.ts'
import { databaseFile, parseArgs, UsageError } from '../trust-args.ts'

const USAGE = `usage: homeward backup FILE [--db DATABASE]
  an online backup (SQLite backup API) of the live database to FILE, safe while the server runs;
  the copy is integrity-checked and its audit chain verified. FILE must not exist.
`

/** `homeward backup FILE`: a consistent copy of the live database, recorded in the audit trail. */
export async function run (args: string[]): Promise<number> {
  try {
    const parsed = parseArgs(args)
    const file = parsed.positionals[0]
    if (file === undefined || parsed.positionals.length > 1) throw new UsageError('backup needs exactly one FILE')
    const db = openDatabase(databaseFile(parsed))
    try {
      const check = await backupDatabase(db, resolve(file))
      // A backup is a copy, not a change: it is recorded once it is written and checked.
      recordCli(createAuditRepository(db), 'backup.create', { file: resolve(file), auditEntries: check.audit.count }, { status: check.audit.ok ? 0 : 1 })
      const rows = Object.entries(check.tables).map(([name, n]) => `  ${name.padEnd(24)} ${n}`).join('\n')
      process.stdout.write(`backup written to ${check.file}: integrity ok, audit chain ${check.audit.ok ? `intact (${check.audit.count} entries)` : 'BROKEN'}\n${rows}\n`)
      return check.audit.ok ? 0 : 1
    } finally {
      db.close()
    }
  } catch (err) {
    if (err instanceof UsageError) { process.stderr.write(`${err.message}\n${USAGE}`); return 2 }
    if (err instanceof HomewardError) { process.stderr.write(`error: ${err.message}\n`); return 1 }
    throw err
  }
}
