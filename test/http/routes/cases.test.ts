import t from 'tap'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { caseBody, personBody, plantFamilies } from '../../helpers/planted-families.ts'

const [trio, duo] = plantFamilies(99)

t.test('an identical re-upload is a no-op (200), a different one a conflict (409), PUT replaces', async (t) => {
  const { app, authHeaders, db } = await buildTestApp(t)
  const lab = authHeaders('lab')
  const first = await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody(trio) })
  t.equal(first.statusCode, 201)
  t.equal(first.json().created, true)
  const again = await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody(trio) })
  t.equal(again.statusCode, 200)
  t.same({ created: again.json().created, changed: again.json().changed }, { created: false, changed: false })
  const before = (db.prepare('SELECT updated_at AS u FROM cases WHERE id = ?').get(trio.caseId) as { u: string }).u
  t.equal((db.prepare('SELECT updated_at AS u FROM cases WHERE id = ?').get(trio.caseId) as { u: string }).u, before, 'nothing rewritten')

  const changed = caseBody(trio) as { genotypes: Record<string, Record<string, string[]>> }
  changed.genotypes.F.CSF1PO = ['7', '15']
  const conflict = await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: changed })
  t.equal(conflict.statusCode, 409)
  t.match(conflict.json().message, new RegExp(`case ${trio.caseId} already exists`))

  const put = await app.inject({ method: 'PUT', url: `/cases/${trio.caseId}`, headers: lab, payload: changed })
  t.equal(put.statusCode, 200)
  t.same(put.json().case.references.F.profile.CSF1PO, ['7', '15'])
  t.equal(put.json().changed, true)
})

t.test('profiles are stored canonical: locus aliases, allele text, homozygote written once', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const res = await app.inject({
    method: 'POST',
    url: '/persons',
    headers: authHeaders('lab'),
    payload: { id: 'U-canon', sex: 'male', profile: { VWA: ['17', '14'], THO1: ['9.3'], PENTA_D: ['12.0', '9'], Amelogenin: ['X', 'Y'] } }
  })
  t.equal(res.statusCode, 201)
  const { person } = res.json()
  t.same(person.profile, { vWA: ['14', '17'], TH01: ['9.3', '9.3'], 'Penta D': ['9', '12'] })
  t.same(person.amelogenin, ['X', 'Y'])
})

t.test('bad requests are refused naming the sample, locus and value', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const lab = authHeaders('lab')
  const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: lab, payload: payload as Record<string, unknown> })

  const ol = await post('/persons', { id: 'U-bad', sex: 'male', profile: { D3S1358: ['15', 'OL'] } })
  t.equal(ol.statusCode, 422)
  t.match(ol.json().message, /OL/)
  t.match(ol.json().message, /U-bad/)
  t.match(ol.json().message, /D3S1358/)

  const tri = await post('/persons', { id: 'U-tri', sex: 'male', profile: { FGA: ['20', '21', '22'] } })
  t.equal(tri.statusCode, 422)
  t.match(tri.json().message, /U-tri.*FGA|FGA.*U-tri/)

  const locus = await post('/persons', { id: 'U-loc', sex: 'female', profile: { D99S999: ['1', '2'] } })
  t.equal(locus.statusCode, 422)
  t.match(locus.json().message, /D99S999/)

  const twice = await post('/persons', { id: 'U-two', sex: 'female', profile: { vWA: ['14', '15'], VWA: ['14', '15'] } })
  t.equal(twice.statusCode, 422)
  t.match(twice.json().message, /vWA.*twice/)

  const number = await post('/persons', { id: 'U-num', sex: 'male', profile: { TH01: [9.3, 6] } })
  t.equal(number.statusCode, 400)
  t.match(number.json().message, /profile\.TH01/)

  const sex = await post('/persons', { id: 'U-sex', sex: 'M', profile: { TH01: ['6', '7'] } })
  t.equal(sex.statusCode, 400)
  t.match(sex.json().message, /sex/)

  const stranger = caseBody(duo) as { genotypes: Record<string, unknown> }
  stranger.genotypes.Q = { TH01: ['6', '7'] }
  const unknownPerson = await post('/cases', stranger)
  t.equal(unknownPerson.statusCode, 422)
  t.match(unknownPerson.json().message, /Q, who is not in the pedigree/)

  const cycle = await post('/cases', {
    id: 'C-cycle',
    missingPerson: 'MP',
    persons: [{ id: 'A', sex: 'male', father: 'MP', mother: 'B' }, { id: 'B', sex: 'female' }, { id: 'MP', sex: 'male', father: 'A', mother: 'B' }],
    genotypes: { A: { TH01: ['6', '7'] } }
  })
  t.equal(cycle.statusCode, 422)
  t.match(cycle.json().message, /own ancestor/)

  const neither = await post('/cases', { id: 'C-none', missingPerson: 'MP' })
  t.equal(neither.statusCode, 400)
  t.match(neither.json().message, /persons/)

  const table = await post('/cases', { ...caseBody(duo), frequencyTable: 'martian' })
  t.equal(table.statusCode, 422)
  t.match(table.json().message, /martian/)

  const malformed = await app.inject({ method: 'POST', url: '/persons', headers: { ...lab, 'content-type': 'application/json' }, payload: '{"id": ' })
  t.equal(malformed.statusCode, 400)

  t.equal((await app.inject({ method: 'GET', url: '/cases/nope/candidates', headers: authHeaders('caseworker') })).statusCode, 404)
})

