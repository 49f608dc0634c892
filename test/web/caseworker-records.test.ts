// The caseworker's lists, case page and person page on planted families entered through the API: real
// ids, numbers and candidates in both languages, search, filters and pages, assignment, escaping of
// hostile ids, the API still answering JSON at the same addresses, and every other role refused.
import t from 'tap'
import { caseBody, personBody } from '../helpers/planted-families.ts'
import { seedWorkspace } from '../helpers/caseworker-seed.ts'
import { addAccount } from '../helpers/accounts.ts'

const form = (headers: Record<string, string>): Record<string, string> => ({ ...headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' })
const bodyRows = (body: string, table: string): number => (((body.split(`<table id="${table}">`)[1] ?? '').split('</tbody>')[0].split('<tbody>')[1] ?? '').match(/<tr>/g) ?? []).length

t.test('lists, case page and person page', async (t) => {
  const ws = await seedWorkspace(t)
  const [a, b] = ws.families

  const cases = await ws.page('/cases')
  t.equal(cases.statusCode, 200)
  t.match(cases.body, /<h1>Family cases<\/h1>/)
  for (const f of [a, b]) t.match(cases.body, `<a href="/cases/${f.caseId}">${f.caseId}</a>`)
  t.equal(bodyRows(cases.body, 'cases'), 2)
  t.match(cases.body, /<td class="num">1<\/td><td class="num">\d+\.\d\d <span class="muted">\(\d\.\d × 10<sup>\d+<\/sup>\)<\/span><\/td>/, 'one candidate and its best LR')
  const zh = await ws.page('/cases', { lang: 'zh-CN' })
  t.match(zh.body, /<h1>家系案件<\/h1>/)
  t.match(zh.body, /失踪人员性别/)
  t.match(zh.body, /未结/)
  t.equal(bodyRows((await ws.page(`/cases?q=${a.caseId}`)).body, 'cases'), 1, 'search by id')
  t.match((await ws.page('/cases?status=closed')).body, /No case matches\./, 'status filter')

  const persons = await ws.page('/persons')
  t.match(persons.body, /<h1>Unidentified persons<\/h1>/)
  t.match(persons.body, `<a href="/persons/${a.personId}">${a.personId}</a>`)
  t.match(persons.body, /Guangzhou U-0/)
  t.match(persons.body, /March 5, 2024/, 'dates as the locale writes them')
  t.match((await ws.page('/persons', { lang: 'zh-CN' })).body, /2024年3月5日/)
  t.equal(bodyRows((await ws.page('/persons?q=guangzhou%20U-1')).body, 'persons'), 1, 'search by place')

  // The case page: pedigree, facts, references by locus, the candidate, empty later sections.
  const page = await ws.page(`/cases/${a.caseId}`)
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  t.match(page.body, `<h1>Case ${a.caseId}</h1>`)
  t.match(page.body, /<svg [^>]*role="img"/, 'the pedigree drawn')
  for (const ref of Object.keys(a.references)) t.match(page.body, `data-id="${ref}"`)
  const [ref] = Object.keys(a.references)
  t.match(page.body, `<tr><th scope="row">D3S1358</th><td>${a.references[ref].D3S1358.join('/')}</td>`, 'a reference\'s alleles by locus')
  t.match(page.body, `<a href="/cases/${a.caseId}/persons/${a.personId}">Open the pair</a>`, 'the true child ranked with a link to the pair')
  t.match(page.body, /<td class="num">1<\/td>\s*<th scope="row"><a href="\/persons\/U-0">U-0<\/a><\/th>/, 'at rank 1')
  t.match(page.body, /<span class="decision supported">supported<\/span>/)
  // family power: asked for by the first visit, shown once computed
  t.match(page.body, /Family power<\/h2>\s*<p class="muted" id="power-status">Being computed/)
  await ws.app.services.power.idle()
  const computed = await ws.page(`/cases/${a.caseId}`)
  t.match(computed.body, /Family power<\/h2>\s*<p class="muted">[^<]*<\/p>\s*<dl class="facts" id="power-facts">/, 'the figures once computed')
  t.match(computed.body, /<table id="next-relatives">/, 'whom to sample next')
  t.match(page.body, new RegExp(`Joint identification</h2>\\s*<table id="identification">[\\s\\S]*data-conclusion="[^"]+"[\\s\\S]*<a href="/persons/${a.personId}">${a.personId}</a>`), 'the joint identification names the true child (issue 13)')
  t.match(page.body, /id="case-alerts"/, 'the case\'s alerts')
  const pageZh = await ws.page(`/cases/${a.caseId}`, { lang: 'zh-CN' })
  t.match(pageZh.body, /候选排名/)
  t.match(pageZh.body, /家系效能/)
  t.match(pageZh.body, /已检测亲属/, 'the pedigree\'s legend in the page\'s language')
  t.match(pageZh.body, /<span class="decision supported">支持<\/span>/)

  // The API keeps answering JSON at the page's address.
  const api = await ws.app.inject({ method: 'GET', url: `/cases/${a.caseId}`, headers: ws.authHeaders('caseworker') })
  t.equal(api.statusCode, 200)
  t.match(api.headers['content-type'], /application\/json/)
  t.equal((api.json() as { id: string }).id, a.caseId)
  t.match((await ws.app.inject({ method: 'GET', url: `/persons/${a.personId}`, headers: { ...ws.authHeaders('caseworker'), accept: 'application/json' } })).headers['content-type'], /application\/json/)

  // Assigning: to me, then to another caseworker; a lab account is refused.
  addAccount(ws.db, 'caseworker', 'cw-2')
  const cw = ws.authHeaders('caseworker')
  const me = await ws.app.inject({ method: 'POST', url: `/cases/${a.caseId}/assign`, headers: form(cw), payload: 'account=test-caseworker' })
  t.equal(me.statusCode, 303, me.body.slice(0, 300))
  t.match((await ws.page(`/cases/${a.caseId}?assigned=1`)).body, /Assigned to test-caseworker\./)
  t.equal(bodyRows((await ws.page('/cases?mine=1')).body, 'cases'), 1, 'mine: the assigned case only')
  t.equal((await ws.app.inject({ method: 'POST', url: `/cases/${a.caseId}/assign`, headers: form(cw), payload: 'account=test-lab' })).statusCode, 400, 'only a caseworker')
  t.equal((await ws.app.inject({ method: 'POST', url: `/cases/${a.caseId}/assign`, headers: form(cw), payload: 'account=cw-2' })).statusCode, 303)
  const assigned = await ws.page(`/cases/${a.caseId}`)
  t.match(assigned.body, /<dt>Assignee<\/dt><dd>cw-2<\/dd>/)
  t.match(assigned.body, /<option value="cw-2" selected>cw-2<\/option>/)
  t.match(assigned.body, /id="assign-me"/)

  // The person page: facts, profile, ranked cases.
  const person = await ws.page(`/persons/${a.personId}`)
  t.equal(person.statusCode, 200)
  t.match(person.body, `<h1>Person ${a.personId}</h1>`)
  t.match(person.body, `<tr><th scope="row">D3S1358</th><td>${a.child.D3S1358.join('/')}</td></tr>`)
  t.match(person.body, `<a href="/cases/${a.caseId}">${a.caseId}</a>`)
  t.match((await ws.page(`/persons/${a.personId}`, { lang: 'zh-CN' })).body, /案件排名/)
  t.equal((await ws.page('/cases/NO-SUCH')).statusCode, 404)
  t.match((await ws.page('/persons/NO-SUCH')).body, /Not found/)

  for (const role of ['lab', 'admin', 'auditor'] as const) {
    for (const url of ['/cases', '/persons', `/cases/${a.caseId}`, `/persons/${a.personId}`, `/cases/${b.caseId}/persons/${b.personId}`]) {
      const r = await ws.page(url, { headers: ws.authHeaders(role) })
      t.equal(r.statusCode, 403, `${role} ${url}`)
      t.notMatch(r.body, a.child.D3S1358.join('/') === '' ? /^$/ : new RegExp(`<td>${a.child.D3S1358.join('/')}</td>`), 'no genotype on a refusal')
    }
    t.equal((await ws.app.inject({ method: 'POST', url: `/cases/${a.caseId}/assign`, headers: form(ws.authHeaders(role)), payload: 'account=cw-2' })).statusCode, 403)
  }
})

t.test('pages of the case list, and hostile ids escaped everywhere', async (t) => {
  const ws = await seedWorkspace(t, { families: 1 })
  const [f] = ws.families
  const lab = ws.authHeaders('lab')
  for (let i = 0; i < 51; i++) {
    const res = await ws.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { ...caseBody(f), id: `PAGE-${String(i).padStart(2, '0')}` } })
    t.equal(res.statusCode, 201)
  }
  const first = await ws.page('/cases')
  t.equal(bodyRows(first.body, 'cases'), 50)
  t.match(first.body, /<a href="\/cases\?page=2" rel="next">Next<\/a>/)
  t.match(first.body, /PAGE-50/, 'newest first')
  const second = await ws.page('/cases?page=2')
  t.equal(bodyRows(second.body, 'cases'), 2, '52 cases: 2 on page 2')
  t.match(second.body, f.caseId, 'the oldest last')
  t.match((await ws.page('/cases?q=PAGE&status=open')).body, /href="\/cases\?q=PAGE&amp;status=open&amp;page=2"/, 'the pager keeps the filters')

  const caseId = '<script>alert("c")</script>'
  const personId = '"><img src=x onerror=alert(1)>'
  t.equal((await ws.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { ...caseBody(f), id: caseId } })).statusCode, 201)
  t.equal((await ws.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { ...personBody(personId, f.mpSex, f.child), foundPlace: '<b>place</b>' } })).statusCode, 201)
  const c = encodeURIComponent(caseId)
  const p = encodeURIComponent(personId)
  for (const url of ['/inbox', '/cases?q=%3Cscript', '/persons', `/cases/${c}`, `/persons/${p}`, `/cases/${c}/persons/${p}`]) {
    const r = await ws.page(url)
    t.equal(r.statusCode, 200, url)
    t.notMatch(r.body, /<script>alert|<img src=x|<b>place/, `${url}: nothing hostile became markup`)
  }
  const casePage = await ws.page(`/cases/${c}`)
  t.match(casePage.body, /&lt;script&gt;alert\(&quot;c&quot;\)&lt;\/script&gt;/)
  t.match(casePage.body, `href="/persons/${p}"`, 'links carry the id encoded')
})
