// The family-case and person forms and the live pedigree preview: a trio entered as a plain form is
// stored (the stored case read back through the API), every problem listed naming the relative, line,
// locus or value, the preview route draws a trio and refuses a malformed relatives list by name, both
// languages, hostile ids as text, and roles (a lab may not open a caseworker page; an auditor may not
// open these).
import t from 'tap'
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts'

const FATHER = 'D3S1358 15 16\nvWA 17 18\nFGA 21 24\nTH01 6 9.3\nD8S1179 12 13\nD21S11 29 30\nPenta D 9 12\nAMEL X Y'
const MOTHER = 'D3S1358\t14\t17\nvWA,16,18\nFGA 22 23\nTH01 7 9\nD8S1179 10 14\nD21S11 30 31.2\nPenta D 11 13'

const html = (ta: TestApp, role: 'lab' | 'caseworker' | 'admin' | 'auditor' = 'lab'): Record<string, string> => ({ ...ta.authHeaders(role), accept: 'text/html', 'accept-language': 'en' })
const formHeaders = (ta: TestApp, role: 'lab' | 'caseworker' = 'lab'): Record<string, string> => ({ ...html(ta, role), 'content-type': 'application/x-www-form-urlencoded' })

async function postForm (ta: TestApp, url: string, fields: Record<string, string>, role: 'lab' | 'caseworker' = 'lab') {
  return await ta.app.inject({ method: 'POST', url, payload: new URLSearchParams(fields).toString(), headers: formHeaders(ta, role) })
}

const trio = (caseId: string): Record<string, string> => ({
  caseId,
  missingSex: 'female',
  born: '2014-03',
  missingSince: '2017-08-02',
  frequencyTable: 'nist1036_asian',
  r0_id: 'F1',
  r0_relation: 'father',
  r0_sex: '',
  r0_profile: FATHER,
  r1_id: 'M1',
  r1_relation: 'mother',
  r1_sex: '',
  r1_profile: MOTHER
})

t.test('the case form: a trio posted as a plain form is stored and read back through the API', async (t) => {
  const ta = await buildTestApp(t)
  const form = await ta.app.inject({ method: 'GET', url: '/cases/new', headers: html(ta) })
  t.equal(form.statusCode, 200)
  t.match(form.body, /<h1>Register a family case<\/h1>/)
  t.equal(form.body.match(/<fieldset class="relative-row"/g)?.length, 4, 'four empty rows without script')
  t.match(form.body, /<option value="paternal-half-sibling">paternal half sibling<\/option>/, 'the relations the relatives form accepts')
  t.match(form.body, /<option value="nist1036_asian">nist1036_asian \(default\)<\/option>/, 'the stored frequency tables')
  t.match(form.body, /<label for="r0_profile">Profile<\/label>/)
  t.match(form.body, /name="_csrf"/)

  const res = await postForm(ta, '/cases/new', trio('FAM-LAB-1'))
  t.equal(res.statusCode, 201)
  t.match(res.body, /<h2 id="stored-h">Case FAM-LAB-1 is stored\.<\/h2>/)
  t.match(res.body, /<dd>F1 \(7 Loci\), M1 \(7 Loci\)<\/dd>/, 'both references with their loci (AMEL kept apart)')
  t.match(res.body, /id="stored-pedigree"><svg [^>]*role="img"/, 'the stored pedigree drawn')
  t.notMatch(res.body, /Open the case page/, 'a lab has no case page to go to')

  const stored = await ta.app.inject({ method: 'GET', url: '/cases/FAM-LAB-1', headers: ta.authHeaders('caseworker') })
  t.equal(stored.statusCode, 200)
  const c = stored.json()
  t.equal(c.missingPerson.sex, 'female')
  t.equal(c.missingPerson.born, '2014-03')
  t.equal(c.missingPerson.missingSince, '2017-08-02')
  t.same(c.references.F1.profile.TH01, ['6', '9.3'])
  t.same(c.references.M1.profile.vWA, ['16', '18'], 'a comma-separated line read as the others')
  t.ok(c.references.F1.profile.PentaD ?? c.references.F1.profile['Penta D'], 'a locus name with a space')
  t.same(c.references.F1.amelogenin, ['X', 'Y'])
  const audit = ta.db.prepare("SELECT status, target_json FROM audit_log WHERE action = 'case.create'").all() as Array<{ status: number, target_json: string }>
  t.same(audit.map((a) => a.status), [201], 'one case.create entry, as POST /cases writes')
  t.notMatch(audit[0].target_json, /9\.3/, 'no allele in the audit trail')

  const again = await postForm(ta, '/cases/new', trio('FAM-LAB-1'))
  t.equal(again.statusCode, 200)
  t.match(again.body, /Case FAM-LAB-1 was already stored with exactly this content: nothing changed\./)

  const zh = await postForm(ta, '/cases/new?lang=zh-CN', trio('FAM-LAB-2'))
  t.equal(zh.statusCode, 201)
  t.match(zh.body, /<h1>登记家系案件<\/h1>/)
  t.match(zh.body, /案件 FAM-LAB-2 已存储。/)
  t.match(zh.body, /<option value="maternal-uncle">舅父<\/option>/)

  const cw = await postForm(ta, '/cases/new', trio('FAM-CW-1'), 'caseworker')
  t.equal(cw.statusCode, 201, 'a caseworker may register a case as the API allows')
  t.match(cw.body, /<a href="\/cases\/FAM-CW-1">Open the case page<\/a>/)
})