t.test('an oracle case file is accepted as it is; the missing person\'s genotype is not taken as a reference', async (t) => {
  const { readFileSync } = await import('node:fs')
  const { app, authHeaders } = await buildTestApp(t)
  const file = JSON.parse(readFileSync(new URL('../../../fixtures/oracle-cases/duo_father_theta.json', import.meta.url), 'utf8')) as Record<string, unknown> & { genotypes: Record<string, unknown> }
  const res = await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: file })
  t.equal(res.statusCode, 201, res.body.slice(0, 300))
  t.same(Object.keys(res.json().case.references), ['AF'])
  t.match(res.json().warnings[0], /missing person MP is not a reference/)
  t.ok(res.json().case.references.AF.profile.vWA, 'VWA stored as vWA')
})

t.test('the relatives form builds the pedigree', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const lab = authHeaders('lab')
  const res = await app.inject({
    method: 'POST',
    url: '/cases',
    headers: lab,
    payload: {
      id: 'C-rel',
      missingPerson: { sex: 'female' },
      born: '2010-03-01',
      missingSince: '2014',
      relatives: [
        { id: 'Dad', relation: 'father', profile: { TH01: ['6', '9.3'] } },
        { id: 'Sis', relation: 'full-sibling', sex: 'female', profile: { TH01: ['6', '7'] } },
        { id: 'Gma', relation: 'maternal-grandmother', profile: { TH01: ['7', '8'] } }
      ]
    }
  })
  t.equal(res.statusCode, 201, res.body.slice(0, 300))
  const c = res.json().case
  t.same(c.missingPerson, { id: 'MP', sex: 'female', born: '2010-03-01', missingSince: '2014' })
  const byId = Object.fromEntries((c.persons as Array<{ id: string }>).map((p) => [p.id, p]))
  t.match(byId.MP, { father: 'Dad', mother: 'untyped-mother' })
  t.match(byId.Sis, { father: 'Dad', mother: 'untyped-mother', relation: 'full-sibling' })
  t.match(byId['untyped-mother'], { mother: 'Gma', father: 'untyped-maternal-grandfather' })

  const bad = await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { id: 'C-bad', missingPerson: { sex: 'male' }, relatives: [{ id: 'S', relation: 'full-sibling', profile: { TH01: ['6', '7'] } }] } })
  t.equal(bad.statusCode, 422)
  t.match(bad.json().message, /S \(full-sibling\) needs a sex/)

  // A caseworker reads the search counts (a lab is not told them: test/http/lab-visibility.test.ts).
  const person = await app.inject({ method: 'POST', url: '/persons', headers: authHeaders('caseworker'), payload: personBody('U-rel', 'female', { TH01: ['6', '7'] }) })
  t.equal(person.json().search.compared, 1, 'the new person was searched against the open case')
})
