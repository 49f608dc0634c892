import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { createCaseRepository } from '../../../src/storage/case-repository.ts'
import { createPersonRepository } from '../../../src/storage/person-repository.ts'
import { accountId, addAccount } from '../../helpers/accounts.ts'
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.ts'

// The father–child duo of the oracle files: one case, its true child as the person, a stored match.
const oracle = JSON.parse(readFileSync(new URL('../../../fixtures/oracle-cases/duo_father_theta.json', import.meta.url), 'utf8')) as { persons: unknown[], missingPerson: string, genotypes: Record<string, Record<string, [string, string]>> }
const refs = Object.fromEntries(Object.entries(oracle.genotypes).filter(([id]) => id !== oracle.missingPerson))
const child = oracle.genotypes[oracle.missingPerson]
const caseBody = (genotypes: Record<string, unknown> = refs): Record<string, unknown> => ({ id: 'CASE-A', missingPerson: oracle.missingPerson, persons: oracle.persons, genotypes })
const personBody = (profile: Record<string, unknown> = child, foundPlace = 'Kunming'): Record<string, unknown> => ({ id: 'U-A', sex: 'male', profile, foundPlace })
// A different profile: every locus of the child with its first allele changed.
const otherProfile = Object.fromEntries(Object.entries(child).map(([locus, [a, b]]) => [locus, [String(Number(a) + 1), b]]))

/** What must not move when a PUT is refused: the stored records and their match rows. */
function snapshot (h: TestApp): string {
  return JSON.stringify({
    cases: h.db.prepare('SELECT * FROM cases').all(),
    refs: h.db.prepare('SELECT * FROM reference_profiles').all(),
    persons: h.db.prepare('SELECT * FROM unidentified_persons').all(),
    results: h.db.prepare('SELECT case_id, person_id, status, log10_lr FROM match_results').all(),
    history: [h.db.prepare('SELECT count(*) AS n FROM case_history').get(), h.db.prepare('SELECT count(*) AS n FROM person_history').get()]
  })
}

async function seedByLabA (t: Test, h: TestApp): Promise<void> {
  const lab = h.authHeaders('lab')
  t.equal((await h.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody() })).statusCode, 201)
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody() })).statusCode, 201)
  const match = h.db.prepare("SELECT log10_lr FROM match_results WHERE case_id = 'CASE-A' AND person_id = 'U-A'").get() as { log10_lr: number } | undefined
  t.ok(match !== undefined && match.log10_lr > 0, 'control: the true child is a stored match')
}

t.test('a lab may not replace another lab\'s person or case: 403, and the record and its matches are unchanged', async (t) => {
  const h = await buildTestApp(t)
  await seedByLabA(t, h)
  const labB = addAccount(h.db, 'lab', 'lab-b').headers
  const before = snapshot(h)

  const person = await h.app.inject({ method: 'PUT', url: '/persons/U-A', headers: labB, payload: personBody(otherProfile) })
  t.equal(person.statusCode, 403, person.body)
  t.equal(person.json().message, 'person U-A belongs to another account: a lab may replace only its own records')
  const kase = await h.app.inject({ method: 'PUT', url: '/cases/CASE-A', headers: labB, payload: caseBody({ AF: otherProfile }) })
  t.equal(kase.statusCode, 403, kase.body)
  t.equal(kase.json().message, 'case CASE-A belongs to another account: a lab may replace only its own records')
  t.equal(snapshot(h), before, 'profiles, pedigree, matches and history are as they were')

  const audit = h.db.prepare("SELECT status FROM audit_log WHERE action IN ('person.replace', 'case.replace') ORDER BY seq").all()
  t.same(audit, [{ status: 403 }, { status: 403 }], 'the refusals are on the trail')
})

t.test('an owner\'s PUT keeps the previous version in the history; a caseworker may still replace; expunging removes the history', async (t) => {
  const h = await buildTestApp(t)
  await seedByLabA(t, h)
  const labId = accountId(h.db, 'test-lab')
  const persons = createPersonRepository(h.db)
  const cases = createCaseRepository(h.db)
  const original = persons.get('U-A')!
  t.equal(original.createdBy, labId, 'the person belongs to the lab that created it')
  t.equal(cases.get('CASE-A')!.createdBy, labId)

  const own = await h.app.inject({ method: 'PUT', url: '/persons/U-A', headers: h.authHeaders('lab'), payload: personBody(otherProfile, 'Kunming South') })
  t.equal(own.statusCode, 200, own.body)
  t.notOk('createdBy' in own.json().person, 'the owner account is not part of the answer')
  const history = persons.history('U-A')
  t.equal(history.length, 1)
  t.same(history[0].version.profile, original.profile, 'the previous profile is kept')
  t.equal(history[0].version.foundPlace, 'Kunming')
  t.equal(history[0].replacedBy, labId)
  t.match(history[0].replacedAt, /^\d{4}-\d\d-\d\dT/)
  t.equal(persons.get('U-A')!.createdBy, labId, 'a replacement does not change the owner')

  const oldCase = cases.get('CASE-A')!
  const caseRes = await h.app.inject({ method: 'PUT', url: '/cases/CASE-A', headers: h.authHeaders('lab'), payload: caseBody({ AF: otherProfile }) })
  t.equal(caseRes.statusCode, 200, caseRes.body)
  t.same(cases.history('CASE-A').map((v) => v.version.references), [oldCase.references], 'the previous references are kept')

  // Caseworkers keep the right to correct any record; the history names them.
  const cw = await h.app.inject({ method: 'PUT', url: '/persons/U-A', headers: h.authHeaders('caseworker'), payload: personBody(child, 'Kunming') })
  t.equal(cw.statusCode, 200, cw.body)
  t.same(persons.history('U-A').map((v) => v.replacedBy), [labId, accountId(h.db, 'test-caseworker')])

  const admin = h.authHeaders('admin')
  const delPerson = await h.app.inject({ method: 'DELETE', url: '/persons/U-A?reason=consent-withdrawn', headers: admin })
  t.equal(delPerson.statusCode, 200, delPerson.body)
  t.equal(delPerson.json().deleted.history, 2)
  const delCase = await h.app.inject({ method: 'DELETE', url: '/cases/CASE-A?reason=consent-withdrawn', headers: admin })
  t.equal(delCase.statusCode, 200, delCase.body)
  t.equal(delCase.json().deleted.history, 1)
  t.same([h.db.prepare('SELECT count(*) AS n FROM person_history').get(), h.db.prepare('SELECT count(*) AS n FROM case_history').get()], [{ n: 0 }, { n: 0 }], 'no history row is left')
})
