import t, { type Test } from 'tap'
import { ROLES, type Role } from '../../src/core/trust/token.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'
import { createUnitRepository, ROOT_UNIT_ID } from '../../src/storage/unit-repository.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { caseBody, personBody, plantFamilies } from '../helpers/planted-families.ts'

/**
 * Units through the API and the pages (issue 16): lists hold the unit and below, a person of another
 * unit is seen only as the candidate of one's own case, records are placed in one's unit or below,
 * admins manage their unit and below. The tree: National → Guangdong → {Shenzhen, Guangzhou}; Hunan.
 */
async function world (t: Test) {
  const ws = await buildTestApp(t, { trust: { limits: { ratePerToken: 100_000 } } })
  const units = createUnitRepository(ws.db)
  const gd = units.create({ parentId: ROOT_UNIT_ID, name: 'Guangdong', level: 'province' })
  const sz = units.create({ parentId: gd.id, name: 'Shenzhen', level: 'city' })
  const gz = units.create({ parentId: gd.id, name: 'Guangzhou', level: 'city' })
  const hn = units.create({ parentId: ROOT_UNIT_ID, name: 'Hunan', level: 'province' })
  const tokens = createTokenRepository(ws.db)
  const headers = new Map<string, Record<string, string>>()
  for (const [prefix, unit] of [['sz', sz], ['gz', gz], ['gd', gd], ['hn', hn]] as const) {
    for (const role of ROLES) {
      tokens.createUser({ name: `${prefix}-${role}`, role, unitId: unit.id })
      headers.set(`${prefix}-${role}`, { authorization: `Bearer ${tokens.issueToken({ userName: `${prefix}-${role}`, createdBy: 'test' }).secret}` })
    }
  }
  const as = (name: string): Record<string, string> => name.startsWith('national-') ? ws.authHeaders(name.slice(9) as Role) : headers.get(name) ?? {}
  const inject = async (method: 'GET' | 'POST' | 'PUT', url: string, who: string, payload?: Record<string, unknown>) =>
    await ws.app.inject({ method, url, headers: as(who), ...(payload === undefined ? {} : { payload }) })
  const page = async (url: string, who: string) => await ws.app.inject({ method: 'GET', url, headers: { ...as(who), accept: 'text/html' } })
  return { ...ws, units, gd, sz, gz, hn, as, inject, page }
}