t.test('the case form lists every problem naming the relative, line, locus and value; nothing is stored', async (t) => {
  const ta = await buildTestApp(t)
  const fields = {
    ...trio('FAM-BAD'),
    r1_profile: 'D3S1358 14\nvWA 16 18\nvWA 16 17',
    r2_id: 'F2',
    r2_relation: 'father',
    r3_id: '',
    r3_relation: 'child',
    r3_profile: ''
  }
  const res = await postForm(ta, '/cases/new', fields)
  t.equal(res.statusCode, 400)
  t.match(res.body, /<div class="notice error" role="alert" id="form-errors"/)
  t.match(res.body, /<li>relative M1: line 1 \(&quot;D3S1358 14&quot;\): expected a locus and two alleles<\/li>/)
  t.match(res.body, /<li>relative M1: line 3: locus vWA is given twice<\/li>/)
  t.match(res.body, /<li>relative row 4: a relation or a profile without a relative id<\/li>/)
  t.match(res.body, /value="F1"/, 'the form keeps what was typed')

  // the API schema's refusals, by relative (an invisible character named, not echoed) and by field
  const schema = await postForm(ta, '/cases/new', { ...trio('FAM-SCHEMA'), born: 'March 2014', r1_id: 'M\u200b1' })
  t.equal(schema.statusCode, 400)
  t.match(schema.body, /<li>relative &quot;M&lt;U\+200B&gt;1&quot;: field id: id &quot;M&lt;U\+200B&gt;1&quot; has U\+200B ZERO WIDTH SPACE at position 2/)
  t.match(schema.body, /<li>field born: expected an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD<\/li>/)
  t.equal(ta.app.services.cases.get('FAM-BAD'), undefined)

  // the service's refusal, as POST /cases answers it: two fathers, named
  const two = await postForm(ta, '/cases/new', { ...trio('FAM-TWO'), r2_id: 'F2', r2_relation: 'father' })
  t.equal(two.statusCode, 422)
  t.match(two.body, /relative F2: there can be only one father/)
  // an allele the intake refuses, with its locus and value
  const ol = await postForm(ta, '/cases/new', { ...trio('FAM-OL'), r0_profile: 'TH01 OL 9.3' })
  t.ok(ol.statusCode >= 400 && ol.statusCode < 500)
  t.match(ol.body, /TH01[^<]*OL|OL[^<]*TH01/)
  t.equal(ta.app.services.cases.get('FAM-OL'), undefined)

  const hostile = await postForm(ta, '/cases/new', { ...trio('<script>x</script>'), r0_id: '"><img src=x>' })
  t.equal(hostile.statusCode, 201, 'the id rule allows these characters: they are stored and shown as text')
  t.notMatch(hostile.body, /<script>x<\/script>|<img src=x>/)
  t.match(hostile.body, /&lt;script&gt;|&lt;img/)
})

