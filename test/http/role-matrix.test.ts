import t from 'tap'
import { ROLES, type Role } from '../../src/core/trust/token.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { pageRouteKey } from '../../src/web/pages-plugin.ts'

/**
 * Every route of the real app against every role, plus no token, a revoked token and an expired
 * one. Routes come from the app's own catalogue (every route registered after the trust layer), so
 * a new route is in the matrix the day it is added, and one that forgets `config.roles` fails here.
 */

// Reading these must be on the audit trail (issue 6: every read of a profile, candidate list or report).
const MUST_AUDIT_READ = /candidates|report|profile|^\/persons\/:id$|^\/cases\/:id$|^\/audit/

const concrete = (url: string): string => url.replace(/:[A-Za-z_]+/g, 'matrix-x').replace(/\*/g, 'matrix-x')

t.test('role matrix over every route', async (t) => {
  const { app, db, authHeaders } = await buildTestApp(t, { trust: { limits: { ratePerToken: 100_000 } } })
  const tokens = createTokenRepository(db)
  tokens.createUser({ name: 'matrix-revoked', role: 'admin' })
  const revoked = tokens.issueToken({ userName: 'matrix-revoked', createdBy: 'test' })
  tokens.revokeToken(revoked.token.id)
  tokens.createUser({ name: 'matrix-expired', role: 'admin' })
  const expired = tokens.issueToken({ userName: 'matrix-expired', ttlDays: 1e-8, createdBy: 'test' })
  await new Promise((resolve) => setTimeout(resolve, 10))

  const routes = app.routeCatalog.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
  t.ok(routes.length >= 10, `${routes.length} routes in the catalogue`)
  t.ok(app.pageRoutes.size >= 5, `${app.pageRoutes.size} of them are workspace pages, in the same matrix`)
  for (const expected of ['POST /tokens', 'DELETE /tokens/:id', 'GET /audit', 'DELETE /cases/:id', 'DELETE /persons/:id', 'GET /health']) {
    t.ok(routes.some((r) => `${r.method} ${r.url}` === expected), `catalogue has ${expected}`)
  }

  const rows: string[] = []
  for (const route of routes) {
    const name = `${route.method} ${route.url}`
    t.ok(Array.isArray(route.roles), `${name} declares config.roles`)
    if (!Array.isArray(route.roles)) continue
    for (const role of route.roles) t.ok((ROLES as readonly string[]).includes(role), `${name}: "${role}" is a role`)
    const open = route.roles.length === 0
    // A workspace page sends a caller without a credential to the sign-in page instead of answering 401.
    const page = app.pageRoutes.has(pageRouteKey(route.method, route.url, route.constraints))
    // A page that shares its URL with an API route is what a browser (Accept: text/html) gets there.
    const accept = route.constraints?.page === 'html' ? { accept: 'text/html' } : {}
    if (!open && route.method !== 'GET') t.type(route.audit, 'string', `${name} changes something, so it is audited`)
    if (!open && route.method === 'GET' && MUST_AUDIT_READ.test(route.url)) t.type(route.audit, 'string', `${name} reads protected data, so it is audited`)

    const send = async (headers: Record<string, string>) => {
      const withBody = ['POST', 'PUT', 'PATCH'].includes(route.method)
      return await app.inject({
        method: route.method as 'GET',
        url: concrete(route.url),
        headers: withBody ? { ...headers, ...accept, 'content-type': 'application/json' } : { ...headers, ...accept },
        ...(withBody ? { payload: '{}' } : {})
      })
    }
    const cells: string[] = []
    const callers: Array<[string, Record<string, string>, Role | undefined]> = [
      ['none', {}, undefined],
      ['revoked', { authorization: `Bearer ${revoked.secret}` }, undefined],
      ['expired', { authorization: `Bearer ${expired.secret}` }, undefined],
      ...ROLES.map((role): [string, Record<string, string>, Role] => [role, authHeaders(role), role])
    ]
    for (const [label, headers, role] of callers) {
      const res = await send(headers)
      const status = res.statusCode
      cells.push(`${label}:${status}`)
      t.ok(status < 500, `${name} as ${label}: ${status} is not a server error`)
      if (open) {
        t.notOk(status === 401 || status === 403, `${name} is open: ${label} gets ${status}`)
      } else if (role === undefined && page) {
        t.equal(status, 303, `${name} (a page) with ${label} token: to the sign-in page`)
        t.match(String(res.headers.location), /^\/sign-in\?next=/, `${name} redirects to the sign-in page`)
      } else if (role === undefined) {
        t.equal(status, 401, `${name} with ${label} token`)
      } else if (route.roles.includes(role)) {
        t.notOk(status === 401 || status === 403, `${name} allows ${role}: got ${status}`)
      } else {
        t.equal(status, 403, `${name} refuses ${role}`)
      }
    }
    rows.push(`${name.padEnd(44)} [${route.roles.join(',') || 'open'}] ${cells.join(' ')}`)
  }
  t.comment('\n' + rows.join('\n'))
})
