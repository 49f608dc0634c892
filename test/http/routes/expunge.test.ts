import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { createAuditRepository } from '../../../src/storage/audit-repository.ts'
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.ts'

const ORACLE = fileURLToPath(new URL('../../../fixtures/oracle-cases/duo_father_theta.json', import.meta.url))
const oracle = JSON.parse(readFileSync(ORACLE, 'utf8')) as { persons: unknown[], missingPerson: string, genotypes: Record<string, Record<string, [string, string]>> }
const refs = Object.fromEntries(Object.entries(oracle.genotypes).filter(([id]) => id !== oracle.missingPerson))
const childProfile = oracle.genotypes[oracle.missingPerson]
const PLACE = 'Platform 7 of Zhengzhou East Station'

async function seed (h: TestApp, caseId: string, personId: string): Promise<void> {
  const cw = h.authHeaders('caseworker')
  const c = await h.app.inject({ method: 'POST', url: '/cases', headers: cw, payload: { id: caseId, missingPerson: oracle.missingPerson, persons: oracle.persons, genotypes: refs } })
  t.ok(c.statusCode < 300, `case ${caseId}: ${c.statusCode} ${c.statusCode >= 300 ? c.body : ''}`)
  const p = await h.app.inject({ method: 'POST', url: '/persons', headers: cw, payload: { id: personId, sex: 'male', profile: childProfile, foundPlace: PLACE, foundDate: '2025-03-01' } })
  t.ok(p.statusCode < 300, `person ${personId}: ${p.statusCode} ${p.statusCode >= 300 ? p.body : ''}`)
}

const candidatesOf = async (h: TestApp, side: 'cases' | 'persons', id: string): Promise<Array<Record<string, unknown>>> => {
  const r = await h.app.inject({ method: 'GET', url: `/${side}/${id}/candidates`, headers: h.authHeaders('caseworker') })
  return r.statusCode === 200 ? (r.json() as { candidates: Array<Record<string, unknown>> }).candidates : []
}

