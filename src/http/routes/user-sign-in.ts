import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { fail } from '../../core/errors.ts'
import { checkPasswordPolicy, hashPassword, MAX_PASSWORD_LENGTH } from '../../core/trust/password.ts'
import type { SessionRepository } from '../../storage/session-repository.ts'
import { createTokenRepository, type UserRecord } from '../../storage/token-repository.ts'
import type { UserCredentialRepository } from '../../storage/user-credential-repository.ts'
import { ErrorSchema } from '../schemas/error.ts'

export interface UserSignInRouteOptions {
  sessions: SessionRepository
  credentials: UserCredentialRepository
  now: () => Date
}

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 429: ErrorSchema }
const params = z.object({ name: z.string().min(1).max(100) })
const Ended = z.object({ user: z.string(), sessionsEnded: z.number().int() })

/**
 * An admin's part in people's sign-in: a temporary password (the person chooses their own at the next
 * sign-in), a reset of a lost second factor, and ending every session of an account. Each ends the
 * account's sessions, since each answers a suspicion that someone else holds one.
 */
export const userSignInRoutes: FastifyPluginAsyncZod<UserSignInRouteOptions> = async (app, options) => {
  const tags = ['tokens']
  const tokens = createTokenRepository(app.db)
  const { credentials, sessions } = options
  const account = (name: string): UserRecord => tokens.findUser(name) ?? fail('NOT_FOUND', `no account "${name}"`, { field: 'name' })

  app.post('/users/:name/password', {
    schema: { tags, params, body: z.object({ password: z.string().min(1).max(MAX_PASSWORD_LENGTH * 4) }).strict(), response: { 200: Ended, ...errors } },
    config: { roles: ['admin'], audit: 'user.password-set' }
  }, async (request) => {
    const user = account(request.params.name)
    checkPasswordPolicy(request.body.password, user.name)
    const hash = await hashPassword(request.body.password)
    const now = options.now()
    const ended = app.db.transaction(() => {
      credentials.setPassword(user.id, hash, { mustChange: true, now })
      const n = sessions.revokeForUser(user.id, 'admin', now)
      request.audit.inTransaction(200, { sessionsEnded: n })
      return n
    }).immediate()
    return { user: user.name, sessionsEnded: ended }
  })

  app.post('/users/:name/totp/reset', {
    schema: { tags, params, response: { 200: Ended, ...errors } },
    config: { roles: ['admin'], audit: 'user.totp-reset' }
  }, async (request) => {
    const user = account(request.params.name)
    const now = options.now()
    const ended = app.db.transaction(() => {
      credentials.resetTotp(user.id)
      const n = sessions.revokeForUser(user.id, 'totp-reset', now)
      request.audit.inTransaction(200, { sessionsEnded: n })
      return n
    }).immediate()
    return { user: user.name, sessionsEnded: ended }
  })

  app.post('/users/:name/sessions/revoke', {
    schema: { tags, params, response: { 200: Ended, ...errors } },
    config: { roles: ['admin'], audit: 'user.sessions-revoke' }
  }, async (request) => {
    const user = account(request.params.name)
    const ended = app.db.transaction(() => {
      const n = sessions.revokeForUser(user.id, 'admin', options.now())
      request.audit.inTransaction(200, { sessionsEnded: n })
      return n
    }).immediate()
    return { user: user.name, sessionsEnded: ended }
  })
}
