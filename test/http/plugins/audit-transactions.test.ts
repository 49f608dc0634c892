import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { InjectOptions } from 'fastify'
import t, { type Test as Tap } from 'tap'
import { createAuditRepository } from '../../../src/storage/audit-repository.ts'
import { createTokenRepository } from '../../../src/storage/token-repository.ts'
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.ts'
import { multipartBody } from '../../helpers/fuzz-inputs.ts'

/**
 * Every route that changes data writes its audit entry inside the transaction of the change. Shown
 * by making the entry fail at the moment it is written (a trigger refusing inserts into the trail, as
 * a full disk would): the change must roll back with it. Had the entry been written after the commit,
 * the data would stay, unaudited, which is the crash window of issue 15 item 6.
 */

const ORACLE = fileURLToPath(new URL('../../../fixtures/oracle-cases/duo_father_theta.json', import.meta.url))
const oracle = JSON.parse(readFileSync(ORACLE, 'utf8')) as { persons: unknown[], missingPerson: string, genotypes: Record<string, Record<string, [string, string]>> }
const refs = Object.fromEntries(Object.entries(oracle.genotypes).filter(([id]) => id !== oracle.missingPerson))
const child = oracle.genotypes[oracle.missingPerson]

const count = (h: TestApp, sql: string, ...args: unknown[]): number => (h.db.prepare(sql).get(...args) as { n: number }).n

async function seed (t: Tap, h: TestApp): Promise<void> {
  const cw = h.authHeaders('caseworker')
  const c = await h.app.inject({ method: 'POST', url: '/cases', headers: cw, payload: { id: 'CASE-TX-1', missingPerson: oracle.missingPerson, persons: oracle.persons, genotypes: refs } })
  const p = await h.app.inject({ method: 'POST', url: '/persons', headers: cw, payload: { id: 'U-TX-1', sex: 'male', profile: child } })
  t.ok(c.statusCode === 201 && p.statusCode === 201, 'seeded')
}

