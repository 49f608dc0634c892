// The relatives form with a second missing child: two children taken together are stored as two slots of
// one pedigree (MP1, MP2, full or half siblings), drawn as missing both in the stored answer and in the live
// preview; without a second child the form stores the one-child case it always did.
import t from 'tap'
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts'

const MOTHER = 'D3S1358 14 17\nvWA 16 18\nFGA 22 23\nTH01 7 9\nD8S1179 10 14\nD21S11 30 31.2\nPenta D 11 13'
const headers = (ta: TestApp, lang = 'en'): Record<string, string> => ({ ...ta.authHeaders('lab'), accept: 'text/html', 'accept-language': lang, 'content-type': 'application/x-www-form-urlencoded' })
const post = async (ta: TestApp, fields: Record<string, string>, lang = 'en') =>
  await ta.app.inject({ method: 'POST', url: '/cases/new', payload: new URLSearchParams(fields).toString(), headers: headers(ta, lang) })
const family = (caseId: string, extra: Record<string, string> = {}): Record<string, string> => ({ caseId, missingSex: 'male', r0_id: 'M1', r0_relation: 'mother', r0_profile: MOTHER, ...extra })
/** Persons drawn as missing in a pedigree (the thick outline of a slot; the legend is not a person). */
const missingMarks = (svg: string): number => (svg.match(/<g class="person" data-id="[^"]+"><(?:circle|rect) [^>]*stroke-width="3"/g) ?? []).length

t.test('the form offers a second missing child, keyboard-reachable with its own labels', async (t) => {
  const ta = await buildTestApp(t)
  const form = await ta.app.inject({ method: 'GET', url: '/cases/new', headers: { ...ta.authHeaders('lab'), accept: 'text/html', 'accept-language': 'en' } })
  t.match(form.body, /<label for="missing2Sex">A second missing child \(MP2\), taken with the first: sex<\/label><select id="missing2Sex" name="missing2Sex" aria-describedby="missing2-help"><option value="" selected>none<\/option>/)
  t.match(form.body, /<label for="missing2Relation">MP2 is the first child&#39;s<\/label><select id="missing2Relation" name="missing2Relation"><option value="full-sibling">full sibling<\/option>/)
  const zh = await ta.app.inject({ method: 'GET', url: '/cases/new?lang=zh-CN', headers: ta.authHeaders('lab') })
  t.match(zh.body, /同时失踪的第二名儿童（MP2）：性别/)
})

t.test('a brother and a sister taken together: two slots of one pedigree, both drawn as missing', async (t) => {
  const ta = await buildTestApp(t)
  const res = await post(ta, family('FAM-FORM-2', { missing2Sex: 'female', missing2Relation: 'full-sibling' }))
  t.equal(res.statusCode, 201, res.body)
  t.match(res.body, /<dd id="stored-missing">MP1 \(male\), MP2 \(female\)<\/dd>/)
  t.equal(missingMarks((res.body.split('id="stored-pedigree"')[1] ?? '').split('</svg>')[0]), 2, 'both children drawn as missing')
  const c = (await ta.app.inject({ method: 'GET', url: '/cases/FAM-FORM-2', headers: ta.authHeaders('caseworker') })).json()
  t.same(c.missingPersons, [{ slot: 'MP1', sex: 'male' }, { slot: 'MP2', sex: 'female' }])
  const byId = Object.fromEntries(c.persons.map((p: { id: string }) => [p.id, p]))
  t.same([byId.MP2.father, byId.MP2.mother], [byId.MP1.father, 'M1'], 'full siblings: the same two parents')

  const half = await post(ta, family('FAM-FORM-3', { missing2Sex: 'male', missing2Relation: 'paternal-half-sibling' }), 'zh-CN')
  t.equal(half.statusCode, 201, half.body)
  const h = (await ta.app.inject({ method: 'GET', url: '/cases/FAM-FORM-3', headers: ta.authHeaders('caseworker') })).json()
  const hById = Object.fromEntries(h.persons.map((p: { id: string }) => [p.id, p]))
  t.equal(hById.MP2.father, hById.MP1.father)
  t.not(hById.MP2.mother, 'M1', 'a paternal half sibling has another mother')

  const one = await post(ta, family('FAM-FORM-1'))
  t.equal(one.statusCode, 201)
  const single = (await ta.app.inject({ method: 'GET', url: '/cases/FAM-FORM-1', headers: ta.authHeaders('caseworker') })).json()
  t.same(single.missingPersons, [{ slot: 'MP', sex: 'male' }], 'no second child: the one-child case as before')
  t.notMatch(one.body, /stored-missing/)

  const clash = await post(ta, family('FAM-FORM-4', { missing2Sex: 'female', r1_id: 'MP2', r1_relation: 'father', r1_profile: MOTHER }))
  t.equal(clash.statusCode, 422, 'a relative named MP2 clashes with the second child')
  t.match(clash.body, /MP2/)
})

t.test('the live preview draws the second child as missing', async (t) => {
  const ta = await buildTestApp(t)
  const res = await ta.app.inject({
    method: 'POST',
    url: '/pedigree-preview',
    headers: ta.authHeaders('lab'),
    payload: { missingPerson: { id: 'MP1', sex: 'male' }, otherMissing: [{ slot: 'MP2', sex: 'female', relation: 'full-sibling' }], relatives: [{ id: 'M1', relation: 'mother', typed: true }] }
  })
  t.equal(res.statusCode, 200, res.body)
  t.equal(res.json().persons, 4, 'untyped father, mother, MP1, MP2')
  t.equal(missingMarks(res.json().svg), 2)
})