t.test('lists, the pair rule and by-id reads', async (t) => {
  const w = await world(t)
  const [f0, f1] = plantFamilies(20261201)
  t.equal((await w.inject('POST', '/cases', 'sz-lab', caseBody(f0))).statusCode, 201)
  t.equal((await w.inject('POST', '/cases', 'gz-caseworker', caseBody(f1))).statusCode, 201)
  // family 0's child was found in Hunan; another Hunan person is nobody's candidate
  t.equal((await w.inject('POST', '/persons', 'hn-lab', personBody(f0.personId, f0.mpSex, f0.child))).statusCode, 201)
  t.equal((await w.inject('POST', '/persons', 'hn-caseworker', personBody('P-HN-OTHER', f1.mpSex === 'male' ? 'female' : 'male', f1.child))).statusCode, 201)

  const caseList = async (who: string) => (await w.page('/cases', who)).body
  t.match(await caseList('sz-caseworker'), `/cases/${f0.caseId}`, 'Shenzhen lists its case')
  t.notMatch(await caseList('sz-caseworker'), `/cases/${f1.caseId}`, 'not Guangzhou\'s')
  t.notMatch(await caseList('gz-caseworker'), `/cases/${f0.caseId}`, 'Guangzhou does not list Shenzhen\'s')
  for (const who of ['gd-caseworker', 'national-caseworker']) {
    const body = await caseList(who)
    t.ok(body.includes(`/cases/${f0.caseId}`) && body.includes(`/cases/${f1.caseId}`), `${who} lists both cities' cases`)
  }
  t.notMatch(await caseList('hn-caseworker'), /\/cases\/FAM/, 'Hunan lists no case of Guangdong')

  const personList = async (who: string) => (await w.page('/persons', who)).body
  t.notMatch(await personList('sz-caseworker'), `/persons/${f0.personId}`, 'the child is not in Shenzhen\'s person list')
  t.match(await personList('hn-caseworker'), `/persons/${f0.personId}`, 'it is in Hunan\'s')
  t.match(await personList('national-caseworker'), `/persons/${f0.personId}`)

  // the pair rule: Shenzhen sees the child only as its case's candidate
  const candidates = await w.inject('GET', `/cases/${f0.caseId}/candidates`, 'sz-caseworker')
  t.equal(candidates.statusCode, 200)
  t.ok((candidates.json() as { candidates: Array<{ personId: string }> }).candidates.some((c) => c.personId === f0.personId), 'the candidate list of its case names the child')
  const report = `/cases/${f0.caseId}/persons/${f0.personId}/report?format=json`
  for (const who of ['sz-caseworker', 'hn-caseworker', 'gd-caseworker', 'national-caseworker']) {
    t.equal((await w.inject('GET', report, who)).statusCode, 200, `${who} reads the pair's report`)
  }
  t.equal((await w.inject('GET', report, 'gz-caseworker')).statusCode, 404, 'a unit of neither side does not')
  t.equal((await w.inject('GET', `/persons/${f0.personId}`, 'sz-caseworker')).statusCode, 404, 'nor does the pair open the person\'s own page to Shenzhen')
  t.equal((await w.page(`/persons/${f0.personId}`, 'sz-caseworker')).statusCode, 404, 'as a page neither')
  t.equal((await w.inject('GET', `/persons/${f0.personId}/candidates`, 'sz-caseworker')).statusCode, 404)
  t.equal((await w.page(`/cases/${f0.caseId}/persons/${f0.personId}`, 'sz-caseworker')).statusCode, 200, 'the pair page opens for Shenzhen')
  const notCandidate = `/cases/${f0.caseId}/persons/P-HN-OTHER/report?format=json`
  t.equal((await w.inject('GET', notCandidate, 'sz-caseworker')).statusCode, 404, 'a Hunan person that is no candidate of the case: no report (its profile stays Hunan\'s)')
  t.equal((await w.inject('GET', notCandidate, 'national-caseworker')).statusCode, 200, 'the national level may make any report')
  const review = await w.inject('POST', `/cases/${f0.caseId}/persons/${f0.personId}/reviews`, 'gz-caseworker', { decision: 'confirm', note: 'not ours' })
  t.equal(review.statusCode, 404, 'a unit of neither side cannot review the pair')
})

t.test('placing records: one\'s unit or below, shown with the record', async (t) => {
  const w = await world(t)
  const [f0, f1, f2] = plantFamilies(20261202)
  const made = await w.inject('POST', '/cases', 'gd-caseworker', { ...caseBody(f0), unit: w.sz.id })
  t.equal(made.statusCode, 201, 'a province places a case in one of its cities')
  t.match(made.json(), { case: { unit: { id: w.sz.id, name: 'Shenzhen', level: 'city', path: 'National / Guangdong / Shenzhen' } } })
  t.match((await w.inject('GET', `/cases/${f0.caseId}`, 'sz-caseworker')).json(), { unit: { id: w.sz.id } }, 'the city reads it')
  t.match((await w.page(`/cases/${f0.caseId}`, 'sz-caseworker')).body, 'National / Guangdong / Shenzhen', 'its page names the unit')
  const mine = await w.inject('POST', '/cases', 'sz-caseworker', caseBody(f1))
  t.match(mine.json(), { case: { unit: { id: w.sz.id } } }, 'without a unit: the submitter\'s')
  for (const [who, unit] of [['sz-caseworker', w.gd.id], ['sz-caseworker', w.gz.id], ['sz-lab', w.hn.id], ['sz-caseworker', 9999]] as const) {
    const res = await w.inject('POST', '/cases', who, { ...caseBody(f2), unit })
    t.equal(res.statusCode, 400, `${who} cannot place a case in unit ${unit}`)
    t.match(res.json(), { message: new RegExp(`unit ${unit} is not unit ${w.sz.id} \\(yours\\) or one below it`) }, 'the same words whether the unit exists or not')
  }
  t.equal((w.db.prepare('SELECT count(*) AS n FROM cases WHERE id = ?').get(f2.caseId) as { n: number }).n, 0, 'nothing stored')
  // another unit's id is taken, and nothing about it is told
  const taken = await w.inject('POST', '/cases', 'gz-caseworker', caseBody(f0))
  t.equal(taken.statusCode, 409)
  t.match(taken.json(), { message: `case id ${f0.caseId} is already taken` }, 'not "identical", not its content')
  t.notMatch(taken.body, /references|genotype/)
  t.equal((await w.inject('PUT', `/cases/${f0.caseId}`, 'gz-caseworker', caseBody(f0))).statusCode, 404, 'a sibling\'s PUT is a 404')
  // a replacement keeps its unit unless one is given; a province may move it between its cities
  const replaced = await w.inject('PUT', `/cases/${f0.caseId}`, 'gd-caseworker', { ...caseBody(f0), born: '2010-01-01' })
  t.match(replaced.json(), { case: { unit: { id: w.sz.id } } })
  const moved = await w.inject('PUT', `/cases/${f0.caseId}`, 'gd-caseworker', { ...caseBody(f0), born: '2010-01-02', unit: w.gz.id })
  t.match(moved.json(), { case: { unit: { id: w.gz.id } } })
  t.equal((await w.inject('GET', `/cases/${f0.caseId}`, 'sz-caseworker')).statusCode, 404, 'gone from Shenzhen\'s view')
  const person = await w.inject('POST', '/persons', 'hn-lab', { ...personBody('P-1', f0.mpSex, f0.child) })
  t.match(person.json(), { person: { unit: { id: w.hn.id, path: 'National / Hunan' } } })
  t.match((await w.page('/persons/P-1', 'hn-caseworker')).body, 'National / Hunan', 'and the person\'s page')
  t.equal((await w.inject('POST', '/persons', 'hn-lab', { ...personBody('P-2', f0.mpSex, f0.child), unit: w.sz.id })).statusCode, 400)
})

