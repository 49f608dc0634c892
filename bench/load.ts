// npm run bench:load [-- --duration 60 --connections 50 --runner pool|in-process]
// One question: with 50 clients uploading profiles and reading candidate lists, cases and persons
// at once, through auth, audit and the per-token limits, against a real server listening on
// 127.0.0.1, what throughput and p99 does Homeward sustain, and does any request fail?
// Each client has its own lab and caseworker tokens (as 50 desks would). The per-token rate limit
// is raised for the run (it would cap each client at its production 600/min and measure the limiter,
// not the server); everything else is the production stack: SQLite in WAL on a file, the match
// worker pool, the audit trail written on every audited request.
import './lib/development-key.ts'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { loadConfig } from '../src/config.ts'
import { buildApp } from '../src/http/app.ts'
import { createAuditRepository } from '../src/storage/audit-repository.ts'
import { openDatabase } from '../src/storage/database.ts'
import { createTokenRepository } from '../src/storage/token-repository.ts'
import { seededRng } from '../test/helpers/fuzz-inputs.ts'

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback
}
const DURATION = Number(arg('duration', '60'))
const CONNECTIONS = Number(arg('connections', '50'))
const RUNNER = arg('runner', 'pool') as 'pool' | 'in-process'
const COPIES = Number(arg('case-copies', '2'))
const PERSONS = Number(arg('persons', '200'))

interface OracleCase { persons: unknown[], missingPerson: string, genotypes: Record<string, Record<string, [string, string]>>, loci: Array<{ name: string, alleles: string[], frequencies: number[] }> }
const ORACLE_DIR = fileURLToPath(new URL('../fixtures/oracle-cases', import.meta.url))
// uncle_true is left out by default: one uncle comparison costs ~1.8 s with the service's stepwise
// mutation model at the time of writing (every other family: 5-60 ms), so it alone would decide the
// figures. --families all puts it back.
const EXCLUDED = arg('families', 'default') === 'all' ? [] : ['uncle_true.json']
const oracles = readdirSync(ORACLE_DIR).filter((f) => f.endsWith('.json') && !EXCLUDED.includes(f)).map((f) => JSON.parse(readFileSync(join(ORACLE_DIR, f), 'utf8')) as OracleCase)

const dir = mkdtempSync(join(tmpdir(), 'homeward-load-'))
const config = loadConfig({ HOMEWARD_DB: join(dir, 'homeward.sqlite'), LOG_LEVEL: 'silent' })
const db = openDatabase(config.dbFile)
const app = await buildApp({ config, db, runner: RUNNER, trust: { limits: { ratePerToken: 1_000_000_000 } } })
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
const base = typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : ''

// Accounts and tokens: 50 labs and 50 caseworkers.
const tokens = createTokenRepository(db)
const labTokens: string[] = []
const cwTokens: string[] = []
for (let i = 0; i < CONNECTIONS; i++) {
  tokens.createUser({ name: `load-lab-${i}`, role: 'lab' })
  tokens.createUser({ name: `load-cw-${i}`, role: 'caseworker' })
  labTokens.push(tokens.issueToken({ userName: `load-lab-${i}`, createdBy: 'bench' }).secret)
  cwTokens.push(tokens.issueToken({ userName: `load-cw-${i}`, createdBy: 'bench' }).secret)
}

