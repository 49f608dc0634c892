import { createHmac, randomBytes as nodeRandomBytes } from 'node:crypto'
import { hashToken, type RandomBytes } from './token.ts'

/**
 * The secret of a person's session, carried in the `homeward_session` cookie: `hws_` + 256 random
 * bits. Like an API token it is stored only as its SHA-256 (a fast hash is right for a random secret,
 * see token.ts); the prefix lets log redaction recognise and mask one wherever it appears.
 */
export const SESSION_PREFIX = 'hws_'
export const SESSION_BYTES = 32

const SESSION_SHAPE = /^hws_[A-Za-z0-9_-]{43}$/

/** A new session secret. Example: generateSessionSecret(() => Buffer.alloc(32)) → 'hws_' + 43 × 'A'. */
export function generateSessionSecret (random: RandomBytes = nodeRandomBytes): string {
  return SESSION_PREFIX + random(SESSION_BYTES).toString('base64url')
}

/** True when `value` has the shape of a session secret (cheap check before any lookup). */
export function looksLikeSessionSecret (value: string): boolean {
  return SESSION_SHAPE.test(value)
}

/** The stored form: SHA-256, lowercase hex, the same function as API tokens. */
export function hashSessionSecret (secret: string): string {
  return hashToken(secret)
}

/**
 * The session's CSRF token: HMAC-SHA256 keyed by the session secret, base64url (43 characters).
 * Derived rather than stored: the server recomputes it from the cookie it is sent, so there is no
 * second secret to keep, it dies with the session, and knowing it reveals nothing of the cookie
 * (HMAC is one-way). A page embeds it; a cross-site attacker can neither read the page nor derive it.
 * Example: csrfTokenFor('hws_x') has 43 characters and differs from csrfTokenFor('hws_y').
 */
export function csrfTokenFor (sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('homeward csrf token v1').digest('base64url')
}