t.test('admins manage their unit and below', async (t) => {
  const w = await world(t)
  const names = async (who: string) => ((await w.inject('GET', '/users', who)).json() as { users: Array<{ name: string, unit: { id: number } }> }).users.map((u) => u.name)
  const gz = await names('gz-admin')
  t.ok(gz.includes('gz-lab') && !gz.includes('sz-lab') && !gz.includes('gd-lab') && !gz.includes('test-lab'), 'a city admin lists its own accounts only')
  const gd = await names('gd-admin')
  t.ok(gd.includes('gz-lab') && gd.includes('sz-lab') && gd.includes('gd-lab') && !gd.includes('hn-lab'), 'a province admin lists its cities\' too')
  t.ok((await names('national-admin')).includes('hn-lab'), 'the national admin lists all')
  for (const url of ['/admin/users', '/admin/tokens']) {
    const body = (await w.page(url, 'gz-admin')).body
    t.ok(body.includes('gz-lab') && !body.includes('sz-lab') && !body.includes('hn-lab'), `the page ${url} holds the admin's unit only`)
  }
  const tokensOf = async (who: string) => ((await w.inject('GET', '/tokens', who)).json() as { tokens: Array<{ userName: string }> }).tokens.map((x) => x.userName)
  t.notOk((await tokensOf('sz-admin')).includes('gd-caseworker'), 'a city admin does not see a parent\'s tokens')
  for (const target of ['gd-caseworker', 'gz-caseworker', 'test-caseworker']) {
    t.equal((await w.inject('POST', `/users/${target}/disable`, 'sz-admin')).statusCode, 404, `sz-admin cannot disable ${target} (parent, sibling, national)`)
    t.equal((await w.inject('POST', '/tokens', 'sz-admin', { user: target })).statusCode, 404, `nor issue ${target} a token`)
  }
  t.equal((await w.inject('POST', '/users/sz-lab/disable', 'gd-admin')).statusCode, 200, 'a province admin disables a city account')
  const made = await w.inject('POST', '/users', 'gd-admin', { name: 'sz-new', role: 'caseworker', unit: w.sz.id })
  t.equal(made.statusCode, 201)
  t.match(made.json(), { unit: { id: w.sz.id } })
  t.equal((await w.inject('POST', '/users', 'sz-admin', { name: 'gd-new', role: 'caseworker', unit: w.gd.id })).statusCode, 400, 'not in a parent unit')
  t.match((await w.inject('POST', '/users', 'sz-admin', { name: 'sz-new-2', role: 'lab' })).json(), { unit: { id: w.sz.id } }, 'default: the admin\'s unit')
})

