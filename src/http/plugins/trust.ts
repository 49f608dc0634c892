import type { FastifyInstance } from 'fastify'
import type { Database } from '../../storage/database.ts'
import { createAuditRepository } from '../../storage/audit-repository.ts'
import { createSessionRepository } from '../../storage/session-repository.ts'
import { createTokenRepository } from '../../storage/token-repository.ts'
import { createUserCredentialRepository } from '../../storage/user-credential-repository.ts'
import { auditRoutes } from '../routes/audit.ts'
import { expungeRoutes } from '../routes/expunge.ts'
import { meRoutes } from '../routes/me.ts'
import { meSignInRoutes } from '../routes/me-sign-in.ts'
import { sessionRoutes } from '../routes/session.ts'
import { userSignInRoutes } from '../routes/user-sign-in.ts'
import { tokenRoutes } from '../routes/tokens.ts'
import { installAudit } from './audit.ts'
import { installAuth } from './auth.ts'
import { createBackOffTracker } from './back-off.ts'
import { installCsrf } from './csrf.ts'
import { installFormBody } from './form-body.ts'
import { DEFAULT_LIMITS, installLimits, type LimitsOptions } from './limits.ts'
import { createSessionAuthenticator } from './session.ts'
import { installUnitGuard } from './unit-guard.ts'
import { createSignIn } from '../sign-in.ts'

/** A route as the trust layer sees it: what it requires and what it records. */
export interface RouteEntry {
  method: string
  url: string
  roles: readonly string[] | undefined
  audit: string | undefined
  /** Route constraints (a workspace page shares its URL with an API route, told apart by `page: 'html'`). */
  constraints?: Record<string, unknown>
}

/** Called after an expungement committed, so in-memory state (a screening index, a cache) forgets the id too. */
export type ExpungeListener = (kind: 'case' | 'person', id: string) => void

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered after installTrust, with its roles and audit action (the role matrix test walks it). */
    routeCatalog: RouteEntry[]
    /** Push a listener here to hear of every expungement (e.g. `search.dropCase(id)`). */
    expungeListeners: ExpungeListener[]
  }
}

export interface TrustOptions {
  /** Token authentication and role checks (default on; off only for a test that says why). */
  auth?: boolean
  limits?: Partial<LimitsOptions>
  /** The clock of sessions, TOTP and the back-off (a test moves it instead of waiting). */
  now?: () => Date
}

/**
 * Everything that decides who may do what and records it: auth (401/403) by API token or by a
 * person's session, CSRF for sessions, the back-off after failed sign-ins and bad tokens, the audit
 * trail, body and rate limits, and the trust routes (tokens, sign-in, audit, expungement). Call it in
 * buildApp before any other route is registered: hooks and the route-level limits apply to routes
 * registered after it.
 */
export async function installTrust (app: FastifyInstance, db: Database, options: TrustOptions = {}): Promise<void> {
  // Deleted and moved-away bytes are zeroed, not left in free space: expunged profiles must be gone
  // from the file, and pages rebalanced before an expungement must not keep stale copies either.
  db.pragma('secure_delete = ON')
  const catalog: RouteEntry[] = []
  app.decorate('routeCatalog', catalog)
  app.decorate('expungeListeners', [] as ExpungeListener[])
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      catalog.push({ method, url: route.url, roles: route.config?.roles, audit: route.config?.audit, ...(route.constraints === undefined ? {} : { constraints: route.constraints as Record<string, unknown> }) })
    }
  })
  const now = options.now ?? (() => new Date())
  const tokens = createTokenRepository(db)
  const sessions = createSessionRepository(db)
  const credentials = createUserCredentialRepository(db)
  const audit = createAuditRepository(db)
  const backOff = createBackOffTracker({ now })
  const settings = app.config.signIn
  const authenticate = createSessionAuthenticator({ sessions, credentials, settings, now })
  installFormBody(app)
  if (options.auth !== false) {
    installAuth(app, { tokens, now, backOff, sessions: { authenticate, settings } })
    installCsrf(app)
  }
  installUnitGuard(app, db)
  installAudit(app, { audit })
  await installLimits(app, { ...DEFAULT_LIMITS, ...options.limits })
  await app.register(tokenRoutes)
  const signIn = createSignIn({ db, tokens, credentials, sessions, audit, backOff, settings, now })
  await app.register(sessionRoutes, { signIn, sessions, authenticate, settings, now })
  await app.register(meSignInRoutes, { sessions, credentials, backOff, settings, now })
  await app.register(userSignInRoutes, { sessions, credentials, now })
  await app.register(auditRoutes)
  await app.register(expungeRoutes)
  await app.register(meRoutes)
}
