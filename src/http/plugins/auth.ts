import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { fail } from '../../core/errors.ts'
import { bearerToken, type Role } from '../../core/trust/token.ts'
import type { TokenRepository } from '../../storage/token-repository.ts'
import { refuseLocked, type BackOffTracker } from './back-off.ts'
import { clearSessionCookie, sessionCookie, type SessionAuthenticator, type SessionPrincipal, type SessionSettings } from './session.ts'

/** Who is calling: set on every authenticated request, the same for an API token and a person's session. */
export interface Principal {
  userId: number
  userName: string
  role: Role
  /** The account's unit (issue 16): what it may see is decided by src/storage/unit-scope.ts. */
  unitId: number
  /** The API token used ('tok_…'), when the caller sent one. */
  tokenId?: string
  /** The session used, when the caller sent the session cookie (a person signed in with a password). */
  session?: SessionPrincipal
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; undefined on open routes (health, docs). */
    principal?: Principal
  }
  interface FastifyContextConfig {
    /**
     * Open to a session whose sign-in is not complete (a second factor to enrol, a temporary password
     * to change): only the routes that let it complete, read its state or sign out say so.
     */
    pendingSignIn?: boolean
  }
}

/**
 * Open routes: those that declare `roles: []` on purpose (health) and the API docs. Everything else,
 * including a route that forgot its `roles`, needs a token: closed by default.
 */
export function isOpenRoute (url: string | undefined, roles: readonly string[] | undefined): boolean {
  if (Array.isArray(roles) && roles.length === 0) return true
  return url !== undefined && (url === '/docs' || url.startsWith('/docs/'))
}

/** The principal of an authenticated request; throws 401 for a handler that needs one and has none. */
export function requirePrincipal (request: FastifyRequest): Principal {
  return request.principal ?? fail('UNAUTHORIZED', 'an API token or a session is required')
}

export interface AuthOptions {
  tokens: TokenRepository
  now?: () => Date
  /** People's sessions (cookie `homeward_session`); without it only API tokens are accepted. */
  sessions?: { authenticate: SessionAuthenticator, settings: SessionSettings }
  /** Bad tokens are counted per client address and locked out like failed sign-ins (issue 16). */
  backOff?: BackOffTracker
}

/**
 * Authentication and role checks, in onRequest: before the body is read or parsed, so a caller
 * without a valid credential cannot make the server parse a large or hostile body.
 * A credential is an API token (`Authorization: Bearer`, which wins when both are sent) or a session
 * cookie; both give the same Principal and meet the same role rule, the route's `config.roles`.
 * No/unknown/revoked/expired credential → 401; a role the route does not list → 403; a session that
 * has a step of its sign-in left → 403 SIGN_IN_INCOMPLETE, except on the routes that complete it.
 */
export function installAuth (app: FastifyInstance, options: AuthOptions): void {
  const now = options.now ?? (() => new Date())
  app.decorateRequest('principal', undefined)

  function byToken (request: FastifyRequest, reply: FastifyReply): Principal {
    const key = `token-address:${request.ip}`
    const wait = options.backOff?.wait([key]) ?? 0
    if (wait > 0) refuseLocked(reply, wait, 'API tokens')
    const secret = bearerToken(request.headers.authorization)
    const check = secret === undefined ? undefined : options.tokens.authenticate(secret, now())
    if (check?.status !== 'ok') {
      // Only guesses count: an unknown or malformed token. A revoked or expired one was real once,
      // and a script still holding it should get its 401 and its reason, not a lock-out of its office.
      if (check === undefined || check.status === 'unknown') options.backOff?.failed([key])
      reply.header('www-authenticate', check === undefined ? 'Bearer' : 'Bearer error="invalid_token"')
      if (check === undefined) fail('UNAUTHORIZED', 'an API token is required: send "Authorization: Bearer <token>"')
      fail('UNAUTHORIZED', check.status === 'unknown' ? 'the API token is not valid' : `the API token is ${check.status}`)
    }
    const { token } = check
    return { userId: token.userId, userName: token.userName, role: token.role, unitId: token.unitId, tokenId: token.id }
  }

  function bySession (request: FastifyRequest, reply: FastifyReply, secret: string, sessions: NonNullable<AuthOptions['sessions']>): Principal {
    const check = sessions.authenticate(secret)
    if (check.status !== 'ok') {
      // The browser drops the dead cookie; no back-off here, a 256-bit secret is not guessed and an
      // expired cookie in a browser with many tabs is not an attack.
      clearSessionCookie(reply, sessions.settings)
      const why = { unknown: 'is not valid', revoked: 'has ended (signed out or revoked)', expired: 'has expired', idle: 'has expired after inactivity', disabled: 'belongs to a disabled account' }
      fail('UNAUTHORIZED', `the session ${why[check.status]}: sign in again`, { reason: check.status })
    }
    const { session, principal } = check
    return { userId: session.userId, userName: session.userName, role: session.role, unitId: session.unitId, session: principal }
  }

  app.addHook('onRequest', async (request, reply) => {
    const { url, config, method } = request.routeOptions
    if (isOpenRoute(url, config.roles)) return
    const cookie = options.sessions === undefined ? undefined : sessionCookie(request.headers.cookie)
    if (request.headers.authorization === undefined && cookie === undefined) {
      reply.header('www-authenticate', 'Bearer')
      fail('UNAUTHORIZED', options.sessions === undefined
        ? 'an API token is required: send "Authorization: Bearer <token>"'
        : 'sign in (POST /session) or send an API token: "Authorization: Bearer <token>"')
    }
    const principal = request.headers.authorization !== undefined || cookie === undefined || options.sessions === undefined
      ? byToken(request, reply)
      : bySession(request, reply, cookie, options.sessions)
    request.principal = principal
    if (request.is404) return // an authenticated caller gets the honest 404
    const roles = config.roles
    if (roles === undefined) fail('FORBIDDEN', `${String(method)} ${url ?? ''} declares no roles, so it is closed to everyone`)
    if (!roles.includes(principal.role)) {
      fail('FORBIDDEN', `role ${principal.role} may not ${String(method)} ${url ?? ''} (allowed: ${roles.join(', ')})`)
    }
    const pending = principal.session?.pending ?? []
    if (pending.length > 0 && config.pendingSignIn !== true) {
      const todo = pending.map((p) => p === 'totp-enrolment' ? 'enrol a second factor (POST /me/totp/setup, then POST /me/totp/confirm)' : 'choose your own password (POST /me/password)')
      fail('SIGN_IN_INCOMPLETE', `finish signing in first: ${todo.join('; ')}`, { pending: pending.join(',') })
    }
  })
}
