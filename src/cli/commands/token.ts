import { HomewardError } from '../../core/errors.ts'
import { isRole, ROLES } from '../../core/trust/token.ts'
import { createAuditRepository } from '../../storage/audit-repository.ts'
import { openDatabase } from '../../storage/database.ts'
import { createTokenRepository, DEFAULT_TOKEN_TTL_DAYS } from '../../storage/token-repository.ts'
import { operatorName, recordCli } from '../operator.ts'
import { databaseFile, parseArgs, runSubcommand, stringFlag, UsageError } from '../trust-args.ts'
import { unitFlag } from '../unit-flag.ts'

const USAGE = `usage:
  homeward token create --role ${ROLES.join('|')} --name ACCOUNT [--unit UNIT] [--label TEXT] [--days N] [--db FILE]
      creates the account (in UNIT, default the national unit) if it does not exist, prints a new token ONCE on stdout
      (default lifetime ${DEFAULT_TOKEN_TTL_DAYS} days); this is how the first admin token is made
  homeward token list [--name ACCOUNT] [--json] [--db FILE]
  homeward token revoke TOKEN_ID [--db FILE]
`

/** `homeward token create|list|revoke`: the operator's way to manage API tokens on the server's host. */
export async function run (args: string[]): Promise<number> {
  return await runSubcommand(args, USAGE, ['json'], { create, list, revoke })
}

function create (parsed: ReturnType<typeof parseArgs>): number {
  const role = stringFlag(parsed, 'role')
  const name = stringFlag(parsed, 'name')
  if (role === undefined || name === undefined) throw new UsageError('token create needs --role and --name')
  if (!isRole(role)) throw new UsageError(`unknown role "${role}"`)
  const unitId = unitFlag(parsed)
  const daysText = stringFlag(parsed, 'days')
  const days = daysText === undefined ? undefined : Number(daysText)
  if (days !== undefined && !Number.isFinite(days)) throw new UsageError(`--days must be a number, not "${daysText}"`)
  const db = openDatabase(databaseFile(parsed))
  try {
    const tokens = createTokenRepository(db)
    const audit = createAuditRepository(db)
    const issued = db.transaction(() => {
      const existing = tokens.findUser(name)
      if (existing !== undefined && existing.role !== role) {
        throw new HomewardError('CONFLICT', `account "${name}" exists with role ${existing.role}, not ${role}`)
      }
      if (existing !== undefined && unitId !== undefined && existing.unitId !== unitId) {
        throw new HomewardError('CONFLICT', `account "${name}" exists in unit ${existing.unitId}, not ${unitId}`)
      }
      if (existing === undefined) {
        const user = tokens.createUser({ name, role, ...(unitId === undefined ? {} : { unitId }) })
        recordCli(audit, 'user.create', { user: name, role, unit: String(user.unitId) }, { inTransaction: true })
      }
      const out = tokens.issueToken({ userName: name, label: stringFlag(parsed, 'label'), ttlDays: days, createdBy: operatorName() })
      recordCli(audit, 'token.create', { tokenId: out.token.id, user: name, role }, { inTransaction: true })
      return out
    }).immediate()
    process.stderr.write(`token ${issued.token.id} for ${name} (${role}), expires ${issued.token.expiresAt}.\n` +
      'Store it now: it is shown once and cannot be recovered (only its SHA-256 is kept).\n')
    process.stdout.write(issued.secret + '\n')
    return 0
  } finally {
    db.close()
  }
}

function list (parsed: ReturnType<typeof parseArgs>): number {
  const db = openDatabase(databaseFile(parsed))
  try {
    const now = Date.now()
    const rows = createTokenRepository(db).listTokens({ userName: stringFlag(parsed, 'name') }).map((t) => ({
      ...t,
      state: t.revokedAt !== null ? 'revoked' : Date.parse(t.expiresAt) <= now ? 'expired' : 'active'
    }))
    if (parsed.flags.get('json') === true) {
      process.stdout.write(JSON.stringify(rows, null, 2) + '\n')
      return 0
    }
    for (const r of rows) {
      process.stdout.write([r.id, r.userName.padEnd(20), r.role.padEnd(10), r.state.padEnd(7), r.expiresAt, r.label].join('  ') + '\n')
    }
    return 0
  } finally {
    db.close()
  }
}

function revoke (parsed: ReturnType<typeof parseArgs>): number {
  const id = parsed.positionals[0]
  if (id === undefined) throw new UsageError('token revoke needs a token id (see token list)')
  const db = openDatabase(databaseFile(parsed))
  try {
    const tokens = createTokenRepository(db)
    const audit = createAuditRepository(db)
    const token = db.transaction(() => {
      const t = tokens.revokeToken(id)
      recordCli(audit, 'token.revoke', { tokenId: id, user: t.userName }, { inTransaction: true })
      return t
    }).immediate()
    process.stdout.write(`revoked ${token.id} (${token.userName}) at ${token.revokedAt ?? ''}\n`)
    return 0
  } finally {
    db.close()
  }
}
