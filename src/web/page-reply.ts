import type { FastifyReply, FastifyRequest } from 'fastify'
import { createAlertRepository } from '../storage/alert-repository.ts'
import type { SafeHtml } from './html.ts'
import { layout, type PageContext } from './layout.ts'
import { LOCALES, negotiateLocale, type Locale } from './messages.ts'

/** The cookie that remembers a reader's explicit language choice (not a secret, so script may read it). */
export const LANGUAGE_COOKIE = 'homeward_lang'

/**
 * Headers of every page: no caching (pages carry case data), no framing, no sniffing, and a CSP that
 * allows only our own scripts, styles and images, so an injected string cannot run even if it escaped.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin'
}

function cookieValue (header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/** The page language of a request: ?lang=, then the language cookie, then Accept-Language. */
export function requestLocale (request: FastifyRequest): Locale {
  const q = (request.query as Record<string, unknown> | undefined)?.lang
  const explicit = typeof q === 'string' ? q : cookieValue(request.headers.cookie, LANGUAGE_COOKIE)
  return negotiateLocale(request.headers['accept-language'], explicit)
}

/** What the layout needs to know of this request (account, CSRF token, unread count, language). */
export function pageContext (request: FastifyRequest): PageContext {
  const locale = requestLocale(request)
  const p = request.principal
  const ctx: PageContext = { locale, path: request.url }
  if (p !== undefined) {
    ctx.account = { name: p.userName, role: p.role }
    const csrf = p.session?.csrfToken
    if (csrf !== undefined) ctx.csrfToken = csrf
    if (p.role === 'caseworker') ctx.unread = createAlertRepository(request.server.db).counts(p.userId).unread
  }
  return ctx
}

/** Sends a page: the shell around the content, the page headers, and the language cookie when ?lang= chose one. */
export function sendPage (request: FastifyRequest, reply: FastifyReply, title: string, content: SafeHtml, options: { status?: number, scripts?: readonly string[], ctx?: PageContext } = {}): FastifyReply {
  const ctx = options.ctx ?? pageContext(request)
  const q = (request.query as Record<string, unknown> | undefined)?.lang
  if (typeof q === 'string' && (LOCALES as readonly string[]).includes(q)) {
    reply.header('set-cookie', `${LANGUAGE_COOKIE}=${q}; Path=/; SameSite=Strict; Max-Age=31536000`)
  }
  return reply.status(options.status ?? 200).headers(PAGE_HEADERS).send(layout(ctx, title, content, options.scripts === undefined ? {} : { scripts: options.scripts }))
}