// Seed: each oracle family as a case (--case-copies times) and --persons unidentified persons.
const rng = seededRng(7)
// Alleles drawn by their population frequency, as real profiles are (uniform draws would be all rare alleles).
const drawAllele = (l: OracleCase['loci'][number]): string => {
  let u = rng.next() * l.frequencies.reduce((a, b) => a + b, 0)
  for (let i = 0; i < l.alleles.length; i++) if ((u -= l.frequencies[i]) <= 0) return l.alleles[i]
  return l.alleles[l.alleles.length - 1]
}
const typedLoci = (o: OracleCase): Set<string> => new Set(Object.values(o.genotypes).flatMap((g) => Object.keys(g)))
const randomProfile = (o: OracleCase): Record<string, [string, string]> => {
  const typed = typedLoci(o)
  return Object.fromEntries(o.loci.filter((l) => typed.has(l.name)).map((l) => [l.name, [drawAllele(l), drawAllele(l)] as [string, string]]))
}
const post = async (url: string, token: string, body: unknown): Promise<void> => {
  const r = await fetch(base + url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (r.status >= 300) throw new Error(`seeding ${url}: ${r.status} ${(await r.text()).slice(0, 300)}`)
}
const caseIds: string[] = []
for (let copy = 0; copy < COPIES; copy++) {
  for (const [i, o] of oracles.entries()) {
    const id = `LOAD-C${copy}-${i}`
    const refs = Object.fromEntries(Object.entries(o.genotypes).filter(([p]) => p !== o.missingPerson))

    await post('/cases', cwTokens[0], { id, missingPerson: o.missingPerson, persons: o.persons, genotypes: refs })
    caseIds.push(id)
  }
}
const personIds: string[] = []
for (let i = 0; i < PERSONS; i++) {
  const o = rng.pick(oracles)
  await post('/persons', labTokens[0], { id: `LOAD-U${i}`, sex: rng.chance(0.5) ? 'male' : 'female', profile: randomProfile(o) })
  personIds.push(`LOAD-U${i}`)
}
const auditBefore = createAuditRepository(db).head()?.seq ?? 0

// Two kinds of client at once, as in a real week: labs uploading profiles (each upload is searched
// against every case through the pool before it is answered) and caseworkers reading.
const UPLOADERS = Math.min(CONNECTIONS - 1, Number(arg('uploaders', '10')))
const READERS = CONNECTIONS - UPLOADERS
let uploads = 0
let nextLab = 0
let nextCw = 0
const tokenOf = (context: Record<string, unknown>, kind: 'lab' | 'cw'): string => {
  if (context.client === undefined) context.client = kind === 'lab' ? nextLab++ : nextCw++
  return (kind === 'lab' ? labTokens : cwTokens)[(context.client as number) % CONNECTIONS]
}
const auth = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' })
console.log(`# Load: families ${oracles.length}${EXCLUDED.length > 0 ? ` (excluded: ${EXCLUDED.join(', ')})` : ''}; ${UPLOADERS} uploading + ${READERS} reading clients for ${DURATION} s against ${base}`)
console.log(`# runner ${RUNNER}, ${caseIds.length} cases and ${personIds.length} persons seeded; ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)} at start`)
const [up, read] = await Promise.all([
  autocannon({
    url: base,
    connections: UPLOADERS,
    duration: DURATION,
    timeout: 60,
    requests: [{
      method: 'POST',
      path: '/persons',
      setupRequest: (req, context) => ({ ...req, headers: auth(tokenOf(context, 'lab')), body: JSON.stringify({ id: `LOAD-N${uploads++}`, sex: rng.chance(0.5) ? 'male' : 'female', profile: randomProfile(rng.pick(oracles)) }) })
    }]
  }),
  autocannon({
    url: base,
    connections: READERS,
    duration: DURATION,
    timeout: 60,
    requests: [
      { method: 'GET', setupRequest: (req, context) => ({ ...req, path: `/cases/${rng.pick(caseIds)}/candidates`, headers: auth(tokenOf(context, 'cw')) }) },
      { method: 'GET', setupRequest: (req, context) => ({ ...req, path: `/persons/${rng.pick(personIds)}`, headers: auth(tokenOf(context, 'cw')) }) },
      { method: 'GET', setupRequest: (req, context) => ({ ...req, path: `/persons/${rng.pick(personIds)}/candidates`, headers: auth(tokenOf(context, 'cw')) }) },
      { method: 'GET', setupRequest: (req, context) => ({ ...req, path: `/cases/${rng.pick(caseIds)}`, headers: auth(tokenOf(context, 'cw')) }) }
    ]
  })
])

const audit = createAuditRepository(db)
const recorded = (audit.head()?.seq ?? 0) - auditBefore
const verdict = audit.verify()
const row = (name: string, r: autocannon.Result): string => {
  const statuses = Object.entries(r.statusCodeStats).map(([s, v]) => `${s}×${v.count}`).join(' ')
  return `| ${name} | ${r.requests.total} | ${r.requests.average.toFixed(1)} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${r.non2xx} | ${r.errors} | ${r.timeouts} | ${statuses} |`
}
console.log('| clients | requests | req/s (mean) | p50 ms | p99 ms | max ms | non-2xx | errors | timeouts | statuses |')
console.log('|---|---|---|---|---|---|---|---|---|---|')
console.log(row(`${UPLOADERS} uploading (POST /persons)`, up))
console.log(row(`${READERS} reading (candidates, case, person)`, read))
console.log(`total: ${up.requests.total + read.requests.total} requests in ${DURATION} s = ${((up.requests.total + read.requests.total) / DURATION).toFixed(1)} req/s; ` +
  `audit entries written during the run: ${recorded}, chain ${verdict.ok ? 'intact' : 'BROKEN'}; load average ${loadavg()[0].toFixed(1)} at end`)
const failures = up.errors + up.timeouts + up.non2xx + read.errors + read.timeouts + read.non2xx
await app.close()
db.close()
rmSync(dir, { recursive: true, force: true })
process.exitCode = failures === 0 && verdict.ok ? 0 : 1
