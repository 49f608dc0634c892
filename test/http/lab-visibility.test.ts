import { readFileSync } from 'node:fs'
import t from 'tap'
import { addAccount } from '../helpers/accounts.ts'
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts'

// What a lab account learns about records that are not its own (issue 15, item 9): nothing but that an
// id is taken. The father–child duo of the oracle files gives a case with a stored match.
const oracle = JSON.parse(readFileSync(new URL('../../fixtures/oracle-cases/duo_father_theta.json', import.meta.url), 'utf8')) as { persons: unknown[], missingPerson: string, genotypes: Record<string, Record<string, [string, string]>> }
const refs = Object.fromEntries(Object.entries(oracle.genotypes).filter(([id]) => id !== oracle.missingPerson))
const child = oracle.genotypes[oracle.missingPerson]
const caseBody = { id: 'CASE-A', missingPerson: oracle.missingPerson, persons: oracle.persons, genotypes: refs }
const personBody = { id: 'U-A', sex: 'male', profile: child }
const changedChild = { ...child, TH01: ['6', '8'] }

function multipart (name: string, content: string, options: unknown): { payload: Buffer, headers: Record<string, string> } {
  const boundary = '----homeward-lab-visibility'
  const payload = Buffer.from([
    `--${boundary}\r\nContent-Disposition: form-data; name="options"\r\n\r\n${JSON.stringify(options)}\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`,
    `--${boundary}--\r\n`
  ].join(''))
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function importFile (h: TestApp, headers: Record<string, string>, rows: string[], options: unknown) {
  const body = multipart('refs.csv', ['SampleName,Marker,Allele1,Allele2', ...rows].join('\n'), { dryRun: false, mode: 'accepted-only', ...options as object })
  return await h.app.inject({ method: 'POST', url: '/imports', payload: body.payload, headers: { ...body.headers, ...headers } })
}

t.test('a lab\'s upload answers carry no search counts; a caseworker\'s do', async (t) => {
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  const kase = await h.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody })
  t.equal(kase.statusCode, 201)
  t.notOk('search' in kase.json(), 'POST /cases')
  const person = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody })
  t.equal(person.statusCode, 201)
  t.notOk('search' in person.json(), 'POST /persons')
  const put = await h.app.inject({ method: 'PUT', url: '/persons/U-A', headers: lab, payload: { ...personBody, foundPlace: 'Xi\'an' } })
  t.equal(put.statusCode, 200)
  t.notOk('search' in put.json(), 'PUT /persons')
  const rows = Object.entries(child).map(([locus, [a, b]]) => `U-B,${locus},${a},${b}`)
  const imported = await importFile(h, lab, rows, { mapping: { 'U-B': { side: 'unidentified', sex: 'male' } } })
  t.equal(imported.statusCode, 201, imported.body)
  t.same(imported.json().search, { deferred: false }, 'POST /imports: whether the search ran, not what it compared')

  const cw = await h.app.inject({ method: 'POST', url: '/persons', headers: h.authHeaders('caseworker'), payload: { ...personBody, id: 'U-C' } })
  t.same(cw.json().search, { compared: 1, stored: 1 }, 'a caseworker reads the counts')
})