/** Every text cell of every table except the audit trail and the upload history. */
function textOutsideTrail (h: TestApp): string {
  const tables = (h.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit_log', 'imports')").all() as Array<{ name: string }>).map((r) => r.name)
  return tables.map((name) => JSON.stringify(h.db.prepare(`SELECT * FROM "${name}"`).all())).join('\n')
}

/** The bytes of the database file and its WAL, as an attacker with the disk would read them. */
function fileBytes (h: TestApp): string {
  const read = (f: string): string => { try { return readFileSync(f).toString('latin1') } catch { return '' } }
  return read(h.dbFile) + read(h.dbFile + '-wal')
}

t.test('expunging a person: gone from candidates, searches, tables and the file; one audit record remains', async (t) => {
  const h = await buildTestApp(t)
  await seed(h, 'CASE-EXP-1', 'U-EXP-77')
  const before = await candidatesOf(h, 'cases', 'CASE-EXP-1')
  t.ok(before.some((c) => c.personId === 'U-EXP-77'), 'the planted child is a candidate before')
  // values are sealed at rest (src/storage/field-cipher.ts): the bytes on disk are the sealed ones
  const sealed = h.db.prepare('SELECT profile_json, found_place FROM unidentified_persons WHERE id = ?').get('U-EXP-77') as { profile_json: Buffer, found_place: Buffer }
  const storedProfile = sealed.profile_json.toString('latin1')
  const storedPlace = sealed.found_place.toString('latin1')
  t.ok(fileBytes(h).includes(storedPlace), 'control: the sealed place is in the file before')

  t.equal((await h.app.inject({ method: 'DELETE', url: '/persons/U-EXP-77?reason=consent-withdrawn', headers: h.authHeaders('caseworker') })).statusCode, 403, 'not a caseworker\'s act')
  t.equal((await h.app.inject({ method: 'DELETE', url: '/persons/U-EXP-77', headers: h.authHeaders('admin') })).statusCode, 400, 'a reason is required')
  const del = await h.app.inject({ method: 'DELETE', url: '/persons/U-EXP-77?reason=consent-withdrawn', headers: h.authHeaders('admin') })
  t.equal(del.statusCode, 200, del.body)
  t.match(del.json(), { id: 'U-EXP-77', deleted: { persons: 1, matchResults: 1 }, status: 'done' })

  t.equal((await h.app.inject({ method: 'GET', url: '/persons/U-EXP-77', headers: h.authHeaders('caseworker') })).statusCode, 404)
  t.notOk((await candidatesOf(h, 'cases', 'CASE-EXP-1')).some((c) => c.personId === 'U-EXP-77'), 'not a candidate any more')
  t.equal((await h.app.inject({ method: 'GET', url: '/cases/CASE-EXP-1/persons/U-EXP-77/report', headers: h.authHeaders('caseworker') })).statusCode, 404, 'no report')
  // a later search: a second copy of the family finds nobody, since the only match was expunged
  const cw = h.authHeaders('caseworker')
  await h.app.inject({ method: 'POST', url: '/cases', headers: cw, payload: { id: 'CASE-EXP-2', missingPerson: oracle.missingPerson, persons: oracle.persons, genotypes: refs } })
  t.notOk((await candidatesOf(h, 'cases', 'CASE-EXP-2')).some((c) => c.personId === 'U-EXP-77'), 'a new case never meets it')
  t.equal((await h.app.inject({ method: 'DELETE', url: '/persons/U-EXP-77?reason=consent-withdrawn', headers: h.authHeaders('admin') })).statusCode, 404, 'twice is a 404')

  const text = textOutsideTrail(h)
  t.notOk(text.includes('U-EXP-77'), 'the id is in no table but the trail')
  t.notOk(text.includes(PLACE))
  const bytes = fileBytes(h)
  t.notOk(bytes.includes(storedPlace), 'the sealed place is not in the file bytes (secure_delete + checkpoint)')
  t.notOk(bytes.includes(storedProfile), 'the profile is not in the file bytes')

  const trail = [...createAuditRepository(h.db).all()]
  const deletion = trail.find((e) => e.action === 'person.expunge' && e.status === 202)
  t.match(deletion, { actor: 'test-admin', role: 'admin', target: { personId: 'U-EXP-77', reason: 'consent-withdrawn', persons: 1, bytes: 'pending' } }, 'the deletion, recorded in its transaction')
  const completion = trail.find((e) => e.action === 'person.expunge' && e.status === 200)
  t.match(completion, { actor: 'test-admin', role: 'admin', target: { personId: 'U-EXP-77', completesSeq: deletion?.seq, bytes: 'removed', requestId: deletion?.target.requestId } }, 'and the bytes gone, the status sent')
  t.equal(trail.filter((e) => e.target.requestId === deletion?.target.requestId).length, 2, 'nothing else recorded for that request')
  t.notOk(JSON.stringify(trail).includes('"D3S1358"'), 'no genotype on the trail')
  t.notOk(JSON.stringify(trail).includes(PLACE), 'no personal data on the trail')
  t.ok(createAuditRepository(h.db).verify().ok)
})

t.test('expunging a case removes its pedigree, references and results; new persons no longer meet it', async (t) => {
  const h = await buildTestApp(t)
  const heard: string[] = []
  h.app.expungeListeners.push((kind, id) => heard.push(`${kind}:${id}`))
  await seed(h, 'CASE-EXP-9', 'U-EXP-9')
  t.ok((await candidatesOf(h, 'persons', 'U-EXP-9')).some((c) => c.caseId === 'CASE-EXP-9'))
  const del = await h.app.inject({ method: 'DELETE', url: '/cases/CASE-EXP-9?reason=reunited-closed', headers: h.authHeaders('admin') })
  t.equal(del.statusCode, 200, del.body)
  t.match(del.json(), { deleted: { cases: 1, referenceProfiles: 1, matchResults: 1 } })
  t.equal((del.json() as { deleted: { pedigreePersons: number } }).deleted.pedigreePersons, oracle.persons.length)
  t.same(heard, ['case:CASE-EXP-9'], 'in-memory holders were told')
  t.equal((await h.app.inject({ method: 'GET', url: '/cases/CASE-EXP-9', headers: h.authHeaders('caseworker') })).statusCode, 404)
  t.same(await candidatesOf(h, 'persons', 'U-EXP-9'), [], 'the person has no candidate left')
  const again = await h.app.inject({ method: 'POST', url: '/persons', headers: h.authHeaders('caseworker'), payload: { id: 'U-EXP-10', sex: 'male', profile: childProfile } })
  t.ok(again.statusCode < 300)
  t.same(await candidatesOf(h, 'persons', 'U-EXP-10'), [], 'a new person is never compared with the expunged case')
  t.notOk(textOutsideTrail(h).includes('CASE-EXP-9'))
  t.notOk(fileBytes(h).includes(JSON.stringify(refs.AF ?? Object.values(refs)[0])), 'the reference profile is not in the file bytes')
})
