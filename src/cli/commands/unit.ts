import { createAuditRepository } from '../../storage/audit-repository.ts'
import { openDatabase } from '../../storage/database.ts'
import { createUnitRepository, ROOT_UNIT_ID } from '../../storage/unit-repository.ts'
import { recordCli } from '../operator.ts'
import { databaseFile, parseArgs, runSubcommand, stringFlag, UsageError } from '../trust-args.ts'
import { unitFlag } from '../unit-flag.ts'

const USAGE = `usage:
  homeward unit create --name NAME --level LEVEL [--parent UNIT] [--db FILE]
      a unit below UNIT (default: the national unit, ${ROOT_UNIT_ID}); LEVEL is your word for the tier (province, city, ...)
  homeward unit list [--json] [--db FILE]
  homeward unit move UNIT --parent UNIT [--db FILE]
      moves a unit, with its units, accounts and records, under another parent
`

/** `homeward unit create|list|move`: the tree of units (issue 16), from the server's host. */
export async function run (args: string[]): Promise<number> {
  return await runSubcommand(args, USAGE, ['json'], { create, list, move })
}

function create (parsed: ReturnType<typeof parseArgs>): number {
  const name = stringFlag(parsed, 'name')
  const level = stringFlag(parsed, 'level')
  if (name === undefined || level === undefined) throw new UsageError('unit create needs --name and --level')
  const parentId = unitFlag(parsed, 'parent') ?? ROOT_UNIT_ID
  const db = openDatabase(databaseFile(parsed))
  try {
    const unit = db.transaction(() => {
      const u = createUnitRepository(db).create({ parentId, name, level })
      recordCli(createAuditRepository(db), 'unit.create', { unit: String(u.id), parent: String(parentId), name: u.name, level: u.level }, { inTransaction: true })
      return u
    }).immediate()
    process.stdout.write(`unit ${unit.id}: ${unit.path} (${unit.level})\n`)
    return 0
  } finally {
    db.close()
  }
}

function list (parsed: ReturnType<typeof parseArgs>): number {
  const db = openDatabase(databaseFile(parsed))
  try {
    const units = createUnitRepository(db).list()
    if (parsed.flags.get('json') === true) {
      process.stdout.write(JSON.stringify(units, null, 2) + '\n')
      return 0
    }
    for (const u of units) process.stdout.write(`${String(u.id).padStart(5)}  ${u.level.padEnd(12)}  ${u.path}\n`)
    return 0
  } finally {
    db.close()
  }
}

function move (parsed: ReturnType<typeof parseArgs>): number {
  const text = parsed.positionals[0]
  if (text === undefined) throw new UsageError('unit move needs the unit to move (see unit list)')
  if (!/^[1-9]\d{0,9}$/.test(text)) throw new UsageError(`unit move takes a unit id (a number), not "${text}"`)
  const parentId = unitFlag(parsed, 'parent')
  if (parentId === undefined) throw new UsageError('unit move needs --parent UNIT')
  const db = openDatabase(databaseFile(parsed))
  try {
    const unit = db.transaction(() => {
      const units = createUnitRepository(db)
      const from = units.require(Number(text)).parentId
      const u = units.move(Number(text), parentId)
      recordCli(createAuditRepository(db), 'unit.move', { unit: String(u.id), from: String(from), parent: String(parentId) }, { inTransaction: true })
      return u
    }).immediate()
    process.stdout.write(`unit ${unit.id} is now ${unit.path}\n`)
    return 0
  } finally {
    db.close()
  }
}
