import { readFileSync } from 'node:fs'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { HomewardError } from '../core/errors.ts'
import { commonMessages } from './common-messages.ts'
import { html } from './html.ts'
import { requestLocale, sendPage } from './page-reply.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** "METHOD /url" of every workspace route: their errors are pages (no credential → 303 to /sign-in). */
    pageRoutes: ReadonlySet<string>
  }
}

/** The registry key of a page route: "GET /cases/:id (html)" when it shares its URL with an API route. */
export function pageRouteKey (method: string, url: string, constraints: Record<string, unknown> | undefined): string {
  return `${method} ${url}${constraints?.page === 'html' ? ' (html)' : ''}`
}

const ASSET_TYPES: Readonly<Record<string, string>> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' }

/** The workspace's static files: a fixed list read once at start, so no request can name another file. */
function loadAssets (names: readonly string[]): Map<string, { type: string, body: Buffer }> {
  const assets = new Map<string, { type: string, body: Buffer }>()
  for (const name of names) {
    const ext = name.slice(name.lastIndexOf('.') + 1)
    assets.set(name, { type: ASSET_TYPES[ext] ?? 'application/octet-stream', body: readFileSync(new URL(`./assets/${name}`, import.meta.url)) })
  }
  return assets
}

/** The status a page error answers, from the catalogue's code or Fastify's own status. */
function statusOf (err: FastifyError | HomewardError): number {
  if (err instanceof HomewardError) return err.statusCode
  if ((err as FastifyError).validation !== undefined) return 400
  return typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500
}

/**
 * Errors on pages are pages: no credential → the sign-in page (coming back here after), a role that may
 * not open the page → a 403 page, a missing record → a 404 page, anything else → the status and the
 * request id, never internal detail (the log keeps that).
 */
function pageErrorHandler (err: FastifyError | HomewardError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = statusOf(err)
  if (status === 401) {
    return reply.status(303).header('cache-control', 'no-store').redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303)
  }
  // A session with a step of its sign-in left (a second factor to enrol, a temporary password) finishes it first.
  if (err instanceof HomewardError && err.code === 'SIGN_IN_INCOMPLETE' && request.method === 'GET') {
    return reply.status(303).header('cache-control', 'no-store').redirect('/me/security', 303)
  }
  if (status >= 500) request.log.error({ err: { message: err.message, code: (err as FastifyError).code } }, 'page failed')
  const t = commonMessages(requestLocale(request))
  const title = status === 403 ? t('forbiddenTitle') : status === 404 ? t('notFoundTitle') : t('errorTitle')
  const text = status === 403 ? t('forbiddenText') : status === 404 ? t('notFoundText') : status < 500 ? err.message : ''
  return sendPage(request, reply, title, html`<div class="notice error" role="alert"><p>${text}</p><p class="muted">${t('requestId', { id: request.id })}</p></div><p><a href="/">${t('backHome')}</a></p>`, { status })
}

/**
 * The workspace: server-rendered pages under the same roles and audit as the API (each page route
 * declares `config.roles` and, where it reads case data, `config.audit`), with page-shaped errors,
 * and the static assets.
 */
export async function webPlugin (app: FastifyInstance, options: { assets: readonly string[], pages: ReadonlyArray<(app: FastifyInstance) => Promise<void>>, registry: Set<string> }): Promise<void> {
  app.setErrorHandler(pageErrorHandler)
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) options.registry.add(pageRouteKey(method, route.url, route.constraints as Record<string, unknown> | undefined))
  })
  const assets = loadAssets(options.assets)
  app.get('/assets/:name', { config: { roles: [] }, schema: { hide: true } }, async (request, reply) => {
    const asset = assets.get((request.params as { name: string }).name)
    if (asset === undefined) return reply.status(404).type('text/plain').send('not found')
    return reply.header('content-type', asset.type).header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').send(asset.body)
  })
  for (const register of options.pages) await register(app)
}
