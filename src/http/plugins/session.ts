import type { FastifyReply } from 'fastify'
import { csrfTokenFor } from '../../core/trust/session-token.ts'
import type { Role } from '../../core/trust/token.ts'
import type { SessionCheck, SessionRecord, SessionRepository } from '../../storage/session-repository.ts'
import { SESSION_LIFETIME_MS } from '../../storage/session-repository.ts'
import type { UserCredentialRepository } from '../../storage/user-credential-repository.ts'

/** The cookie that carries a person's session secret. */
export const SESSION_COOKIE = 'homeward_session'

/** What a session still has to do before it may use the service (it may sign out and read its state). */
export type PendingStep = 'totp-enrolment' | 'password-change'

/** The session part of a principal. Never the secret: only what the handlers need to answer. */
export interface SessionPrincipal {
  id: string
  csrfToken: string
  createdAt: string
  expiresAt: string
  pending: PendingStep[]
}

export interface SessionSettings {
  idleMinutes: number
  cookieSecure: boolean
  /** Roles that must give a second factor (admin always). */
  totpRoles: readonly Role[]
}

/**
 * The session secret of a Cookie header, or undefined. Only the first `homeward_session` counts:
 * a second one can only come from a sibling host setting a cookie (cookie tossing), never from us.
 * Example: sessionCookie('a=1; homeward_session=hws_x') → 'hws_x'.
 */
export function sessionCookie (header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim()
  }
  return undefined
}

/**
 * The cookie's attributes: HttpOnly (no script reads it, so an injected script cannot steal it),
 * SameSite=Strict (a browser never sends it on a request another site started), Path=/, Secure when
 * configured (HTTPS only; off by default only when the service listens on a loopback address).
 */
function cookieAttributes (secure: boolean, maxAgeSeconds: number): string {
  return `Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`
}

export function setSessionCookie (reply: FastifyReply, secret: string, settings: SessionSettings): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=${secret}; ${cookieAttributes(settings.cookieSecure, SESSION_LIFETIME_MS / 1000)}`)
}

export function clearSessionCookie (reply: FastifyReply, settings: SessionSettings): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; ${cookieAttributes(settings.cookieSecure, 0)}`)
}

/**
 * What a signed-in person must still do. Computed on every request from the account as it is now, so a
 * TOTP reset or a policy that starts requiring TOTP for a role applies to live sessions at once.
 */
export function pendingSteps (session: Pick<SessionRecord, 'role' | 'secondFactor'>, credentials: { passwordMustChange: boolean }, totpRoles: readonly Role[]): PendingStep[] {
  const pending: PendingStep[] = []
  if (totpRoles.includes(session.role) && !session.secondFactor) pending.push('totp-enrolment')
  if (credentials.passwordMustChange) pending.push('password-change')
  return pending
}

/** The principal of a session cookie, or why there is none. */
export type SessionAuthentication =
  | { status: 'ok', session: SessionRecord, principal: SessionPrincipal }
  | { status: Exclude<SessionCheck['status'], 'ok'> }

/** Authenticates session secrets for the auth plugin, with the settings and the clock of the app. */
export function createSessionAuthenticator (options: { sessions: SessionRepository, credentials: UserCredentialRepository, settings: SessionSettings, now: () => Date }) {
  const idleMs = options.settings.idleMinutes * 60_000
  return function authenticate (secret: string): SessionAuthentication {
    const check = options.sessions.authenticate(secret, options.now(), idleMs)
    if (check.status !== 'ok') return check
    const { session } = check
    const pending = pendingSteps(session, options.credentials.get(session.userId), options.settings.totpRoles)
    return { status: 'ok', session, principal: { id: session.id, csrfToken: csrfTokenFor(secret), createdAt: session.createdAt, expiresAt: session.expiresAt, pending } }
  }
}

export type SessionAuthenticator = ReturnType<typeof createSessionAuthenticator>
