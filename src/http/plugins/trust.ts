import type { FastifyInstance } from 'fastify'
import type { Database } from '../../storage/database.ts'
import { createAuditRepository } from '../../storage/audit-repository.ts'
import { createTokenRepository } from '../../storage/token-repository.ts'
import { auditRoutes } from '../routes/audit.ts'
import { expungeRoutes } from '../routes/expunge.ts'
import { meRoutes } from '../routes/me.ts'
import { tokenRoutes } from '../routes/tokens.ts'
import { installAudit } from './audit.ts'
import { installAuth } from './auth.ts'
import { DEFAULT_LIMITS, installLimits, type LimitsOptions } from './limits.ts'

/** A route as the trust layer sees it: what it requires and what it records. */
export interface RouteEntry {
  method: string
  url: string
  roles: readonly string[] | undefined
  audit: string | undefined
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
}

/**
 * Everything that decides who may do what and records it: auth (401/403), the audit trail, body
 * and rate limits, and the trust routes (tokens, audit, expungement). Call it in buildApp before any
 * other route is registered: hooks and the route-level limits apply to routes registered after it.
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
      catalog.push({ method, url: route.url, roles: route.config?.roles, audit: route.config?.audit })
    }
  })
  if (options.auth !== false) installAuth(app, { tokens: createTokenRepository(db) })
  installAudit(app, { audit: createAuditRepository(db) })
  await installLimits(app, { ...DEFAULT_LIMITS, ...options.limits })
  await app.register(tokenRoutes)
  await app.register(auditRoutes)
  await app.register(expungeRoutes)
  await app.register(meRoutes)
}
