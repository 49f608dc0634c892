import { readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { scrubTokens } from '../../src/http/log-redaction.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { multipartBody } from '../helpers/fuzz-inputs.ts'

const ORACLE = fileURLToPath(new URL('../../fixtures/oracle-cases/duo_father_theta.json', import.meta.url))
const GENEMAPPER = fileURLToPath(new URL('../../fixtures/formats/genemapper/smartrank/GeneMapperExample.txt', import.meta.url))
const PLACE = 'Lanzhou bus depot, gate 3'
const SAMPLE = 'U-LOGTEST-4417'

t.test('real requests with genotypes, personal data and tokens leave none of them in the log', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, done) { lines.push(String(chunk)); done() } })
  const h = await buildTestApp(t, { logger: { level: 'trace', stream } })
  const oracle = JSON.parse(readFileSync(ORACLE, 'utf8')) as { genotypes: Record<string, Record<string, [string, string]>> }
  const profile = oracle.genotypes.MP
  const cw = h.authHeaders('caseworker')
  const secret = cw.authorization.slice('Bearer '.length)
  const json = { ...cw, 'content-type': 'application/json' }

  const created = await h.app.inject({ method: 'POST', url: '/persons', headers: cw, payload: { id: SAMPLE, sex: 'male', profile, foundPlace: PLACE } })
  t.ok(created.statusCode < 300, `control: the person was stored (${created.statusCode})`)
  await h.app.inject({ method: 'GET', url: `/persons/${SAMPLE}`, headers: cw })
  await h.app.inject({ method: 'GET', url: `/persons/${SAMPLE}?token=${secret}`, headers: cw })
  await h.app.inject({ method: 'POST', url: '/persons', headers: cw, payload: { id: SAMPLE + '-B', sex: 'male', profile: { ...profile, TH01: ['OL', '9.3'] }, foundPlace: PLACE } })
  await h.app.inject({ method: 'POST', url: '/persons', headers: json, payload: `{"id":"${SAMPLE}-C","profile":{"D3S1358":["15","18"]},"foundPlace":"${PLACE}"` })
  await h.app.inject({ method: 'GET', url: `/no-such/${secret}`, headers: cw })
  const notFound = await h.app.inject({ method: 'GET', url: `/no-such-route/${SAMPLE}-404?foundPlace=${encodeURIComponent(PLACE)}`, headers: cw })
  t.equal(notFound.statusCode, 404, 'control: an unknown route')
  await h.app.inject({ method: 'GET', url: '/persons', headers: { authorization: `Bearer ${secret.slice(0, -2)}xx` } })
  await h.app.inject({ method: 'GET', url: '/tokens', headers: { authorization: `Bearer ${secret}` } })
  const tokenMade = await h.app.inject({ method: 'POST', url: '/tokens', headers: h.authHeaders('admin'), payload: { user: 'test-lab' } })
  const newSecret = (tokenMade.json() as { token: string }).token
  const upload = multipartBody({ name: 'GeneMapperExample.txt', bytes: readFileSync(GENEMAPPER) }, JSON.stringify({ dryRun: true }))
  const imported = await h.app.inject({ method: 'POST', url: '/imports', headers: { ...h.authHeaders('lab'), 'content-type': upload.contentType }, payload: upload.body })
  t.ok(imported.statusCode < 500, `control: the upload was answered (${imported.statusCode})`)

  const log = lines.join('')
  t.ok(lines.filter((l) => l.includes('"request completed"')).length >= 10, `control: the requests were logged (${lines.length} lines)`)
  t.match(log, '"route":"/persons/:id"', 'control: routes are logged by pattern')
  t.match(log, '"route":"(no route)"', 'a 404 is logged as "(no route)"')
  t.notOk(log.includes('no-such'), 'no raw URL of a 404, not even its path')
  t.notOk(log.includes('foundPlace'), 'no query string')
  for (const s of [secret, secret.slice(3), newSecret, newSecret.slice(3)]) t.notOk(log.includes(s), 'no token')
  t.notOk(log.includes(PLACE), 'no place found')
  t.notOk(log.includes(SAMPLE), 'no sample id')
  for (const [locus, pair] of Object.entries(profile)) {
    t.notOk(log.includes(JSON.stringify(pair)), `no genotype ${locus}`)
  }
  for (const locus of ['D3S1358', 'TH01', 'FGA', 'Penta D', 'PENTA_D', 'SE33']) t.notOk(log.includes(locus), `no locus name ${locus}`)
  const gm = readFileSync(GENEMAPPER, 'utf8').split(/\r?\n/)[1] ?? ''
  t.notOk(log.includes(gm.split('\t')[0]), 'no sample name from the uploaded file')
})

t.test('direct log calls: sensitive keys are censored and tokens masked anywhere', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, done) { lines.push(String(chunk)); done() } })
  const h = await buildTestApp(t, { logger: { level: 'info', stream } })
  const secret = h.authHeaders('admin').authorization.slice(7)
  h.app.log.info({ body: { profile: { TH01: ['6', '9.3'] } }, genotypes: { X: 1 }, person: { foundPlace: PLACE } }, 'payload dump')
  h.app.log.error({ err: new Error(`failed for ${secret}`) }, `bad token ${secret}`)
  h.app.log.warn({ nested: { deeper: { token: secret, note: 'ok' } } }, 'nested')
  const log = lines.join('')
  t.equal(lines.length, 3)
  t.notOk(log.includes('9.3'))
  t.notOk(log.includes(PLACE))
  t.notOk(log.includes(secret.slice(3)))
  t.match(log, /\[REDACTED\]/)
  t.equal(scrubTokens(`x ${secret} y`), 'x hw_[REDACTED] y')
})
