import { Writable } from 'node:stream'
import Fastify from 'fastify'
import t from 'tap'
import { HomewardError } from '../../../src/core/errors.ts'
import { installErrorHandling } from '../../../src/http/plugins/error-handler.ts'
import { buildTestApp } from '../../helpers/build-test-app.ts'

/** Codes and messages of the server's internals: none may reach a client. */
const INTERNALS = /SQLITE|ERR_|FST_|readonly database|Invalid character|disk I\/O/

function sqliteError (code: string, message: string): Error {
  return Object.assign(new Error(message), { code })
}

function logSink (): { lines: string[], stream: Writable } {
  const lines: string[] = []
  return { lines, stream: new Writable({ write (chunk, _enc, done) { lines.push(String(chunk)); done() } }) }
}

t.test('unexpected errors answer 500 with a generic message and the request id; the log keeps the detail', async (t) => {
  const log = logSink()
  const app = Fastify({ logger: { level: 'error', stream: log.stream } })
  installErrorHandling(app)
  let auditFails = false
  app.addHook('onSend', async (_request, _reply, payload) => {
    // like the audit record of a refused request that cannot be written
    if (auditFails) { auditFails = false; throw sqliteError('SQLITE_IOERR_WRITE', 'disk I/O error') }
    return payload
  })
  app.get('/sqlite', async () => { throw sqliteError('SQLITE_IOERR_WRITE', 'disk I/O error') })
  // a header Node refuses to write: Fastify's fallback used to answer {"code":"ERR_INVALID_CHAR"}
  app.get('/header', async (_request, reply) => await reply.header('content-disposition', 'inline; filename="粤A-0042.pdf"').send('pdf'))
  app.get('/refused-then-audit-fails', async () => { auditFails = true; throw new HomewardError('NOT_FOUND', 'no person X') })
  app.get('/catalogued', async () => { throw new HomewardError('INVALID_ALLELE', 'sample S1 locus TH01: allele "OL" is off-ladder', { sample: 'S1', locus: 'TH01' }) })
  await app.ready()
  t.teardown(async () => { await app.close() })

  for (const url of ['/sqlite', '/header', '/refused-then-audit-fails']) {
    const r = await app.inject({ url })
    t.equal(r.statusCode, 500, `${url}: 500`)
    const body = r.json()
    t.equal(body.code, 'INTERNAL', `${url}: the generic code`)
    t.notMatch(r.body, INTERNALS, `${url}: no internal code or message in ${r.body}`)
    t.match(body.message, new RegExp(`request id ${body.details.requestId}`), `${url}: names the request id`)
    t.match(body.details.requestId, /^req-/)
  }
  t.match(log.lines.join(''), /SQLITE_IOERR_WRITE/, 'the log keeps the code')
  t.match(log.lines.join(''), /Invalid character in header content/, 'and the message')

  const catalogued = await app.inject({ url: '/catalogued' })
  t.equal(catalogued.statusCode, 422)
  t.match(catalogued.json(), { code: 'INVALID_ALLELE', message: /allele "OL"/, details: { sample: 'S1', locus: 'TH01' } }, 'catalogued errors keep their code and message')
  const none = await app.inject({ url: '/no/such/route?sample=S1' })
  t.equal(none.statusCode, 404)
  t.same(none.json(), { statusCode: 404, code: 'NOT_FOUND', error: 'Not Found', message: 'no route GET /no/such/route' })
})

t.test('in the service: a failing database never shows SQLite codes, whatever the first answer was', async (t) => {
  const h = await buildTestApp(t)
  const cw = h.authHeaders('caseworker')
  h.db.pragma('query_only = ON') // every write (the audit record, a profile) now fails with SQLITE_READONLY
  const missing = await h.app.inject({ url: '/persons/U-NONE', headers: cw })
  t.equal(missing.statusCode, 500, 'a 404 whose audit record cannot be written is withheld as a 500')
  t.equal(missing.json().code, 'INTERNAL')
  t.notMatch(missing.body, INTERNALS, missing.body)
  const upload = await h.app.inject({ method: 'POST', url: '/persons', headers: h.authHeaders('lab'), payload: { id: 'U-RO', sex: 'male', profile: { TH01: ['6', '9.3'], FGA: ['20', '21'] } } })
  t.equal(upload.statusCode, 500)
  t.notMatch(upload.body, INTERNALS, upload.body)
  h.db.pragma('query_only = OFF')
})

t.test("Fastify's own refusals keep their status and message under a catalogue code", async (t) => {
  const h = await buildTestApp(t, { trust: { limits: { jsonBodyLimit: 1000 } } })
  const headers = { ...h.authHeaders('lab'), 'content-type': 'application/json' }
  const xml = await h.app.inject({ method: 'POST', url: '/persons', headers: { ...headers, 'content-type': 'application/xml' }, payload: '<person/>' })
  t.equal(xml.statusCode, 415)
  t.equal(xml.json().code, 'UNSUPPORTED_MEDIA_TYPE')
  t.match(xml.json().message, /unsupported media type/i)
  const big = await h.app.inject({ method: 'POST', url: '/persons', headers, payload: JSON.stringify({ id: 'U', sex: 'male', profile: {}, foundPlace: 'x'.repeat(2000) }) })
  t.equal(big.statusCode, 413)
  t.equal(big.json().code, 'PAYLOAD_TOO_LARGE')
  const empty = await h.app.inject({ method: 'POST', url: '/persons', headers, payload: '' })
  t.equal(empty.statusCode, 400)
  t.equal(empty.json().code, 'BAD_REQUEST')
  for (const r of [xml, big, empty]) t.notMatch(r.json().code, /FST_|ERR_/)
})
