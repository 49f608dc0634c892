// Issue 16: a result computed under another model than the current one is marked stale wherever it
// appears (candidate lists of the API and of the case and person pages, the pair page, the alerts of the
// API, the inbox and the case page, the reports in both languages) until a rerun replaces it.
import t, { type Test } from 'tap'
import { createRng, KIT_LOCI, TABLE } from '../helpers/planted-families.ts'
import { pdfToText } from '../report/pdf-to-text.ts'
import { serviceFile, type RunningService } from '../helpers/service-restart.ts'
import { SHAPES, simulatePedigree } from '../helpers/simulate-family.ts'

const rng = createRng(1616)
const trio = simulatePedigree(rng, SHAPES.trio.persons, TABLE, KIT_LOCI, { rates: { male: 0, female: 0 } })
const PAIR = '/cases/CASE-MARK/persons/U-MARK'
const PILL = /class="pill warn stale"/
const NOTICE_EN = /id="stale-notice">Stale result: computed under model homeward-lr\/1 theta=0\.01 [^<]*the service now uses model homeward-lr\/1 theta=0 /
const NOTICE_ZH = /id="stale-notice">结果已过时：按模型 homeward-lr\/1 theta=0\.01 /

interface Marks { apiCandidates: boolean[], apiAlerts: boolean[], caseAlerts: boolean[], report: unknown, pages: Record<string, string> }

async function marks (t: Test, service: RunningService, cw: Record<string, string>): Promise<Marks> {
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const r = await service.app.inject({ method: 'GET', url, headers: { ...cw, ...headers } })
    t.equal(r.statusCode, 200, `${url}: ${r.statusCode === 200 ? 'ok' : r.body.slice(0, 300)}`)
    return r
  }
  const page = async (url: string): Promise<string> => (await get(url, { accept: 'text/html' })).body
  const reportJson = (await get(`${PAIR}/report?format=json`)).json()
  return {
    apiCandidates: [
      ...(await get('/cases/CASE-MARK/candidates')).json().candidates.map((c: { stale: boolean }) => c.stale),
      ...(await get('/persons/U-MARK/candidates')).json().candidates.map((c: { stale: boolean }) => c.stale)
    ],
    apiAlerts: (await get('/me/alerts')).json().alerts.map((a: { stale: boolean }) => a.stale),
    caseAlerts: (await get('/cases/CASE-MARK/alerts')).json().alerts.map((a: { stale: boolean }) => a.stale),
    report: reportJson,
    pages: {
      case: await page('/cases/CASE-MARK?lang=en'),
      person: await page('/persons/U-MARK?lang=en'),
      inbox: await page('/inbox?lang=en'),
      pairEn: await page(`${PAIR}?lang=en`),
      pairZh: await page(`${PAIR}?lang=zh-CN`),
      reportEn: (await get(`${PAIR}/report?format=html&lang=en`)).body,
      reportZh: (await get(`${PAIR}/report?format=html&lang=zh-CN`)).body,
      // the PDF's text as a reader's copy gives it, spaces and line breaks folded
      pdfEn: pdfToText((await get(`${PAIR}/report?format=pdf&lang=en`)).rawPayload).replace(/\s+/g, ' ')
    }
  }
}

