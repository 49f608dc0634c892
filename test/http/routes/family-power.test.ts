// GET /cases/:id/power (202 while computing, then the stored figures), GET /weak-cases, the case page's
// "Family power" section, the weak-cases page, and the family power section of a report: one case, computed once.
import t from 'tap'
import { buildTestApp } from '../../helpers/build-test-app.ts'

const FATHER = { D3S1358: ['15', '16'], vWA: ['14', '17'], FGA: ['22', '24'], TH01: ['7', '9'], D8S1179: ['12', '14'], D21S11: ['29', '30'], D18S51: ['13', '15'], 'Penta D': ['9', '12'] }
const PERSON = { D3S1358: ['15', '17'], vWA: ['14', '18'], FGA: ['21', '24'], TH01: ['9', '9.3'], D8S1179: ['13', '14'], D21S11: ['29', '31.2'], D18S51: ['13', '17'], 'Penta D': ['9', '10'], D5S818: ['11', '12'], D13S317: ['8', '11'], D7S820: ['10', '11'], CSF1PO: ['10', '12'] }

t.test('family power over the API, the pages and the report', async (t) => {
  // bar 1: every case short of certainty is listed, so the one case here is
  const { app, authHeaders } = await buildTestApp(t, { env: { HOMEWARD_MUTATION: 'none', HOMEWARD_POWER_SIMULATIONS: '2', HOMEWARD_WEAK_POWER: '1', HOMEWARD_POWER_ON_ENTRY: 'on' } })
  const cw = authHeaders('caseworker')
  t.equal((await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: { id: 'C-9', missingPerson: { sex: 'male' }, relatives: [{ id: 'father', relation: 'father', profile: FATHER }] } })).statusCode, 201)
  const early = await app.inject({ method: 'GET', url: '/cases/C-9/power', headers: cw })
  t.equal(early.statusCode, 202, 'not computed yet: 202')
  t.same(early.json(), { caseId: 'C-9', status: 'computing' })
  t.equal((await app.inject({ method: 'GET', url: '/cases/NOPE/power', headers: cw })).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: '/cases/C-9/power', headers: authHeaders('lab') })).statusCode, 403, 'a lab reads no power')
  await app.services.power.idle()

  const ready = await app.inject({ method: 'GET', url: '/cases/C-9/power', headers: authHeaders('admin') })
  t.equal(ready.statusCode, 200)
  const p = ready.json()
  t.match(p, { caseId: 'C-9', status: 'ready', loci: 8, informativeLoci: 8, simulation: { simulations: 2 } })
  t.same(p.trueChild.pLrAtLeast.map((x: { lr: number }) => x.lr), [1000, 10000])
  t.ok(p.unrelated.exclusionPower > 0 && p.unrelated.exclusionPower < 1, 'a father excludes some unrelated persons')
  t.ok(p.nextRelatives.length > 0 && p.nextRelatives[0].relation !== undefined)
  t.notMatch(ready.body, /"(profile|genotypes)"|29\.30|"14","17"/, 'no genotype in the answer')

  const weak = await app.inject({ method: 'GET', url: '/weak-cases?sort=power', headers: cw })
  t.equal(weak.statusCode, 200)
  t.match(weak.json(), { bar: 1, sort: 'power', hasMore: false, cases: [{ caseId: 'C-9', current: true, pLrAtLeast: { 10000: p.trueChild.pLrAtLeast[1].probability }, exclusionPower: p.unrelated.exclusionPower }] })
  t.equal(weak.json().cases[0].bestNext.relation, p.nextRelatives[0].relation)

  for (const lang of ['en', 'zh-CN']) {
    const page = await app.inject({ method: 'GET', url: `/cases/C-9?lang=${lang}`, headers: { ...cw, accept: 'text/html' } })
    t.equal(page.statusCode, 200)
    t.match(page.body, /id="power-facts"/, `${lang}: the case page shows the figures`)
    t.match(page.body, lang === 'en' ? /Whom to sample next/ : /建议补充采样的亲属/)
    t.match(page.body, lang === 'en' ? /mother/ : /母亲/, 'the mother is among the relatives to ask for')
    // the next relatives' figures are exact since homeward-power/2: the method line must not say they were simulated
    t.match(page.body, lang === 'en' ? /figures are exact: summed over every genotype/ : /精确计算：对每名亲属可能的全部基因型求和/)
    t.notMatch(page.body, lang === 'en' ? /simulated \d+ times/ : /模拟 \d+ 次/)
    const list = await app.inject({ method: 'GET', url: `/weak-cases?lang=${lang}`, headers: { ...cw, accept: 'text/html' } })
    t.equal(list.statusCode, 200)
    t.match(list.body, /href="\/cases\/C-9"/, `${lang}: the weak-cases page lists the case`)
    t.match(list.body, /href="\/weak-cases"/, 'in the caseworker navigation')
  }

  t.equal((await app.inject({ method: 'POST', url: '/persons', headers: authHeaders('lab'), payload: { id: 'U-9', sex: 'male', profile: PERSON } })).statusCode, 201)
  const report = await app.inject({ method: 'GET', url: '/cases/C-9/persons/U-9/report', headers: cw })
  t.equal(report.statusCode, 200)
  t.match(report.json().familyPower, { status: 'ready', loci: 8, nextRelatives: p.nextRelatives })
  for (const [lang, heading] of [['en', 'Family power'], ['zh-CN', '家系效能']]) {
    const html = await app.inject({ method: 'GET', url: `/cases/C-9/persons/U-9/report?format=html&lang=${lang}`, headers: cw })
    t.match(html.body, heading, `${lang}: the report has its family power section`)
    t.match(html.body, /class="next-relatives"/)
  }
  const pdf = await app.inject({ method: 'GET', url: '/cases/C-9/persons/U-9/report?format=pdf&lang=en', headers: cw })
  t.equal(pdf.statusCode, 200)
  t.equal(pdf.headers['content-type'], 'application/pdf')
})
