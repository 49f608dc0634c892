import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { HomewardError } from '../../src/core/errors.ts'
import { previewImport } from '../../src/ingest/import-preview.ts'
import { createAuditRepository } from '../../src/storage/audit-repository.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { multipartBody, mutateFile, mutateJson, randomJson, seededRng, type Rng } from '../helpers/fuzz-inputs.ts'

/**
 * Seeded fuzzing: thousands of hostile inputs (mutated real lab exports, XML attacks, wrong
 * encodings, absurd sizes, malformed and hostile JSON). Every one must be refused or accepted with
 * a 4xx/2xx and a message, never a 5xx, an exception other than HomewardError, or a crash.
 * A failure prints the seed and the input's index, so it can be replayed exactly.
 */
const SEED = 20261122
const FORMATS = fileURLToPath(new URL('../../fixtures/formats', import.meta.url))
const ORACLE = fileURLToPath(new URL('../../fixtures/oracle-cases/duo_father_theta.json', import.meta.url))

function seedFiles (): Array<{ name: string, bytes: Buffer }> {
  const out: Array<{ name: string, bytes: Buffer }> = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (!/\.(md|xsd)$|LICENCE|readme/i.test(name) && statSync(path).size < 80_000) out.push({ name, bytes: readFileSync(path) })
    }
  }
  walk(FORMATS)
  return out
}

t.test('importers: mutated real files are parsed or refused with a HomewardError', async (t) => {
  const files = seedFiles()
  t.ok(files.length > 50, `${files.length} real files to mutate`)
  const rng = seededRng(SEED)
  const failures: string[] = []
  let refused = 0
  const N = 1000
  for (let i = 0; i < N; i++) {
    const seed = rng.pick(files)
    const { bytes, how } = mutateFile(rng, seed.bytes, files.map((f) => f.bytes))
    try {
      previewImport(bytes, { fileName: seed.name })
    } catch (err) {
      if (err instanceof HomewardError && err.statusCode < 500) { refused++; continue }
      failures.push(`#${i} ${seed.name} [${how}]: ${(err as Error).name}: ${(err as Error).message.slice(0, 120)}`)
    }
  }
  t.comment(`${N} inputs, ${refused} refused with a HomewardError`)
  t.same(failures.slice(0, 15), [], `seed ${SEED}: inputs that escaped as non-HomewardError (${failures.length} in all)`)
})

function validBodies (): Record<string, unknown> {
  const oracle = JSON.parse(readFileSync(ORACLE, 'utf8')) as { persons: unknown, missingPerson: string, genotypes: Record<string, Record<string, string[]>> }
  const refs = Object.fromEntries(Object.entries(oracle.genotypes).filter(([id]) => id !== oracle.missingPerson))
  return {
    'POST /cases': { id: 'FUZZ-CASE', missingPerson: oracle.missingPerson, persons: oracle.persons, genotypes: refs },
    'POST /persons': { id: 'FUZZ-U1', sex: 'male', profile: oracle.genotypes[oracle.missingPerson] },
    'POST /users': { name: 'fuzz-user', role: 'lab' },
    'POST /tokens': { user: 'test-lab', label: 'fuzz', ttlDays: 1 }
  }
}

function rawGarbage (rng: Rng): { body: string | Buffer, contentType: string } {
  const k = rng.int(6)
  if (k === 0) return { body: Buffer.from([0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00]), contentType: 'application/json' }
  if (k === 1) return { body: '{"a":1}', contentType: 'application/json; charset=utf-16' }
  if (k === 2) return { body: '<x/>', contentType: 'application/xml' }
  if (k === 3) return { body: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' }
  if (k === 4) return { body: '['.repeat(100_000) + ']'.repeat(100_000), contentType: 'application/json' }
  return { body: Buffer.from(Array.from({ length: rng.int(2000) }, () => rng.int(256))), contentType: 'application/json' }
}

t.test('JSON routes and uploads: hostile bodies get 4xx, never 5xx', async (t) => {
  const { app, db, authHeaders } = await buildTestApp(t, { trust: { limits: { ratePerToken: 1_000_000 } } })
  const rng = seededRng(SEED + 1)
  const bodies = validBodies()
  const writeRoutes = app.routeCatalog.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && Array.isArray(r.roles) && r.roles.length > 0)
  t.ok(writeRoutes.length >= 5, `${writeRoutes.length} write routes`)
  const failures: string[] = []
  const statuses = new Map<number, number>()
  const record = (i: number, what: string, status: number, body: string): void => {
    statuses.set(status, (statuses.get(status) ?? 0) + 1)
    if (status >= 500) failures.push(`#${i} ${what}: ${status} ${body.slice(0, 160)}`)
    // An API error carries a message; a workspace page's error is a page with its notice (role="alert").
    else if (status >= 400 && !/"message":"[^"]+/.test(body) && !/role="alert"/.test(body)) failures.push(`#${i} ${what}: ${status} without a message`)
  }

  const N = 1200
  for (let i = 0; i < N; i++) {
    const route = rng.pick(writeRoutes)
    const name = `${route.method} ${route.url}`
    const role = (route.roles as string[])[0] as 'lab'
    const url = route.url.replace(/:[A-Za-z_]+/g, () => rng.pick(['FUZZ-CASE', 'FUZZ-U1', 'x', '%00', '..%2F..', 'a'.repeat(99)]))
    let payload: string | Buffer
    let contentType = 'application/json'
    let how: string
    if (route.url === '/imports') {
      const files = seedFilesCache ??= seedFiles()
      const seed = rng.pick(files)
      const m = mutateFile(rng, seed.bytes, files.map((f) => f.bytes))
      const mp = multipartBody({ name: seed.name, bytes: m.bytes }, rng.chance(0.8) ? JSON.stringify({ dryRun: rng.chance(0.7) }) : JSON.stringify(randomJson(rng)))
      payload = mp.body
      contentType = mp.contentType
      how = `${seed.name} [${m.how}]`
    } else if (rng.chance(0.1)) {
      const g = rawGarbage(rng)
      payload = g.body
      contentType = g.contentType
      how = `raw ${contentType}`
    } else {
      const valid = bodies[name] ?? randomJson(rng)
      const m = mutateJson(rng, valid as never)
      payload = m.body
      how = m.how
    }
    const r = await app.inject({ method: route.method as 'POST', url, headers: { ...authHeaders(role), 'content-type': contentType }, payload })
    record(i, `${name} (${url.slice(0, 40)}) ${how}`, r.statusCode, r.body)
  }
  t.comment(`statuses: ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}`)
  t.same(failures.slice(0, 15), [], `seed ${SEED + 1}: answers that were 5xx or had no message (${failures.length} in all)`)
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'the service is still up')
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'the database is intact')
  t.ok(createAuditRepository(db).verify().ok, 'the audit chain is intact')
})

let seedFilesCache: Array<{ name: string, bytes: Buffer }> | undefined