t.test('POST /pedigree-preview draws a trio and refuses a malformed relatives list by name', async (t) => {
  const ta = await buildTestApp(t)
  const ok = await ta.app.inject({
    method: 'POST',
    url: '/pedigree-preview',
    headers: ta.authHeaders('lab'),
    payload: { missingPerson: { sex: 'male' }, relatives: [{ id: 'F1', relation: 'father', typed: true }, { id: 'M1', relation: 'mother' }], locale: 'zh-CN', title: 'FAM-9' }
  })
  t.equal(ok.statusCode, 200)
  const { svg, persons } = ok.json()
  t.equal(persons, 3)
  t.match(svg, /^<svg [^>]*role="img"/)
  t.match(svg, /data-id="F1"/)
  t.match(svg, /data-id="M1"/)
  t.match(svg, /data-id="MP"/)
  t.match(svg, /FAM-9/)

  const bad = await ta.app.inject({ method: 'POST', url: '/pedigree-preview', headers: ta.authHeaders('caseworker'), payload: { missingPerson: { sex: 'male' }, relatives: [{ id: 'F1', relation: 'father' }, { id: 'F2', relation: 'father' }] } })
  t.equal(bad.statusCode, 422)
  t.match(bad.json().message, /relative F2: there can be only one father/)
  const sex = await ta.app.inject({ method: 'POST', url: '/pedigree-preview', headers: ta.authHeaders('lab'), payload: { missingPerson: { sex: 'male' }, relatives: [{ id: 'S1', relation: 'full-sibling' }, { id: 'U1', relation: 'mother', sex: 'male' }] } })
  t.equal(sex.statusCode, 422)
  t.match(sex.json().message, /relative U1 is the mother but has sex male/)
  const shape = await ta.app.inject({ method: 'POST', url: '/pedigree-preview', headers: ta.authHeaders('lab'), payload: { missingPerson: { sex: 'male' }, relatives: [{ id: 'X', relation: 'cousin' }] } })
  t.equal(shape.statusCode, 400)
  t.match(shape.json().message, /relation/)
  const profile = await ta.app.inject({ method: 'POST', url: '/pedigree-preview', headers: ta.authHeaders('lab'), payload: { missingPerson: { sex: 'male' }, relatives: [{ id: 'F1', relation: 'father', profile: { TH01: ['6', '9.3'] } }] } })
  t.equal(profile.statusCode, 400, 'no genotypes accepted by the drawing route')
  for (const role of ['admin', 'auditor'] as const) {
    t.equal((await ta.app.inject({ method: 'POST', url: '/pedigree-preview', headers: ta.authHeaders(role), payload: { missingPerson: { sex: 'male' }, relatives: [] } })).statusCode, 403, `${role} refused`)
  }
})

