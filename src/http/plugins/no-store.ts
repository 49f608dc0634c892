import type { FastifyInstance } from 'fastify'
import { isOpenRoute } from './auth.ts'

/**
 * Answers of authenticated routes carry genotypes, reports, personal data or secrets: no browser,
 * proxy or shared cache may keep a copy. Every answer of a route that is not open (health and the
 * docs are) gets `Cache-Control: no-store` and, for HTTP/1.0 caches, `Pragma: no-cache`; refusals
 * and 404s too. Set in onSend, after the handler, so that no route can weaken it by mistake.
 */
export function installNoStore (app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const { url, config } = request.routeOptions
    if (!isOpenRoute(url, config?.roles)) reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
    return payload
  })
}
