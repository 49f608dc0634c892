import type { FastifyInstance, FastifyRequest } from 'fastify'
import { fail } from '../../core/errors.ts'
import { bearerToken, type Role } from '../../core/trust/token.ts'
import type { TokenRepository } from '../../storage/token-repository.ts'

/** Who is calling: set on every authenticated request. */
export interface Principal {
  userId: number
  userName: string
  role: Role
  tokenId: string
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; undefined on open routes (health, docs). */
    principal?: Principal
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
  return request.principal ?? fail('UNAUTHORIZED', 'an API token is required')
}

/**
 * Authentication and role checks, in onRequest: before the body is read or parsed, so a caller
 * without a valid token cannot make the server parse a large or hostile body.
 * No/unknown/revoked/expired token → 401; a role the route does not list → 403.
 */
export function installAuth (app: FastifyInstance, options: { tokens: TokenRepository, now?: () => Date }): void {
  const now = options.now ?? (() => new Date())
  app.decorateRequest('principal', undefined)
  app.addHook('onRequest', async (request, reply) => {
    const { url, config, method } = request.routeOptions
    if (isOpenRoute(url, config.roles)) return
    const secret = bearerToken(request.headers.authorization)
    if (secret === undefined) {
      reply.header('www-authenticate', 'Bearer')
      fail('UNAUTHORIZED', 'an API token is required: send "Authorization: Bearer <token>"')
    }
    const check = options.tokens.authenticate(secret, now())
    if (check.status !== 'ok') {
      reply.header('www-authenticate', 'Bearer error="invalid_token"')
      fail('UNAUTHORIZED', check.status === 'unknown' ? 'the API token is not valid' : `the API token is ${check.status}`)
    }
    const { token } = check
    request.principal = { userId: token.userId, userName: token.userName, role: token.role, tokenId: token.id }
    if (request.is404) return // an authenticated caller gets the honest 404
    const roles = config.roles
    if (roles === undefined) fail('FORBIDDEN', `${String(method)} ${url ?? ''} declares no roles, so it is closed to everyone`)
    if (!roles.includes(token.role)) {
      fail('FORBIDDEN', `role ${token.role} may not ${String(method)} ${url ?? ''} (allowed: ${roles.join(', ')})`)
    }
  })
}
