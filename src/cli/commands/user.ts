import { HomewardError } from '../../core/errors.ts'
import { loadConfig } from '../../config.ts'
import { checkPasswordPolicy, hashPassword, MIN_PASSWORD_LENGTH } from '../../core/trust/password.ts'
import { isRole, ROLES } from '../../core/trust/token.ts'
import { createAuditRepository } from '../../storage/audit-repository.ts'
import { openDatabase, type Database } from '../../storage/database.ts'
import { createSessionRepository } from '../../storage/session-repository.ts'
import { createTokenRepository } from '../../storage/token-repository.ts'
import { createUserCredentialRepository } from '../../storage/user-credential-repository.ts'
import { recordCli } from '../operator.ts'
import { readPasswordLine } from '../read-password.ts'
import { databaseFile, runSubcommand, stringFlag, UsageError, type ParsedArgs } from '../trust-args.ts'
import { unitFlag } from '../unit-flag.ts'

const USAGE = `usage:
  homeward user create --role ${ROLES.join('|')} --name ACCOUNT [--unit UNIT] [--db FILE]
      creates an account that signs in with a password, read from standard input (one line, at least
      ${MIN_PASSWORD_LENGTH} characters; at a terminal it is not echoed): printf '%s\\n' "$PW" | homeward user create ...
  homeward user password ACCOUNT [--temporary] [--db FILE]
      sets a new password from standard input and ends the account's sessions
      (--temporary: the person must choose their own at the next sign-in)
  homeward user totp-reset ACCOUNT [--db FILE]   removes a lost second factor (enrolled again at the next sign-in)
  homeward user disable ACCOUNT [--db FILE]      disables the account: its tokens and sessions stop at once
`

/** `homeward user create|password|totp-reset|disable`: people's accounts, from the server's host. */
export async function run (args: string[]): Promise<number> {
  return await runSubcommand(args, USAGE, ['temporary'], {
    create,
    password: setPassword,
    'totp-reset': (parsed) => withAccount(parsed, 'totp-reset', totpReset),
    disable: (parsed) => withAccount(parsed, 'disable', disable)
  })
}

/** The password from stdin, checked against the policy before anything is opened or written. */
async function passwordFor (name: string): Promise<string> {
  const password = await readPasswordLine(`password for ${name}: `)
  if (password === '') throw new HomewardError('BAD_REQUEST', 'no password on standard input (one line)')
  checkPasswordPolicy(password, name)
  return password
}

async function create (parsed: ParsedArgs): Promise<number> {
  const role = stringFlag(parsed, 'role')
  const name = stringFlag(parsed, 'name')
  if (role === undefined || name === undefined) throw new UsageError('user create needs --role and --name')
  if (!isRole(role)) throw new UsageError(`unknown role "${role}"`)
  const unitId = unitFlag(parsed)
  const hash = await hashPassword(await passwordFor(name))
  const db = openDatabase(databaseFile(parsed))
  try {
    const tokens = createTokenRepository(db)
    const audit = createAuditRepository(db)
    db.transaction(() => {
      if (tokens.findUser(name) !== undefined) throw new HomewardError('CONFLICT', `account "${name}" already exists (a new password: homeward user password ${name})`)
      const user = tokens.createUser({ name, role, ...(unitId === undefined ? {} : { unitId }) })
      createUserCredentialRepository(db).setPassword(user.id, hash, { mustChange: false })
      recordCli(audit, 'user.create', { user: name, role, unit: String(user.unitId), password: 1 }, { inTransaction: true })
    }).immediate()
    process.stdout.write(`account ${name} (${role}) created; it signs in with this password.\n`)
    // Decided: no TOTP secret is printed here. It would be shown on the operator's terminal (scrollback,
    // CI logs), not the person's phone; the person enrols at first sign-in instead, and until then the
    // session can do nothing but enrol.
    if (loadConfig(process.env).signIn.totpRoles.includes(role)) {
      process.stdout.write(`${role} accounts need a second factor: at the first sign-in ${name} enrols an authenticator app ` +
        '(POST /me/totp/setup, then POST /me/totp/confirm with its first code) before anything else.\n')
    }
    return 0
  } finally {
    db.close()
  }
}

async function setPassword (parsed: ParsedArgs): Promise<number> {
  const name = parsed.positionals[0]
  if (name === undefined) throw new UsageError('user password needs an account name')
  const hash = await hashPassword(await passwordFor(name))
  const temporary = parsed.flags.get('temporary') === true
  return withAccount(parsed, 'password', (db, userId) => {
    createUserCredentialRepository(db).setPassword(userId, hash, { mustChange: temporary })
    const ended = createSessionRepository(db).revokeForUser(userId, 'admin')
    return { action: 'user.password-set', message: `password of ${name} set${temporary ? ' (temporary)' : ''}; ${ended} session(s) ended`, target: { sessionsEnded: ended } }
  })
}

function totpReset (db: Database, userId: number, name: string) {
  createUserCredentialRepository(db).resetTotp(userId)
  const ended = createSessionRepository(db).revokeForUser(userId, 'totp-reset')
  return { action: 'user.totp-reset', message: `second factor of ${name} removed; ${ended} session(s) ended; it is enrolled again at the next sign-in`, target: { sessionsEnded: ended } }
}

function disable (db: Database, _userId: number, name: string) {
  createTokenRepository(db).disableUser(name)
  return { action: 'user.disable', message: `account ${name} disabled: its tokens and sessions stop at once`, target: {} }
}

type AccountChange = (db: Database, userId: number, name: string) => { action: string, message: string, target: Record<string, number> }

/** Runs one change on an existing account, with its audit entry (under the operator's login and host), in one transaction. */
function withAccount (parsed: ParsedArgs, sub: string, change: AccountChange): number {
  const name = parsed.positionals[0]
  if (name === undefined) throw new UsageError(`user ${sub} needs an account name`)
  const db = openDatabase(databaseFile(parsed))
  try {
    const done = db.transaction(() => {
      const user = createTokenRepository(db).findUser(name) ?? (() => { throw new HomewardError('NOT_FOUND', `no account "${name}"`) })()
      const out = change(db, user.id, name)
      recordCli(createAuditRepository(db), out.action, { user: name, ...out.target }, { inTransaction: true })
      return out
    }).immediate()
    process.stdout.write(done.message + '\n')
    return 0
  } finally {
    db.close()
  }
}
