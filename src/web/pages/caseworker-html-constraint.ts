import type { FastifyInstance } from 'fastify'

/**
 * GET /cases/:id and /persons/:id are the API's (JSON, for tokens) and the caseworker's pages' (HTML,
 * for browsers) at once: one address per record, as a caseworker would paste it. The router picks the
 * page when the request accepts text/html (a browser's navigation does; fetch() and curl send * / * or
 * application/json), and the API otherwise, so no API client sees a change. Both declare the same roles
 * and audit through the trust layer.
 */
export const HTML_PAGE = { page: 'html' } as const

export function installHtmlConstraint (app: FastifyInstance): void {
  if (app.hasConstraintStrategy('page')) return
  app.addConstraintStrategy({
    name: 'page',
    storage () {
      const handlers = new Map()
      return { get: (value: unknown) => handlers.get(value) ?? null, set: (value: unknown, store: unknown) => { handlers.set(value, store) } }
    },
    deriveConstraint: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const accept = req.headers.accept
      return typeof accept === 'string' && accept.includes('text/html') ? 'html' : undefined
    },
    // requests that do not ask for HTML keep reaching the routes without this constraint (the API)
    mustMatchWhenDerived: false
  })
}
