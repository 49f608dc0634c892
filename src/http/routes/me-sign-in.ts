import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { fail } from '../../core/errors.ts'
import { checkPasswordPolicy, hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from '../../core/trust/password.ts'
import { generateTotpSecret, totpUri, verifyTotp } from '../../core/trust/totp.ts'
import { ROLES } from '../../core/trust/token.ts'
import type { SessionRepository } from '../../storage/session-repository.ts'
import type { UserCredentialRepository } from '../../storage/user-credential-repository.ts'
import { requirePrincipal, type Principal } from '../plugins/auth.ts'
import { refuseLocked, type BackOffTracker } from '../plugins/back-off.ts'
import type { SessionSettings } from '../plugins/session.ts'
import { ErrorSchema } from '../schemas/error.ts'

export interface MeSignInRouteOptions {
  sessions: SessionRepository
  credentials: UserCredentialRepository
  backOff: BackOffTracker
  settings: SessionSettings
  now: () => Date
}

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 429: ErrorSchema }
const ChangePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH * 4),
  newPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH * 4)
}).strict()
const ConfirmSchema = z.object({ code: z.string().trim().min(1).max(20) }).strict()
const SessionListSchema = z.object({
  sessions: z.array(z.object({
    id: z.string(),
    current: z.boolean(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    address: z.string(),
    userAgent: z.string()
  }))
})

/** A person's own settings: enrolment is for a person signed in, not for a machine's token. */
function personSession (principal: Principal): NonNullable<Principal['session']> {
  return principal.session ?? fail('CONFLICT', 'this request is authenticated by an API token: sign in with a password (POST /session) to do this')
}

/** The signed-in person's password, second factor and sessions. */
export const meSignInRoutes: FastifyPluginAsyncZod<MeSignInRouteOptions> = async (app, options) => {
  const tags = ['me']
  const { credentials, sessions } = options

  app.post('/me/password', {
    schema: { tags, body: ChangePasswordSchema, response: { 200: z.object({ changed: z.literal(true), sessionsEnded: z.number().int() }), ...errors } },
    config: { roles: [...ROLES], audit: 'me.password-change', pendingSignIn: true }
  }, async (request, reply) => {
    const me = requirePrincipal(request)
    const session = personSession(me)
    const stored = credentials.get(me.userId).passwordHash ?? fail('CONFLICT', 'this account has no password yet: an admin sets one (POST /users/:name/password)')
    checkPasswordPolicy(request.body.newPassword, me.userName)
    // A stolen session must not be a way to guess the password: wrong current passwords back off like sign-ins.
    const key = [`account:${me.userName}`]
    const wait = options.backOff.begin(key)
    if (wait > 0) refuseLocked(reply, wait, 'password checks')
    try {
      if (!await verifyPassword(request.body.currentPassword, stored)) {
        options.backOff.failed(key)
        fail('BAD_REQUEST', 'the current password is wrong', { field: 'currentPassword' })
      }
    } finally {
      options.backOff.end(key)
    }
    if (request.body.newPassword === request.body.currentPassword) fail('BAD_REQUEST', 'the new password is the current one', { field: 'newPassword' })
    const hash = await hashPassword(request.body.newPassword)
    const now = options.now()
    // One transaction: the new password and the end of the other sessions (whoever may hold the old one).
    const ended = app.db.transaction(() => {
      credentials.setPassword(me.userId, hash, { mustChange: false, now })
      const n = sessions.revokeForUser(me.userId, 'password-change', now, session.id)
      request.audit.inTransaction(200, { sessionsEnded: n })
      return n
    }).immediate()
    return { changed: true as const, sessionsEnded: ended }
  })

  app.post('/me/totp/setup', {
    schema: { tags, response: { 200: z.object({ secret: z.string(), uri: z.string().describe('otpauth:// URI for a QR code') }), ...errors } },
    config: { roles: [...ROLES], audit: 'me.totp-setup', pendingSignIn: true }
  }, async (request, reply) => {
    const me = requirePrincipal(request)
    personSession(me)
    const secret = generateTotpSecret()
    app.db.transaction(() => {
      if (!credentials.beginTotp(me.userId, secret)) fail('CONFLICT', 'a second factor is already enrolled: an admin resets it (POST /users/:name/totp/reset) when the device is lost')
      request.audit.inTransaction(200, {})
    }).immediate()
    // The secret leaves the server this once (and sits in the database): never in a cache.
    return await reply.header('cache-control', 'no-store').send({ secret, uri: totpUri(secret, me.userName) })
  })

  app.post('/me/totp/confirm', {
    schema: { tags, body: ConfirmSchema, response: { 200: z.object({ enrolled: z.literal(true) }), ...errors } },
    config: { roles: [...ROLES], audit: 'me.totp-confirm', pendingSignIn: true }
  }, async (request) => {
    const me = requirePrincipal(request)
    const session = personSession(me)
    const c = credentials.get(me.userId)
    if (c.totpConfirmedAt !== null) fail('CONFLICT', 'the second factor is already enrolled')
    if (c.totpSecret === null) fail('CONFLICT', 'no enrolment under way: start with POST /me/totp/setup')
    const step = verifyTotp(c.totpSecret, request.body.code, options.now().getTime(), null)
    if (step === undefined) fail('BAD_REQUEST', 'the code does not match: check the device\'s clock and type the code it shows now', { field: 'code' })
    app.db.transaction(() => {
      if (!credentials.confirmTotp(me.userId, step, options.now())) fail('CONFLICT', 'the enrolment changed meanwhile: start again with POST /me/totp/setup')
      sessions.markSecondFactor(session.id)
      request.audit.inTransaction(200, {})
    }).immediate()
    return { enrolled: true as const }
  })

  app.get('/me/sessions', {
    schema: { tags, response: { 200: SessionListSchema, ...errors } },
    config: { roles: [...ROLES], pendingSignIn: true }
  }, async (request) => {
    const me = requirePrincipal(request)
    const list = sessions.listForUser(me.userId, options.now(), options.settings.idleMinutes * 60_000)
    return {
      sessions: list.map((s) => ({ id: s.id, current: s.id === me.session?.id, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt, address: s.address, userAgent: s.userAgent }))
    }
  })
}
