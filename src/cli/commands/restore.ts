import { resolve } from 'node:path'
import { HomewardError } from '../../core/errors.ts'
import { createAuditRepository } from '../../storage/audit-repository.ts'
import { restoreDatabase } from '../../storage/backup.ts'
import { openDatabase } from '../../storage/database.ts'
import { checkFileKeys } from '../../storage/encryption-at-rest.ts'
import { keyringFromEnvironment } from '../../storage/keyring.ts'
import { refuseWhileServed } from '../../storage/server-lock.ts'
import { recordCli } from '../operator.ts'
import { databaseFile, parseArgs, UsageError } from '../trust-args.ts'

const USAGE = `usage: homeward restore BACKUP [--db DATABASE] [--force]
  replaces DATABASE (default HOMEWARD_DB) with BACKUP. Refused while a server has DATABASE open:
  stop the server first.
  The backup must pass SQLite's integrity check and its audit chain must be intact.
  An existing DATABASE is only overwritten with --force.
`

/** `homeward restore BACKUP`: puts a checked backup back in place and records that it did. */
export async function run (args: string[]): Promise<number> {
  try {
    const parsed = parseArgs(args, ['force'])
    const backup = parsed.positionals[0]
    if (backup === undefined || parsed.positionals.length > 1) throw new UsageError('restore needs exactly one BACKUP file')
    const target = resolve(databaseFile(parsed))
    // Even with --force: the server's open connection would go on writing into the replaced file.
    refuseWhileServed(target, 'restore')
    // a backup is a copy of the encrypted database: refused before anything is replaced if this key cannot open it
    checkFileKeys(resolve(backup), keyringFromEnvironment(process.env, target))
    const check = await restoreDatabase(resolve(backup), target, { force: parsed.flags.get('force') === true })
    // Reopening applies any migration newer than the backup; the restore itself goes on the trail.
    const db = openDatabase(target)
    try {
      recordCli(createAuditRepository(db), 'backup.restore', { file: resolve(backup), auditEntries: check.audit.count })
    } finally {
      db.close()
    }
    process.stdout.write(`restored ${resolve(backup)} into ${target}: integrity ok, audit chain intact (${check.audit.count} entries)\n`)
    return 0
  } catch (err) {
    if (err instanceof UsageError) { process.stderr.write(`${err.message}\n${USAGE}`); return 2 }
    if (err instanceof HomewardError) { process.stderr.write(`error: ${err.message}\n`); return 1 }
    throw err
  }
}