t.test('units API, inboxes, assignment and the audit trail by unit', async (t) => {
  const w = await world(t)
  const listed = await w.inject('GET', '/units', 'gd-admin')
  t.same((listed.json() as { units: Array<{ name: string }> }).units.map((u) => u.name), ['Guangdong', 'Guangzhou', 'Shenzhen'], 'an admin lists its unit and below')
  t.equal((await w.inject('GET', '/units', 'national-admin')).json().units.length, 5)
  const made = await w.inject('POST', '/units', 'gd-admin', { name: 'Futian', level: 'district', parent: w.sz.id })
  t.equal(made.statusCode, 201)
  t.match(made.json(), { parentId: w.sz.id, path: 'National / Guangdong / Shenzhen / Futian' })
  t.equal((await w.inject('POST', '/units', 'sz-admin', { name: 'Elsewhere', level: 'city', parent: w.gd.id })).statusCode, 400, 'not beside or above one\'s own unit')
  t.equal((await w.inject('POST', '/units', 'sz-admin', { name: 'Futian', level: 'district' })).statusCode, 409, 'sibling names are unique')
  t.equal((await w.inject('POST', '/units', 'sz-caseworker', { name: 'X', level: 'x' })).statusCode, 403)

  // family 0 is Shenzhen's; its child, found in Hunan, raises the alert of Shenzhen's case
  const [f0] = plantFamilies(20261203)
  t.equal((await w.inject('POST', '/cases', 'sz-caseworker', caseBody(f0))).statusCode, 201)
  t.equal((await w.inject('POST', '/persons', 'hn-lab', personBody(f0.personId, f0.mpSex, f0.child))).statusCode, 201)
  const inbox = async (who: string) => (await w.inject('GET', '/me/alerts', who)).json() as { alerts: Array<{ id: number, caseId: string }>, total: number }
  const sz = await inbox('sz-caseworker')
  t.ok(sz.alerts.some((a) => a.caseId === f0.caseId), 'the case\'s unit has the alert in its shared queue')
  t.ok((await inbox('gd-caseworker')).alerts.some((a) => a.caseId === f0.caseId), 'so has the province')
  t.equal((await inbox('gz-caseworker')).total, 0, 'a sibling city has none')
  const alertId = sz.alerts[0].id
  t.equal((await w.inject('POST', `/alerts/${alertId}/read`, 'gz-caseworker')).statusCode, 404, 'nor can it mark it read')
  t.equal((await w.inject('PUT', `/cases/${f0.caseId}/assignee`, 'gd-caseworker', { account: 'gz-caseworker' })).statusCode, 400, 'a case is not assigned to a caseworker who may not read it')
  const casePage = (await w.page(`/cases/${f0.caseId}`, 'sz-caseworker')).body
  t.ok(casePage.includes('gd-caseworker') && !casePage.includes('gz-caseworker') && !casePage.includes('hn-caseworker'), 'the case page offers only caseworkers who may read the case')
  t.equal((await w.inject('PUT', `/cases/${f0.caseId}/assignee`, 'gd-caseworker', { account: 'sz-caseworker' })).statusCode, 200)

  // auditors: their unit's accounts' entries; national: all, the command line's included
  const actors = async (who: string) => new Set(((await w.inject('GET', '/audit?limit=1000', who)).json() as { entries: Array<{ actor: string }> }).entries.map((e) => e.actor))
  const szSeen = await actors('sz-auditor')
  t.ok(szSeen.has('sz-caseworker'), 'a city auditor reads its caseworkers\' entries')
  t.notOk(szSeen.has('hn-lab') || szSeen.has('gd-caseworker') || szSeen.has('gd-admin'), 'not those of another province or of its parent')
  const gdSeen = await actors('gd-auditor')
  t.ok(gdSeen.has('sz-caseworker') && gdSeen.has('gd-admin') && !gdSeen.has('hn-lab'), 'a province auditor reads its cities\' and its own')
  const all = await actors('national-auditor')
  t.ok(all.has('hn-lab') && all.has('sz-caseworker'), 'the national auditor reads all')
  const page = await w.page('/audit-trail', 'sz-auditor')
  t.equal(page.statusCode, 200)
  t.notMatch(page.body, /hn-lab|gd-admin/, 'the auditor\'s page is scoped the same way')
})
