// npm run bench:load [-- --duration 60 --connections 50 --cases 100000 --persons 100000 --import-rows 999999]
// One question: with 50 clients uploading profiles and reading candidate lists and reports at once, and one
// lab importing a 10^6-row GeneMapper batch meanwhile, against a real server process (src/server.ts, the
// production stack: piscina pools, SQLite in WAL, auth, audit on every audited request) holding 10^5 cases
// and 10^5 persons: does any request fail, what is the upload p99, and how long is the server's event loop
// held (p99, max, read from its admin-only GET /admin/event-loop)? The target (issue 16): no errors, upload
// p99 ≤ 1 s, event-loop delay p99 ≤ 50 ms.
// Each client has its own lab and caseworker tokens (as 50 desks would) and keeps under the production
// per-token limit (600/min): each connection sends at most 9 requests/s, 450/s for the 50 together.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { simulatedProfile, simulatedSex } from '../src/core/simulation/simulate-cases.ts'
import { simulatePopulation } from '../src/core/simulation/simulate-population.ts'
import { openDatabase } from '../src/storage/database.ts'
import { createTokenRepository } from '../src/storage/token-repository.ts'
import { largeGenemapperFile } from '../test/helpers/large-import-file.ts'
import { multipart } from '../test/helpers/multipart-upload.ts'
import { seededRng } from '../test/helpers/fuzz-inputs.ts'
import { simCaseId, simPersonId, writePopulation } from './lib/population-db.ts'
import { benchLoci, BENCH_MUTATION } from './lib/population-model.ts'

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback
}
const DURATION = Number(arg('duration', '60'))
const CONNECTIONS = Number(arg('connections', '50'))
const CASES = Number(arg('cases', '100000'))
const PERSONS = Number(arg('persons', '100000'))
// 999,999 rows = 47,619 whole samples of 21 rows: the largest such batch within the default 10^6-row cap.
const IMPORT_ROWS = Number(arg('import-rows', '999999'))
const UPLOADERS = Math.min(CONNECTIONS - 1, Number(arg('uploaders', '10')))
// Extra Node options for the server process, e.g. --server-node-args "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes.
const SERVER_NODE_ARGS = arg('server-node-args', '').split(' ').filter((a) => a !== '')
const READERS = CONNECTIONS - UPLOADERS
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`

// 1. The database: a simulated population (seeded) written straight into SQLite, and the accounts.
const dir = mkdtempSync(join(tmpdir(), 'homeward-load-'))
const dbFile = join(dir, 'homeward.sqlite')
const UPLOAD_POOL = 20_000 // profiles the uploaders send, simulated with the population
const t0 = performance.now()
const pop = simulatePopulation({ seed: 16, cases: CASES, persons: PERSONS + UPLOAD_POOL, plantedFraction: 0.25, loci: benchLoci(), coreLoci: 20, mutation: BENCH_MUTATION })
const env = { ...process.env, HOMEWARD_DB: dbFile, HOMEWARD_THETA: '0', LOG_LEVEL: 'info', HOMEWARD_DEV: process.env.HOMEWARD_KEY === undefined && process.env.HOMEWARD_KEY_FILE === undefined ? '1' : undefined }
Object.assign(process.env, { HOMEWARD_DEV: env.HOMEWARD_DEV ?? '' })
const db = openDatabase(dbFile)
writePopulation(db, pop, 'nist1036_asian', 0, CASES, 0, PERSONS)
const tokens = createTokenRepository(db)
const labTokens: string[] = []
const cwTokens: string[] = []
for (let i = 0; i < CONNECTIONS; i++) {
  tokens.createUser({ name: `load-lab-${i}`, role: 'lab' })
  tokens.createUser({ name: `load-cw-${i}`, role: 'caseworker' })
  labTokens.push(tokens.issueToken({ userName: `load-lab-${i}`, createdBy: 'bench' }).secret)
  cwTokens.push(tokens.issueToken({ userName: `load-cw-${i}`, createdBy: 'bench' }).secret)
}
tokens.createUser({ name: 'load-admin', role: 'admin' })
const adminToken = tokens.issueToken({ userName: 'load-admin', createdBy: 'bench' }).secret
tokens.createUser({ name: 'load-importer', role: 'lab' })
const importToken = tokens.issueToken({ userName: 'load-importer', createdBy: 'bench' }).secret
db.close()
console.log(`# seeded ${CASES} cases and ${PERSONS} persons in ${((performance.now() - t0) / 1000).toFixed(0)} s`)

