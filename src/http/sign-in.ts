import { randomBytes } from 'node:crypto'
import { hashPassword, needsRehash, verifyPassword } from '../core/trust/password.ts'
import { verifyTotp } from '../core/trust/totp.ts'
import type { AuditRepository } from '../storage/audit-repository.ts'
import type { Database } from '../storage/database.ts'
import type { SessionRecord, SessionRepository } from '../storage/session-repository.ts'
import type { TokenRepository, UserRecord } from '../storage/token-repository.ts'
import type { UserCredentialRepository } from '../storage/user-credential-repository.ts'
import type { BackOffTracker } from './plugins/back-off.ts'
import { pendingSteps, type PendingStep, type SessionSettings } from './plugins/session.ts'

export interface SignInInput {
  name: string
  password: string
  code?: string
  address: string
  userAgent: string
}

export type SignInResult =
  | { status: 'locked', waitMs: number }
  | { status: 'refused', lockMs: number }
  | { status: 'ok', secret: string, session: SessionRecord, user: UserRecord, pending: PendingStep[] }

/** Why a sign-in was refused, for the audit trail only: the caller always hears the same thing. */
type RefusalReason = 'unknown-account' | 'no-password' | 'password' | 'code' | 'code-reused' | 'disabled'

export interface SignInDeps {
  db: Database
  tokens: TokenRepository
  credentials: UserCredentialRepository
  sessions: SessionRepository
  audit: AuditRepository
  backOff: BackOffTracker
  settings: SessionSettings
  now: () => Date
}

/**
 * Password sign-in, with the second factor and the back-off. What an attacker can learn is kept to
 * "refused": an unknown account, a disabled one, a wrong password and a wrong code give the same
 * answer in about the same time (an unknown account is checked against a dummy hash of the same
 * cost), and the back-off counts the name tried whether or not it exists.
 */
export function createSignIn (deps: SignInDeps) {
  // Made once, in the background, so the first unknown name does not take two hashes' time.
  const dummyHash = hashPassword(randomBytes(16).toString('hex'))

  function refuse (keys: string[], user: UserRecord | undefined, reason: RefusalReason, address: string): SignInResult {
    const lockMs = deps.backOff.failed(keys)
    // Recorded: every checked attempt (the back-off bounds them per account and address). The name tried
    // is kept only when it is an account: a mistyped name can be a password typed in the wrong field.
    deps.audit.append({
      actor: user?.name ?? '(unknown account)',
      role: user?.role ?? null,
      action: 'session.create',
      target: { reason, address, ...(lockMs > 0 ? { lockedSeconds: Math.ceil(lockMs / 1000) } : {}) },
      status: 401
    })
    return { status: 'refused', lockMs }
  }

  async function signIn (input: SignInInput): Promise<SignInResult> {
    const name = input.name.trim()
    const keys = [`account:${name}`, `address:${input.address}`]
    const waitMs = deps.backOff.begin(keys)
    if (waitMs > 0) return { status: 'locked', waitMs }
    try {
      return await check(input, name, keys)
    } finally {
      deps.backOff.end(keys)
    }
  }

  async function check (input: SignInInput, name: string, keys: string[]): Promise<SignInResult> {
    const user = deps.tokens.findUser(name)
    const credentials = user === undefined ? undefined : deps.credentials.get(user.id)
    const stored = credentials?.passwordHash ?? null
    const passwordOk = await verifyPassword(input.password, stored ?? await dummyHash)
    if (user === undefined) return refuse(keys, undefined, 'unknown-account', input.address)
    if (stored === null || credentials === undefined) return refuse(keys, user, 'no-password', input.address)
    if (!passwordOk) return refuse(keys, user, 'password', input.address)
    if (user.disabledAt !== null) return refuse(keys, user, 'disabled', input.address)

    // An enrolled factor is always asked for, whatever the role's policy; an unconfirmed one is not active yet.
    let secondFactor = false
    if (credentials.totpConfirmedAt !== null && credentials.totpSecret !== null) {
      const step = verifyTotp(credentials.totpSecret, input.code ?? '', deps.now().getTime(), credentials.totpLastStep)
      if (step === undefined) return refuse(keys, user, 'code', input.address)
      if (!deps.credentials.useTotpStep(user.id, step)) return refuse(keys, user, 'code-reused', input.address)
      secondFactor = true
    }

    deps.backOff.succeeded(keys[0]) // the account's count; the address keeps its own
    if (needsRehash(stored)) deps.credentials.upgradePasswordHash(user.id, await hashPassword(input.password))
    const { secret, session } = deps.sessions.create({ userId: user.id, secondFactor, address: input.address, userAgent: input.userAgent, now: deps.now() })
    return { status: 'ok', secret, session, user, pending: pendingSteps(session, credentials, deps.settings.totpRoles) }
  }

  return signIn
}

export type SignIn = ReturnType<typeof createSignIn>
