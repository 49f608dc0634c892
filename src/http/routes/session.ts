import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { fail } from '../../core/errors.ts'
import { csrfTokenFor } from '../../core/trust/session-token.ts'
import { ROLES } from '../../core/trust/token.ts'
import type { SessionRepository } from '../../storage/session-repository.ts'
import { requirePrincipal, type Principal } from '../plugins/auth.ts'
import { refuseLocked } from '../plugins/back-off.ts'
import { clearSessionCookie, sessionCookie, setSessionCookie, type PendingStep, type SessionAuthenticator, type SessionSettings } from '../plugins/session.ts'
import { ErrorSchema } from '../schemas/error.ts'
import type { SignIn } from '../sign-in.ts'
import { safeNext } from '../../web/safe-next.ts'

export interface SessionRouteOptions {
  signIn: SignIn
  sessions: SessionRepository
  authenticate: SessionAuthenticator
  settings: SessionSettings
  now: () => Date
}

const SignInSchema = z.object({
  name: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1024),
  // A form's empty code field is "no code".
  code: z.string().trim().max(20).optional().transform((c) => c === '' ? undefined : c)
}).strict()

const SessionSchema = z.object({
  user: z.string(),
  role: z.enum(ROLES),
  sessionId: z.string().describe('public handle of the session (not its secret)'),
  csrfToken: z.string().describe('send it back in the x-csrf-token header (or the _csrf form field) of every state change'),
  createdAt: z.string(),
  expiresAt: z.string().describe('the absolute end; the session also ends after HOMEWARD_SESSION_IDLE_MINUTES without a request'),
  totpEnrolmentRequired: z.boolean().describe('the account must enrol a second factor before anything else (POST /me/totp/setup)'),
  passwordChangeRequired: z.boolean().describe('the password was set by an admin: choose your own (POST /me/password)')
})
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 429: ErrorSchema }

function describe (principal: Principal): z.infer<typeof SessionSchema> {
  const session = principal.session ?? fail('NOT_FOUND', 'no session: this request is authenticated by an API token')
  return {
    user: principal.userName,
    role: principal.role,
    sessionId: session.id,
    csrfToken: session.csrfToken,
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
    totpEnrolmentRequired: session.pending.includes('totp-enrolment'),
    passwordChangeRequired: session.pending.includes('password-change')
  }
}

/**
 * Sign-in for people: POST /session (JSON or an HTML form) opens a server-side session and sets the
 * `homeward_session` cookie; GET /session tells a page who is signed in and its CSRF token; DELETE
 * /session signs out. Machines keep using API tokens; both meet the same role rules.
 */
export const sessionRoutes: FastifyPluginAsyncZod<SessionRouteOptions> = async (app, options) => {
  const tags = ['session']

  app.post('/session', {
    schema: { tags, consumes: ['application/json', 'application/x-www-form-urlencoded'], body: SignInSchema, response: { 200: SessionSchema, ...errors } },
    // Open: it is how a person gets a credential. Audited by hand below (refusals have no principal).
    config: { roles: [], audit: 'session.create' }
  }, async (request, reply) => {
    const { name, password, code } = request.body
    const result = await options.signIn({ name, password, code, address: request.ip, userAgent: request.headers['user-agent'] ?? '' })
    // A browser posting the sign-in page's form without script is sent on to a page, never left on JSON.
    const browserForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') && (request.headers.accept ?? '').includes('text/html')
    if (browserForm && result.status !== 'ok') {
      const why = result.status === 'locked' ? `locked=${Math.ceil(result.waitMs / 1000)}` : 'refused=1'
      return await reply.header('cache-control', 'no-store').redirect(`/sign-in?${why}`, 303)
    }
    if (result.status === 'locked') refuseLocked(reply, result.waitMs, 'sign-ins')
    if (result.status === 'refused') {
      if (result.lockMs > 0) reply.header('retry-after', String(Math.ceil(result.lockMs / 1000)))
      fail('UNAUTHORIZED', 'sign-in refused: the account name, password or code is wrong (an account with a second factor needs its 6-digit code)')
    }
    // A browser that was signed in gets a new session, never the old one back (no session fixation).
    const previous = sessionCookie(request.headers.cookie)
    const old = previous === undefined ? undefined : options.authenticate(previous)
    if (old?.status === 'ok') options.sessions.revoke(old.session.id, 'sign-out', options.now())
    setSessionCookie(reply, result.secret, options.settings)
    const pending: PendingStep[] = result.pending
    request.principal = {
      userId: result.user.id,
      userName: result.user.name,
      role: result.user.role,
      unitId: result.user.unitId,
      session: { id: result.session.id, csrfToken: csrfTokenFor(result.secret), createdAt: result.session.createdAt, expiresAt: result.session.expiresAt, pending }
    }
    request.auditTarget = { sessionId: result.session.id, address: request.ip }
    if (browserForm) {
      const next = pending.length > 0 ? '/me/security' : safeNext((request.query as Record<string, unknown>).next) ?? '/'
      return await reply.header('cache-control', 'no-store').redirect(next, 303)
    }
    return await reply.header('cache-control', 'no-store').send(describe(request.principal))
  })

  app.get('/session', {
    schema: { tags, response: { 200: SessionSchema, ...errors } },
    config: { roles: [...ROLES], pendingSignIn: true }
  }, async (request, reply) => await reply.header('cache-control', 'no-store').send(describe(requirePrincipal(request))))

  app.delete('/session', {
    schema: { tags, response: { 200: z.object({ signedOut: z.literal(true) }), ...errors } },
    config: { roles: [...ROLES], audit: 'session.delete', pendingSignIn: true }
  }, async (request, reply) => {
    const session = requirePrincipal(request).session ?? fail('NOT_FOUND', 'no session: this request is authenticated by an API token (revoke tokens with DELETE /tokens/:id)')
    options.sessions.revoke(session.id, 'sign-out', options.now())
    request.auditTarget = { sessionId: session.id }
    clearSessionCookie(reply, options.settings)
    return { signedOut: true as const }
  })
}