t.test('a result stored under θ 0.01 is marked stale on every page, list, alert and report after a restart with θ 0, until a rerun', async (t) => {
  const file = serviceFile()
  t.teardown(file.remove)
  let service: RunningService = await file.start({ HOMEWARD_THETA: '0.01' })
  t.teardown(async () => { await service.stop() })
  const lab = file.headers('lab')
  const cw = file.headers('caseworker')
  const admin = file.headers('admin')
  t.equal((await service.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-MARK', sex: 'male', profile: trio.MP } })).statusCode, 201)
  const created = await service.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { id: 'CASE-MARK', missingPerson: { sex: 'male' }, relatives: [{ id: 'father', relation: 'father', profile: trio.F }, { id: 'mother', relation: 'mother', profile: trio.M }] } })
  t.equal(created.statusCode, 201, created.statusCode === 201 ? 'the case is stored' : created.body)

  const current = await marks(t, service, cw)
  t.same(current.apiCandidates, [false, false], 'control: the pair is listed on both sides, current')
  t.same(current.apiAlerts, [false], 'control: its alert is in the inbox, current')
  t.same(current.caseAlerts, [false])
  t.notOk('stale' in (current.report as object), 'control: the report of a current result has no stale mark')
  for (const [name, body] of Object.entries(current.pages)) t.notMatch(body, /stale-notice|pill warn stale|Stale result/, `control: the ${name} page has no stale mark`)
  t.match(current.pages.inbox, /id="inbox"/, 'control: the inbox lists the alert')
  t.match(current.pages.case, /id="case-alerts"/, 'control: the case page lists its alert')

  await service.stop()
  service = await file.start({ HOMEWARD_THETA: '0' })
  const stale = await marks(t, service, cw)
  t.same(stale.apiCandidates, [true, true], 'both candidate lists mark it')
  t.same(stale.apiAlerts, [true], 'the alert of GET /me/alerts is marked')
  t.same(stale.caseAlerts, [true], 'and that of GET /cases/:id/alerts')
  const alert = (await service.app.inject({ method: 'GET', url: '/me/alerts', headers: cw })).json().alerts[0]
  t.match(alert.staleReason, /computed under model homeward-lr\/1 theta=0\.01 .*; the current model is homeward-lr\/1 theta=0 .*POST \/reruns/, 'with the reason')
  t.match(stale.report, { stale: { computedUnder: { modelVersion: /theta=0\.01 /, frequencyTable: 'nist1036_asian' }, current: { modelVersion: /theta=0 / }, reason: /POST \/reruns/ } }, 'the JSON report says what changed')
  t.equal((stale.report as { total: { log10Lr: number } }).total.log10Lr, (current.report as { total: { log10Lr: number } }).total.log10Lr, 'the report shows the stored LR beside the mark, not a recomputed one')
  t.match(stale.pages.case, PILL, 'the case page marks its candidate')
  t.match(stale.pages.case.slice(stale.pages.case.indexOf('id="case-alerts"')), PILL, 'and its alert')
  t.match(stale.pages.person, PILL, 'the person page marks its ranked case')
  t.match(stale.pages.inbox.slice(stale.pages.inbox.indexOf('id="inbox"')), PILL, 'the inbox marks the alert')
  t.match(stale.pages.pairEn, NOTICE_EN, 'the pair page says it is stale, in English')
  t.match(stale.pages.pairZh, NOTICE_ZH, 'and in Chinese')
  t.match(stale.pages.reportEn, NOTICE_EN, 'the printable report says it, in English')
  t.match(stale.pages.reportZh, NOTICE_ZH, 'and in Chinese')
  t.match(stale.pages.pdfEn, /Stale result: computed under model homeward-lr\/1 theta=0\.01/, 'and the PDF')

  const planned = await service.app.inject({ method: 'POST', url: '/reruns', headers: admin, payload: { scope: 'changed', reason: 'θ set to 0' } })
  t.equal(planned.statusCode, 202, planned.body)
  const id = planned.json().id as number
  for (let i = 0; i < 600; i++) {
    const r = (await service.app.inject({ method: 'GET', url: `/reruns/${id}`, headers: admin })).json()
    if (r.status !== 'pending' && r.status !== 'running') { t.equal(r.status, 'done'); break }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const rerun = await marks(t, service, cw)
  t.same(rerun.apiCandidates, [false, false], 'after the rerun the lists are current')
  t.ok(rerun.apiAlerts.length >= 1 && rerun.apiAlerts.every((s) => !s), 'and every alert of the pair')
  t.ok(rerun.caseAlerts.every((s) => !s))
  t.notOk('stale' in (rerun.report as object), 'the report is current')
  for (const [name, body] of Object.entries(rerun.pages)) t.notMatch(body, /stale-notice|pill warn stale|Stale result/, `the ${name} page has no stale mark`)
})