t.test('a 409 on another account\'s id says only that the id is taken: no content, status or match', async (t) => {
  const h = await buildTestApp(t)
  const labA = h.authHeaders('lab')
  const labB = addAccount(h.db, 'lab', 'lab-b').headers
  t.equal((await h.app.inject({ method: 'POST', url: '/cases', headers: labA, payload: caseBody })).statusCode, 201)
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: labA, payload: personBody })).statusCode, 201)
  // Confirmed by two caseworkers: the case and the person are closed.
  const cw2 = addAccount(h.db, 'caseworker', 'caseworker-2').headers
  for (const headers of [h.authHeaders('caseworker'), cw2]) {
    const r = await h.app.inject({ method: 'POST', url: '/cases/CASE-A/persons/U-A/reviews', headers, payload: { decision: 'confirm', note: 'match' } })
    t.equal(r.statusCode, 201, r.body)
  }

  for (const [what, url, payload] of [
    ['a different person', '/persons', { ...personBody, profile: changedChild }],
    ['the identical person', '/persons', personBody],
    ['a different case', '/cases', { ...caseBody, born: '2010-01-01' }],
    ['the identical case', '/cases', caseBody]
  ] as const) {
    const r = await h.app.inject({ method: 'POST', url, headers: labB, payload })
    t.equal(r.statusCode, 409, `${what}: ${r.body}`)
    t.equal(r.json().message, url === '/persons' ? 'person id U-A is already taken' : 'case id CASE-A is already taken', what)
    t.notMatch(r.json().message, /closed|confirm|different|content|open/, `${what}: nothing about the record`)
  }
  const put = await h.app.inject({ method: 'PUT', url: '/persons/U-A', headers: labB, payload: { ...personBody, profile: changedChild } })
  t.equal(put.statusCode, 403)
  t.notMatch(put.body, /closed|confirm/, 'a refused PUT does not tell that the match was confirmed')

  // The owner learns about its own record.
  const own = await h.app.inject({ method: 'PUT', url: '/persons/U-A', headers: labA, payload: { ...personBody, profile: changedChild } })
  t.equal(own.statusCode, 409)
  t.match(own.json().message, /closed \(a match was confirmed\)/)
})

t.test('import refusals do not describe another account\'s case or person', async (t) => {
  const h = await buildTestApp(t)
  const labA = h.authHeaders('lab')
  const labB = addAccount(h.db, 'lab', 'lab-b').headers
  // Lab A's case: the father typed, the mother in the pedigree but untyped; lab A's person U-A.
  t.equal((await h.app.inject({ method: 'POST', url: '/cases', headers: labA, payload: caseBody })).statusCode, 201)
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: labA, payload: personBody })).statusCode, 201)
  const profileRows = (sample: string): string[] => Object.entries(changedChild).map(([locus, [a, b]]) => `${sample},${locus},${a},${b}`)
  const rows = ['AF-2', 'M-2', 'UNCLE-2', 'U-A'].flatMap(profileRows)
  const mapping = {
    'AF-2': { side: 'reference', caseId: 'CASE-A', personId: 'AF' }, // typed already
    'M-2': { side: 'reference', caseId: 'CASE-A', relation: 'M' }, // untyped
    'UNCLE-2': { side: 'reference', caseId: 'CASE-A', relation: 'uncle' }, // not in the pedigree
    'U-A': { side: 'unidentified', sex: 'male' } // lab A's person, another profile
  }
  const before = JSON.stringify([h.db.prepare('SELECT * FROM reference_profiles').all(), h.db.prepare('SELECT * FROM unidentified_persons').all()])
  const byB = await importFile(h, labB, rows, { mapping })
  t.equal(byB.statusCode, 200, byB.body)
  const taken = 'case CASE-A belongs to another account: a lab adds references only to its own cases'
  t.same(byB.json().commit.refused, [
    { id: 'AF-2', reasons: [taken] },
    { id: 'M-2', reasons: [taken] },
    { id: 'UNCLE-2', reasons: [taken] },
    { id: 'U-A', reasons: ['unidentified person id U-A is already taken'] }
  ], 'one answer whether the relative is typed, untyped or absent')
  t.equal(JSON.stringify([h.db.prepare('SELECT * FROM reference_profiles').all(), h.db.prepare('SELECT * FROM unidentified_persons').all()]), before, 'nothing stored')

  // Lab A, the owner, is told about its own case and may add the mother.
  const byA = await importFile(h, labA, rows, { mapping })
  t.equal(byA.statusCode, 201, byA.body)
  t.same(byA.json().commit.stored.references, [{ sampleId: 'M-2', caseId: 'CASE-A', personId: 'M' }])
  const reasons = Object.fromEntries(byA.json().commit.refused.map((r: { id: string, reasons: string[] }) => [r.id, r.reasons[0]]))
  t.match(reasons['AF-2'], /person AF of case CASE-A already has a different reference profile/)
  t.match(reasons['UNCLE-2'], /case CASE-A has no person with relation "uncle"/)
  t.match(reasons['U-A'], /already stored with a different profile or sex/)
})
