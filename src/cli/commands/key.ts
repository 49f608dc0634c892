import { HomewardError } from '../../core/errors.ts'
import { createAuditRepository } from '../../storage/audit-repository.ts'
import { openDatabase } from '../../storage/database.ts'
import { keyStatus, rotateKeys } from '../../storage/key-rotation.ts'
import { recordCli } from '../operator.ts'
import { databaseFile, parseArgs, stringFlag, UsageError } from '../trust-args.ts'

const USAGE = `usage: homeward key rotate [--db DATABASE] [--batch N]
       homeward key status [--db DATABASE]
  rotate: reseals every encrypted value under the current key (the first of HOMEWARD_KEY_FILE or
  HOMEWARD_KEY), N rows per transaction (default 1000), then retires the older keys: they can be
  removed from the key file afterwards. To rotate: put a new key on the first line of the key file,
  the old one after it; restart the server; run this. Interrupted, run it again: it resumes.
  status: the keys the database knows (id, added, retired); ids only, never keys.
`

/** `homeward key rotate|status`: key rotation for encryption at rest, recorded in the audit trail. */
export async function run (args: string[]): Promise<number> {
  try {
    const parsed = parseArgs(args)
    const [sub, ...rest] = parsed.positionals
    if (rest.length > 0 || (sub !== 'rotate' && sub !== 'status')) throw new UsageError('key needs rotate or status')
    const batchText = stringFlag(parsed, 'batch')
    const batchSize = batchText === undefined ? 1000 : Number(batchText)
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new UsageError('--batch must be an integer from 1 to 100000')
    const db = openDatabase(databaseFile(parsed))
    try {
      if (sub === 'status') {
        for (const k of keyStatus(db)) process.stdout.write(`${k.keyId}\tadded ${k.addedAt}\t${k.retiredAt === null ? 'in use' : `retired ${k.retiredAt}`}\n`)
        return 0
      }
      const audit = createAuditRepository(db)
      let result
      try {
        result = rotateKeys(db, {
          batchSize,
          onBatch: (p) => { process.stderr.write(`\r${p.table}: ${p.rowsRead} rows read`) },
          record: (r) => { recordCli(audit, 'key.rotate', { currentKey: r.currentKey, resealed: r.resealed, retired: r.retired.join(',') }, { inTransaction: true }) }
        })
      } catch (err) {
        recordCli(audit, 'key.rotate', { currentKey: '', error: (err as Error).message }, { status: 1 })
        throw err
      }
      process.stderr.write('\n')
      process.stdout.write(`resealed ${result.resealed} values under key ${result.currentKey}; ` +
        (result.retired.length === 0 ? 'no older key was in use\n' : `key ${result.retired.join(', ')} no longer needed: remove it from the key file\n`))
      return 0
    } finally {
      db.close()
    }
  } catch (err) {
    if (err instanceof UsageError) { process.stderr.write(`${err.message}\n${USAGE}`); return 2 }
    if (err instanceof HomewardError) { process.stderr.write(`error: ${err.message}\n`); return 1 }
    process.stderr.write(`error: ${(err as Error).message}\n`)
    return 1
  }
}
