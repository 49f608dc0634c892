// Genotypes in the workspace: a caseworker reads them on the case, person and pair pages; no other role sees
// one on any page (every GET page route of the app, with real ids in its parameters), and no page request
// puts a genotype, a found place or a sample id in the log.
import { Writable } from 'node:stream'
import t from 'tap'
import { ROLES } from '../../src/core/trust/token.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { caseBody, personBody, plantFamilies } from '../helpers/planted-families.ts'

const PLACE = 'Kunming night market, stall 12'

t.test('only caseworkers see genotypes on pages, and page requests log none', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, done) { lines.push(String(chunk)); done() } })
  const { app, authHeaders } = await buildTestApp(t, { logger: { level: 'trace', stream } })
  const [f] = plantFamilies(20261201)
  t.equal((await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: caseBody(f) })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: '/persons', headers: authHeaders('lab'), payload: { ...personBody(f.personId, f.mpSex, f.child), foundPlace: PLACE } })).statusCode, 201)
  lines.length = 0

  // The genotypes as pages write them ("15/17"), heterozygous ones only (a homozygote "9/9" could be anything).
  const written = [...Object.values(f.references), f.child].flatMap((p) => Object.values(p)).filter(([a, b]) => a !== b).map(([a, b]) => `${a}/${b}`)
  const shown = (body: string): string[] => written.filter((g) => body.includes(`>${g}<`) || body.includes(` ${g} `) || body.includes(`>${g} `))

  const concrete = (url: string): string => url.replace(':caseId', f.caseId).replace(':personId', f.personId).replace(':id', url.startsWith('/persons') ? f.personId : f.caseId).replace(/:[A-Za-z_]+/g, 'x')
  const pages = [...app.pageRoutes].filter((k) => k.startsWith('GET ') && !k.includes('/assets/')).map((k) => k.slice(4).replace(' (html)', ''))
  t.ok(pages.length >= 15, `${pages.length} GET page routes`)
  const get = async (url: string, role: typeof ROLES[number]) => await app.inject({ method: 'GET', url: `${concrete(url)}${url.includes('?') ? '&' : '?'}lang=en`, headers: { ...authHeaders(role), accept: 'text/html' } })

  for (const url of ['/cases/:id', '/persons/:id', '/cases/:caseId/persons/:personId']) {
    const res = await get(url, 'caseworker')
    t.equal(res.statusCode, 200, `control: a caseworker opens ${url}`)
    t.ok(shown(res.body).length > 5, `control: ${url} shows the caseworker the genotypes`)
  }
  for (const role of ROLES.filter((r) => r !== 'caseworker')) {
    for (const url of pages) {
      const res = await get(url, role)
      t.ok(res.statusCode < 500, `${role} ${url}: ${res.statusCode}`)
      t.same(shown(res.body), [], `${role} sees no genotype on ${url} (${res.statusCode})`)
      t.notOk(res.body.includes(PLACE), `${role} sees no found place on ${url}`)
    }
  }
  const log = lines.join('')
  t.ok(lines.length > 20, `control: the page requests were logged (${lines.length} lines)`)
  t.notOk(log.includes(PLACE), 'no found place in the log')
  t.notOk(log.includes(f.personId), 'no sample id in the log')
  for (const g of written) t.notOk(log.includes(g), `no genotype ${g} in the log`)
  for (const [a, b] of Object.values(f.child)) t.notOk(log.includes(`["${a}","${b}"]`), 'no genotype as JSON in the log')
})
