import t from 'tap'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { KIT_LOCI, TABLE, wireProfile } from '../../helpers/planted-families.ts'
import { createRng, simulatePedigree } from '../../helpers/simulate-family.ts'

// Two siblings abducted together: a boy (MP1) and a girl (MP2), children of F and M; the mother and an
// elder sister who stayed are typed.
const persons = [
  { id: 'F', sex: 'male' as const },
  { id: 'M', sex: 'female' as const },
  { id: 'MP1', sex: 'male' as const, father: 'F', mother: 'M' },
  { id: 'MP2', sex: 'female' as const, father: 'F', mother: 'M' },
  { id: 'S', sex: 'female' as const, father: 'F', mother: 'M' }
]
const family = simulatePedigree(createRng(1301), persons, TABLE, KIT_LOCI, { rates: { male: 0, female: 0 } })
const twoSlots = [{ slot: 'MP1', sex: 'male' }, { slot: 'MP2', sex: 'female' }]
const pedigreeBody = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'FAM-TWO',
  missingPersons: twoSlots,
  persons,
  genotypes: { M: wireProfile(family.M), S: wireProfile(family.S) },
  ...over
})

t.test('a case with two missing persons: stored, read back with both slots, re-upload a no-op, PUT replaces', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const lab = authHeaders('lab')
  const res = await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: pedigreeBody() })
  t.equal(res.statusCode, 201, res.body)
  const got = await app.inject({ method: 'GET', url: '/cases/FAM-TWO', headers: authHeaders('caseworker') })
  t.equal(got.statusCode, 200)
  t.same(got.json().missingPersons, twoSlots)
  t.same(got.json().missingPerson, { id: 'MP1', sex: 'male' }, 'the first slot is the missing person of the one-slot shape')
  const again = await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: pedigreeBody() })
  t.same([again.statusCode, again.json().changed], [200, false])
  // the girl alone is missing after all: a different case, replaced by PUT, one slot left
  const one = await app.inject({ method: 'PUT', url: '/cases/FAM-TWO', headers: lab, payload: pedigreeBody({ missingPersons: [{ slot: 'MP2', sex: 'female' }] }) })
  t.same([one.statusCode, one.json().changed], [200, true], one.body)
  t.same(one.json().case.missingPersons, [{ slot: 'MP2', sex: 'female' }])
  t.same(one.json().case.missingPerson, { id: 'MP2', sex: 'female' })
})

t.test('the one-missing-person shapes are unchanged and list their one slot', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const res = await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: { id: 'FAM-ONE', missingPerson: 'MP1', persons, genotypes: { M: wireProfile(family.M) } } })
  t.equal(res.statusCode, 201, res.body)
  t.same(res.json().case.missingPersons, [{ slot: 'MP1', sex: 'male' }])
  t.same(res.json().case.missingPerson, { id: 'MP1', sex: 'male' })
})

t.test('the relatives form adds a second missing child as a full sibling of the first (or as the relation given)', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const body = {
    id: 'FAM-REL',
    missingPersons: [{ slot: 'MP1', sex: 'male' }, { slot: 'MP2', sex: 'female' }, { slot: 'MP3', sex: 'male', relation: 'maternal-half-sibling' }],
    relatives: [{ id: 'mother', relation: 'mother', profile: wireProfile(family.M) }]
  }
  const res = await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: body })
  t.equal(res.statusCode, 201, res.body)
  const c = res.json().case
  const byId = Object.fromEntries(c.persons.map((p: { id: string }) => [p.id, p]))
  t.same(c.missingPersons, body.missingPersons.map(({ slot, sex }) => ({ slot, sex })))
  t.same([byId.MP2.father, byId.MP2.mother], [byId.MP1.father, 'mother'], 'MP2 a child of the same parents')
  t.equal(byId.MP2.relation, 'missing person')
  t.equal(byId.MP3.mother, 'mother')
  t.not(byId.MP3.father, byId.MP1.father, 'a maternal half sibling has another father')
})

t.test('bad slots are refused naming the field and the slot; nothing is stored', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const post = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload })
  const cases: Array<[string, Record<string, unknown>, RegExp, string]> = [
    ['a slot twice', pedigreeBody({ missingPersons: [{ slot: 'MP1', sex: 'male' }, { slot: 'MP1', sex: 'male' }] }), /missingPersons\[1\]\.slot MP1 is given twice/, 'missingPersons[1].slot'],
    ['a slot not in the pedigree', pedigreeBody({ missingPersons: [{ slot: 'MP1', sex: 'male' }, { slot: 'MP9', sex: 'male' }] }), /missingPersons\[1\]\.slot MP9 is not a person of the pedigree/, 'missingPersons[1].slot'],
    ['a sex against the pedigree', pedigreeBody({ missingPersons: [{ slot: 'MP1', sex: 'male' }, { slot: 'MP2', sex: 'male' }] }), /missingPersons\[1\]\.sex of MP2 is male but the pedigree has MP2 as female/, 'missingPersons[1].sex'],
    ['a relation in the pedigree form', pedigreeBody({ missingPersons: [{ slot: 'MP1', sex: 'male' }, { slot: 'MP2', sex: 'female', relation: 'full-sibling' }] }), /missingPersons\[1\]\.relation is for the relatives form/, 'missingPersons[1].relation']
  ]
  for (const [what, payload, message, field] of cases) {
    const res = await post(payload)
    t.equal(res.statusCode, 422, what)
    t.match(res.json().message, message, what)
    t.equal(res.json().details?.field, field, `${what}: the field`)
  }
  const sexMissing = await post(pedigreeBody({ missingPersons: [{ slot: 'MP1', sex: 'male' }, { slot: 'MP2' }] }))
  t.equal(sexMissing.statusCode, 400, 'a slot without a sex fails the schema')
  t.match(sexMissing.body, /missingPersons/)
  const both = await post(pedigreeBody({ missingPerson: 'MP1' }))
  t.equal(both.statusCode, 400)
  t.match(both.body, /missingPerson \(one missing person\) or missingPersons/)
  const got = await app.inject({ method: 'GET', url: '/cases/FAM-TWO', headers: authHeaders('caseworker') })
  t.equal(got.statusCode, 404, 'nothing stored')
})