t.test('a change and its audit entry commit together: when the entry cannot be written, the change rolls back', async (t) => {
  const h = await buildTestApp(t)
  await seed(t, h)
  // the stored value as hex: sealed values are BLOBs (encryption at rest), and two Buffers are never ===
  const profileOf = (id: string): string | undefined => (h.db.prepare('SELECT hex(profile_json) AS v FROM unidentified_persons WHERE id = ?').get(id) as { v: string } | undefined)?.v
  const seededProfile = profileOf('U-TX-1')
  const tokens = createTokenRepository(h.db)
  tokens.createUser({ name: 'lab-2', role: 'lab' })
  const spare = tokens.issueToken({ userName: 'lab-2', createdBy: 'test' }).token
  const entriesBefore = count(h, 'SELECT count(*) AS n FROM audit_log')
  h.db.exec("CREATE TRIGGER audit_log_full BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END")

  const cw = h.authHeaders('caseworker')
  const admin = h.authHeaders('admin')
  const loci = Object.keys(child)
  const lab = `Sample Name\t${loci.join('\t')}\tAMEL\nU-TX-9\t${loci.map((l) => child[l].join(', ')).join('\t')}\tX, Y\n`
  const file = multipartBody({ name: 'lab.txt', bytes: Buffer.from(lab) }, JSON.stringify({ dryRun: false, defaultSide: 'unidentified' }))
  const changes: Array<{ what: string, request: InjectOptions, unchanged: () => boolean }> = [
    { what: 'POST /persons', request: { method: 'POST', url: '/persons', headers: cw, payload: { id: 'U-TX-2', sex: 'female', profile: child } }, unchanged: () => count(h, "SELECT count(*) AS n FROM unidentified_persons WHERE id = 'U-TX-2'") === 0 },
    { what: 'POST /cases', request: { method: 'POST', url: '/cases', headers: cw, payload: { id: 'CASE-TX-2', missingPerson: oracle.missingPerson, persons: oracle.persons, genotypes: refs } }, unchanged: () => count(h, "SELECT count(*) AS n FROM cases WHERE id = 'CASE-TX-2'") === 0 },
    { what: 'POST /imports (commit)', request: { method: 'POST', url: '/imports', headers: { ...h.authHeaders('lab'), 'content-type': file.contentType }, payload: file.body }, unchanged: () => count(h, "SELECT count(*) AS n FROM unidentified_persons WHERE id = 'U-TX-9'") === 0 && count(h, 'SELECT count(*) AS n FROM imports') === 0 },
    { what: 'POST reviews', request: { method: 'POST', url: '/cases/CASE-TX-1/persons/U-TX-1/reviews', headers: cw, payload: { decision: 'reject', note: 'not him: the family says so' } }, unchanged: () => count(h, 'SELECT count(*) AS n FROM reviews') === 0 },
    { what: 'PUT /persons/:id', request: { method: 'PUT', url: '/persons/U-TX-1', headers: cw, payload: { id: 'U-TX-1', sex: 'male', profile: refs[Object.keys(refs)[0]] } }, unchanged: () => profileOf('U-TX-1') === seededProfile },
    { what: 'POST /users', request: { method: 'POST', url: '/users', headers: admin, payload: { name: 'lab-3', role: 'lab' } }, unchanged: () => count(h, "SELECT count(*) AS n FROM users WHERE name = 'lab-3'") === 0 },
    { what: 'POST /tokens', request: { method: 'POST', url: '/tokens', headers: admin, payload: { user: 'lab-2' } }, unchanged: () => count(h, "SELECT count(*) AS n FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.name = 'lab-2'") === 1 },
    { what: 'DELETE /tokens/:id', request: { method: 'DELETE', url: `/tokens/${spare.id}`, headers: admin }, unchanged: () => count(h, 'SELECT count(*) AS n FROM api_tokens WHERE id = ? AND revoked_at IS NULL', spare.id) === 1 },
    { what: 'POST /users/:name/disable', request: { method: 'POST', url: '/users/lab-2/disable', headers: admin }, unchanged: () => count(h, "SELECT count(*) AS n FROM users WHERE name = 'lab-2' AND disabled_at IS NULL") === 1 },
    { what: 'POST /frequency-tables', request: { method: 'POST', url: '/frequency-tables', headers: admin, payload: { id: 'lab-pop', population: 'a lab population', source: 'test', loci: { FGA: { alleles: ['20', '21'], frequencies: [0.45, 0.55] } } } }, unchanged: () => count(h, "SELECT count(*) AS n FROM frequency_tables WHERE id = 'lab-pop'") === 0 },
    { what: 'POST /reruns', request: { method: 'POST', url: '/reruns', headers: admin, payload: { scope: 'all', reason: 'new table' } }, unchanged: () => count(h, 'SELECT count(*) AS n FROM reruns') === 0 },
    { what: 'DELETE /persons/:id (expunge)', request: { method: 'DELETE', url: '/persons/U-TX-1?reason=entered-in-error', headers: admin }, unchanged: () => count(h, "SELECT count(*) AS n FROM unidentified_persons WHERE id = 'U-TX-1'") === 1 }
  ]
  for (const c of changes) {
    const r = await h.app.inject(c.request)
    t.equal(r.statusCode, 500, `${c.what}: the answer is withheld (${r.statusCode} ${r.body.slice(0, 120)})`)
    t.ok(c.unchanged(), `${c.what}: the change rolled back with its entry`)
  }
  h.db.exec('DROP TRIGGER audit_log_full')
  t.equal(count(h, 'SELECT count(*) AS n FROM audit_log'), entriesBefore, 'nothing on the trail either')
  t.ok(createAuditRepository(h.db).verify().ok)

  // control: with the trail writable, each change is stored, with its one entry in the same transaction
  for (const c of changes) {
    const r = await h.app.inject(c.request)
    t.ok(r.statusCode < 300 && !c.unchanged(), `${c.what}: stored once the trail is writable (${r.statusCode} ${r.statusCode < 300 ? '' : r.body.slice(0, 120)})`)
  }
  t.same(createAuditRepository(h.db).list({ action: 'person.create', afterSeq: entriesBefore }).map((e) => [e.status, e.target.personId]), [[201, 'U-TX-2']], 'one entry for one change')
  t.ok(createAuditRepository(h.db).verify().ok)
})
