import { createAuditRepository } from '../../storage/audit-repository.ts'
import { openDatabase } from '../../storage/database.ts'
import { databaseFile, parseArgs, stringFlag, UsageError } from '../trust-args.ts'

const USAGE = `usage:
  homeward audit verify [--expect-head HASH] [--db FILE]
      recomputes the hash chain; exit 0 when intact, 1 naming the first bad entry.
      Prints the head hash: record it elsewhere and pass it back with --expect-head to detect
      the removal of the newest entries, which a chain alone cannot show.
  homeward audit list [--after SEQ] [--limit N] [--action NAME] [--actor NAME] [--json] [--db FILE]
`

/** `homeward audit verify|list`: check and read the audit trail from the server's host. */
export async function run (args: string[]): Promise<number> {
  const [sub, ...rest] = args
  try {
    const parsed = parseArgs(rest, ['json'])
    if (sub === 'verify') return verify(parsed)
    if (sub === 'list') return list(parsed)
    process.stderr.write(USAGE)
    return sub === '--help' ? 0 : 2
  } catch (err) {
    if (err instanceof UsageError) { process.stderr.write(`${err.message}\n${USAGE}`); return 2 }
    throw err
  }
}

function verify (parsed: ReturnType<typeof parseArgs>): number {
  const expectHead = stringFlag(parsed, 'expect-head')
  const db = openDatabase(databaseFile(parsed))
  try {
    const audit = createAuditRepository(db)
    const verdict = audit.verify()
    if (!verdict.ok) {
      process.stdout.write(`audit chain BROKEN at entry ${verdict.firstBadSeq}: ${verdict.reason}\n`)
      return 1
    }
    if (expectHead !== undefined) {
      if (audit.findByHash(expectHead) === undefined) {
        process.stdout.write(`audit chain BROKEN: the recorded head ${expectHead} is no longer in the trail (entries were removed)\n`)
        return 1
      }
    }
    process.stdout.write(`audit chain intact: ${verdict.count} entries, head ${verdict.headHash}\n`)
    return 0
  } finally {
    db.close()
  }
}

function list (parsed: ReturnType<typeof parseArgs>): number {
  const num = (name: string): number | undefined => {
    const v = stringFlag(parsed, name)
    if (v === undefined) return undefined
    if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, not "${v}"`)
    return Number(v)
  }
  const db = openDatabase(databaseFile(parsed))
  try {
    const entries = createAuditRepository(db).list({
      afterSeq: num('after'), limit: num('limit'), action: stringFlag(parsed, 'action'), actor: stringFlag(parsed, 'actor')
    })
    if (parsed.flags.get('json') === true) {
      process.stdout.write(JSON.stringify(entries, null, 2) + '\n')
      return 0
    }
    for (const e of entries) {
      process.stdout.write(`${String(e.seq).padStart(6)}  ${e.at}  ${e.actor.padEnd(16)} ${(e.role ?? '-').padEnd(10)} ${e.action.padEnd(20)} ${String(e.status).padEnd(3)}  ${JSON.stringify(e.target)}\n`)
    }
    return 0
  } finally {
    db.close()
  }
}