t.test('the person form: stored with its facts and AMEL, problems named, both languages', async (t) => {
  const ta = await buildTestApp(t)
  const page = await ta.app.inject({ method: 'GET', url: '/persons/new', headers: html(ta) })
  t.equal(page.statusCode, 200)
  t.match(page.body, /<h1>Register an unidentified person<\/h1>/)
  for (const label of ['Sample id', 'Estimated birth year', 'Where found', 'Amelogenin \\(AMEL\\)']) t.match(page.body, new RegExp(`<label for="[a-zA-Z]+">${label}`))

  const res = await postForm(ta, '/persons/new', { id: 'U-LAB-1', sex: 'female', birthYear: '2013', foundPlace: 'Kunming', foundDate: '2025-11', profile: MOTHER, amel: 'X X' })
  t.equal(res.statusCode, 201)
  t.match(res.body, /<h2 id="stored-h">Person U-LAB-1 is stored\.<\/h2>/)
  t.match(res.body, /<dd>X\/X<\/dd>/)
  const stored = ta.app.services.persons.get('U-LAB-1')
  t.equal(stored?.estimatedBirthYear, 2013)
  t.equal(stored?.foundPlace, 'Kunming')
  t.equal(stored?.foundDate, '2025-11')
  t.same(stored?.profile.FGA, ['22', '23'])
  t.same(stored?.amelogenin, ['X', 'X'])

  const bad = await postForm(ta, '/persons/new?lang=zh-CN', { id: 'U-LAB-2', sex: 'male', birthYear: '20x3', profile: 'FGA 22', amel: 'X' })
  t.equal(bad.statusCode, 400)
  t.match(bad.body, /第 1 行（“FGA 22”）：应为基因座及两个等位基因/)
  t.match(bad.body, /估计出生年份“20x3”不是有效年份/)
  t.match(bad.body, /性别基因座“X”：应为两个值/)
  t.equal(ta.app.services.persons.get('U-LAB-2'), undefined)
})

t.test('the person form: a sex that amelogenin contradicts is refused, and stored with the override reason', async (t) => {
  const ta = await buildTestApp(t)
  const refused = await postForm(ta, '/persons/new', { id: 'U-DEL', sex: 'male', profile: MOTHER, amel: 'X X' })
  t.equal(refused.statusCode, 422)
  t.match(refused.body, /amelogenin X,X indicates female but the person is declared male/)
  t.equal(ta.app.services.persons.get('U-DEL'), undefined)
  const reason = 'AMEL-Y deletion confirmed by Y-STRs'
  const res = await postForm(ta, '/persons/new', { id: 'U-DEL', sex: 'male', profile: MOTHER, amel: 'X X', sexOverride: reason })
  t.equal(res.statusCode, 201)
  t.match(res.body, /<dd id="stored-sex-override">AMEL-Y deletion confirmed by Y-STRs<\/dd>/)
  t.same(ta.app.services.persons.get('U-DEL')?.sexOverride, { reason })
  const entry = ta.db.prepare("SELECT target_json FROM audit_log WHERE action = 'person.create' AND status = 201").get() as { target_json: string }
  t.match(entry.target_json, /"sexOverride":"true"/)
  const page = await ta.app.inject({ method: 'GET', url: '/persons/U-DEL', headers: html(ta, 'caseworker') })
  t.match(page.body, /<dt>Sex kept against amelogenin<\/dt><dd id="sex-override">AMEL-Y deletion confirmed by Y-STRs<\/dd>/, 'the person page shows the override')
})

t.test('roles: a lab may not open a caseworker page; an auditor may not open the lab forms', async (t) => {
  const ta = await buildTestApp(t)
  t.equal((await ta.app.inject({ method: 'GET', url: '/inbox', headers: html(ta, 'lab') })).statusCode, 403)
  t.equal((await ta.app.inject({ method: 'GET', url: '/cases', headers: html(ta, 'lab') })).statusCode, 403)
  for (const url of ['/cases/new', '/persons/new', '/upload', '/my-uploads']) {
    const res = await ta.app.inject({ method: 'GET', url, headers: html(ta, 'auditor') })
    t.equal(res.statusCode, 403, `auditor refused ${url}`)
    t.match(res.body, /Your role may not open this page\./)
  }
  t.equal((await ta.app.inject({ method: 'GET', url: '/cases/new', headers: html(ta, 'caseworker') })).statusCode, 200)
  t.equal((await postForm(ta, '/persons/new', { id: 'U-1', sex: 'male', profile: FATHER }, 'caseworker')).statusCode, 201)
})
