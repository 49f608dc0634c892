import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { fail } from '../../core/errors.ts'

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/** Where a plain HTML form puts the token (a hidden input), and the header scripts send it in. */
export const CSRF_FIELD = '_csrf'
export const CSRF_HEADER = 'x-csrf-token'

declare module 'fastify' {
  interface FastifyRequest {
    /** A session's state change whose token is to be read from the parsed form (preValidation). */
    csrfFromForm?: boolean
  }
}

/**
 * True when the request was started by another site, as the browser tells it: `Sec-Fetch-Site:
 * cross-site`, or an `Origin` that is not this host (`null` included: sandboxed frames, file: pages).
 * Machine clients send neither header and pass. The Host header is compared as the browser sent it,
 * so a reverse proxy must keep it (nginx: `proxy_set_header Host $host`).
 */
export function isCrossSite (headers: FastifyRequest['headers']): boolean {
  if (headers['sec-fetch-site'] === 'cross-site') return true
  const origin = headers.origin
  if (origin === undefined) return false
  const host = headers.host
  if (host === undefined) return true
  try {
    const from = new URL(origin)
    // Parsed with the origin's scheme, so that "localhost:80" and "http://localhost" agree.
    return from.origin === 'null' || new URL(`${from.protocol}//${host}`).host !== from.host
  } catch {
    return true
  }
}

function matches (expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(presented)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * CSRF protection for people's sessions. A browser sends the session cookie by itself (an ambient
 * credential), so every state change made with it must prove it came from our own pages:
 * 1. not cross-site (Sec-Fetch-Site, Origin), checked before the body is read, for every state change
 *    without a Bearer token (sign-in included: no signing a victim into an attacker's account);
 * 2. with the session's CSRF token: header `x-csrf-token`, or field `_csrf` of an urlencoded form, or
 *    for a multipart form (whose parts are streamed to the handler, unread here) `?_csrf=` in its
 *    action URL (query strings are never logged).
 * Bearer requests are exempt: a browser never attaches a token by itself. Refusals: 403 CSRF_REFUSED.
 * Install after auth (it reads request.principal).
 */
export function installCsrf (app: FastifyInstance): void {
  app.decorateRequest('csrfFromForm', false)
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method) || request.headers.authorization !== undefined) return
    if (isCrossSite(request.headers)) fail('CSRF_REFUSED', 'refused: this request comes from another site (Origin / Sec-Fetch-Site)')
    const session = request.principal?.session
    if (session === undefined) return
    const header = request.headers[CSRF_HEADER]
    if (header !== undefined) {
      if (!matches(session.csrfToken, header)) fail('CSRF_REFUSED', `refused: the ${CSRF_HEADER} header is not this session's CSRF token`)
      return
    }
    request.csrfFromForm = true
  })
  app.addHook('preValidation', async (request) => {
    const body = request.body as Record<string, unknown> | null | undefined
    const multipart = /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')
    const query = request.query as Record<string, unknown> | undefined
    const presented = multipart ? query?.[CSRF_FIELD] : isForm(request) ? body?.[CSRF_FIELD] : undefined
    // Not a field of any route's schema: taken out before validation (strict schemas would refuse it).
    if (isForm(request) && body !== null && typeof body === 'object') delete body[CSRF_FIELD]
    if (multipart && query !== undefined) delete query[CSRF_FIELD]
    if (request.csrfFromForm !== true) return
    const session = request.principal?.session
    if (session === undefined) return
    if (presented === undefined) {
      fail('CSRF_REFUSED', `refused: a change made with a session needs its CSRF token (header ${CSRF_HEADER}, or form field ${CSRF_FIELD})`)
    }
    if (!matches(session.csrfToken, presented)) fail('CSRF_REFUSED', 'refused: the form\'s CSRF token is not this session\'s')
  })
}

function isForm (request: FastifyRequest): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')
}