// 2. The server, as `npm start` runs it, on a free port; ready once its candidate screen is warm.
const port = await new Promise<number>((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)) }) })
const base = `http://127.0.0.1:${port}`
const t1 = performance.now()
const server = spawn(process.execPath, [...SERVER_NODE_ARGS, '--import', 'tsx', fileURLToPath(new URL('../src/server.ts', import.meta.url))], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] })
let serverLog = ''
let peakRss = 0
server.stderr.on('data', (d) => { serverLog += String(d) })
await new Promise<void>((resolve, reject) => {
  server.stdout.on('data', (d) => { serverLog += String(d); if (serverLog.includes('candidate screen ready')) resolve() })
  server.on('exit', (code) => { reject(new Error(`server exited ${String(code)}: ${serverLog.slice(-2000)}`)) })
})
console.log(`# server ready (screen warm) in ${((performance.now() - t1) / 1000).toFixed(0)} s`)
const rssTimer = setInterval(() => {
  spawn('ps', ['-o', 'rss=', '-p', String(server.pid)]).stdout.on('data', (d) => { peakRss = Math.max(peakRss, Number(String(d).trim()) * 1024) })
}, 1000)

// 3. The run: uploads, reads and reports, and one large import at the same time.
const rng = seededRng(7)
const auth = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' })
const get = async (url: string, token: string): Promise<Response> => await fetch(base + url, { headers: auth(token) })
await get('/admin/event-loop?reset=true', adminToken)
let nextLab = 0
let nextCw = 0
let uploads = 0
const tokenOf = (context: Record<string, unknown>, kind: 'lab' | 'cw'): string => {
  if (context.client === undefined) context.client = kind === 'lab' ? nextLab++ : nextCw++
  return (kind === 'lab' ? labTokens : cwTokens)[(context.client as number) % CONNECTIONS]
}
const caseId = (): string => simCaseId(rng.int(CASES))
const personId = (): string => simPersonId(rng.int(PERSONS))
const importFile = largeGenemapperFile(IMPORT_ROWS, { prefix: 'LOADIMP' })
console.log(`# ${UPLOADERS} uploading + ${READERS} reading clients for ${DURATION} s, one import of ${IMPORT_ROWS} rows (${mib(importFile.length)}); ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)} at start`)
const importRun = (async () => {
  const started = performance.now()
  const { payload, headers } = multipart({ name: 'national-batch.txt', content: importFile }, { dryRun: false, defaultSide: 'unidentified', mode: 'accepted-only' })
  // node:http, not fetch: fetch gives up after 300 s without an answer's headers, and a 10^6-row import
  // parsed at low priority on a loaded machine may take longer; the bench waits for the server's answer.
  const r = await new Promise<{ status: number, body: string }>((resolve, reject) => {
    const req = request(base + '/imports', { method: 'POST', headers: { ...headers, authorization: `Bearer ${importToken}`, 'content-length': String(payload.length) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }) })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(payload)
  })
  const stored = r.status < 300 ? (JSON.parse(r.body) as { commit: { stored: { unidentified: string[] } } }).commit.stored.unidentified.length : 0
  return { status: r.status, ms: performance.now() - started, stored, error: r.status < 300 ? '' : r.body.slice(0, 300) }
})()
const [up, read] = await Promise.all([
  autocannon({
    url: base,
    connections: UPLOADERS,
    duration: DURATION,
    timeout: 60,
    connectionRate: 9,
    requests: [{
      method: 'POST',
      path: '/persons',
      setupRequest: (req, context) => {
        const p = PERSONS + (uploads % UPLOAD_POOL)
        return { ...req, headers: auth(tokenOf(context, 'lab')), body: JSON.stringify({ id: `LOAD-N${uploads++}`, sex: simulatedSex(pop, p), profile: simulatedProfile(pop, p) }) }
      }
    }]
  }),
  autocannon({
    url: base,
    connections: READERS,
    duration: DURATION,
    timeout: 60,
    connectionRate: 9,
    requests: [
      { method: 'GET', setupRequest: (req, context) => ({ ...req, path: `/cases/${caseId()}/candidates`, headers: auth(tokenOf(context, 'cw')) }) },
      { method: 'GET', setupRequest: (req, context) => ({ ...req, path: `/persons/${personId()}/candidates`, headers: auth(tokenOf(context, 'cw')) }) },
      { method: 'GET', setupRequest: (req, context) => ({ ...req, path: `/cases/${caseId()}/persons/${personId()}/report?format=json`, headers: auth(tokenOf(context, 'cw')) }) },
      { method: 'GET', setupRequest: (req, context) => ({ ...req, path: `/persons/${personId()}`, headers: auth(tokenOf(context, 'cw')) }) }
    ]
  })
])
const loopDuringRun = await (await get('/admin/event-loop', adminToken)).json() as { p99Ms: number, maxMs: number, meanMs: number, sinceMs: number }
const imported = await importRun
const loopWithImport = await (await get('/admin/event-loop', adminToken)).json() as { p99Ms: number, maxMs: number, meanMs: number, sinceMs: number }
clearInterval(rssTimer)

// 4. The table.
const row = (name: string, r: autocannon.Result): string => {
  const statuses = Object.entries(r.statusCodeStats).map(([s, v]) => `${s}×${v.count}`).join(' ')
  return `| ${name} | ${r.requests.total} | ${r.requests.average.toFixed(1)} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${r.non2xx} | ${r.errors} | ${r.timeouts} | ${statuses} |`
}
console.log('| clients | requests | req/s (mean) | p50 ms | p99 ms | max ms | non-2xx | errors | timeouts | statuses |')
console.log('|---|---|---|---|---|---|---|---|---|---|')
console.log(row(`${UPLOADERS} uploading (POST /persons)`, up))
console.log(row(`${READERS} reading (candidates, report, person)`, read))
console.log('')
console.log('| server measure | value | target |')
console.log('|---|---|---|')
console.log(`| errors (non-2xx + errors + timeouts) | ${up.non2xx + up.errors + up.timeouts + read.non2xx + read.errors + read.timeouts} | 0 |`)
console.log(`| upload p99 | ${up.latency.p99} ms | ≤ 1000 ms |`)
console.log(`| event-loop delay p99 / max, during the ${DURATION} s of clients | ${loopDuringRun.p99Ms} ms / ${loopDuringRun.maxMs} ms | p99 ≤ 50 ms |`)
console.log(`| event-loop delay p99 / max, until the import ended (${(loopWithImport.sinceMs / 1000).toFixed(0)} s) | ${loopWithImport.p99Ms} ms / ${loopWithImport.maxMs} ms | |`)
console.log(`| import of ${IMPORT_ROWS} rows | ${imported.status}, ${imported.stored} persons stored in ${(imported.ms / 1000).toFixed(0)} s${imported.error !== '' ? `: ${imported.error}` : ''} | 201 |`)
console.log(`| server peak RSS (all threads) | ${mib(peakRss)} | |`)
console.log(`load average ${loadavg()[0].toFixed(1)} at end`)
const failures = up.errors + up.timeouts + up.non2xx + read.errors + read.timeouts + read.non2xx + (imported.status < 300 ? 0 : 1)
server.kill('SIGTERM')
await new Promise((resolve) => server.on('exit', resolve))
rmSync(dir, { recursive: true, force: true })
process.exitCode = failures === 0 ? 0 : 1
