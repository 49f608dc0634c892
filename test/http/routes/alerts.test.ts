// The caseworker's inbox end to end: the search on entry raises the alert, it goes to the case's assignee
// (or to everyone while the case is unassigned), read marks are per reader, a rerun that changes nothing
// is silent, and an expungement takes the alerts with it.
import t from 'tap'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { caseBody, createRng, personBody, plantFamilies, unrelatedPersons } from '../../helpers/planted-families.ts'
import { createTokenRepository } from '../../../src/storage/token-repository.ts'

interface Inbox { alerts: Array<{ id: number, caseId: string, personId: string, kind: string, log10Lr: number, read: boolean, assignee?: string, source: string }>, total: number, unread: number }

t.test('alerts from the search on entry reach the assignee; reads, reruns and expungement', async (t) => {
  const { app, db, authHeaders } = await buildTestApp(t)
  const lab = authHeaders('lab')
  const cw = authHeaders('caseworker')
  const admin = authHeaders('admin')
  const tokens = createTokenRepository(db)
  tokens.createUser({ name: 'cw-2', role: 'caseworker' })
  const cw2 = { authorization: `Bearer ${tokens.issueToken({ userName: 'cw-2', createdBy: 'test' }).secret}` }
  const inbox = async (h: Record<string, string>, query = ''): Promise<Inbox> => {
    const res = await app.inject({ method: 'GET', url: `/me/alerts${query}`, headers: h })
    t.equal(res.statusCode, 200, res.body.slice(0, 200))
    return res.json() as Inbox
  }

  const [trio] = plantFamilies(20261122)
  t.equal((await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody(trio) })).statusCode, 201)
  t.same((await inbox(cw)).alerts, [], 'no alert before a candidate exists')
  for (const x of unrelatedPersons(createRng(3), 5)) {
    t.equal((await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(x.id, x.sex, x.profile) })).statusCode, 201)
  }
  t.equal((await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(trio.personId, trio.mpSex, trio.child) })).statusCode, 201)

  const first = await inbox(cw)
  const mine = first.alerts.filter((a) => a.personId === trio.personId)
  t.equal(mine.length, 1, 'one alert for the true child')
  t.equal(mine[0].kind, 'new-match', 'a trio child is a match at once')
  t.equal(mine[0].source, 'search')
  t.ok(mine[0].log10Lr >= 4)
  t.equal(first.unread, first.total, 'all unread')
  t.equal((await inbox(cw2)).total, first.total, 'an unassigned case alerts every caseworker')

  // Assigned to cw-2: the alert leaves the other caseworker's inbox.
  const assign = await app.inject({ method: 'PUT', url: `/cases/${trio.caseId}/assignee`, headers: cw, payload: { account: 'cw-2' } })
  t.equal(assign.statusCode, 200, assign.body)
  t.equal((await inbox(cw)).alerts.filter((a) => a.caseId === trio.caseId).length, 0, 'not in the other caseworker\'s inbox')
  const theirs = await inbox(cw2)
  const alert = theirs.alerts.find((a) => a.caseId === trio.caseId)
  t.equal(alert?.assignee, 'cw-2')
  t.equal((await app.inject({ method: 'PUT', url: `/cases/${trio.caseId}/assignee`, headers: cw, payload: { account: 'test-lab' } })).statusCode, 400, 'only a caseworker can be assigned')
  t.equal((await app.inject({ method: 'POST', url: `/alerts/${alert!.id}/read`, headers: cw })).statusCode, 404, 'another caseworker cannot mark it')
  t.equal((await app.inject({ method: 'POST', url: `/alerts/${alert!.id}/read`, headers: cw2 })).statusCode, 204)
  const after = await inbox(cw2, '?unread=true')
  t.notOk(after.alerts.some((a) => a.id === alert!.id), 'read alerts leave the unread view')
  t.equal(after.unread, theirs.unread - 1)
  t.equal((await app.inject({ method: 'GET', url: '/me/alerts', headers: lab })).statusCode, 403, 'a lab has no inbox')

  // A rerun of everything changes no result: no new alert.
  const before = (await inbox(cw2)).total
  const rerun = await app.inject({ method: 'POST', url: '/reruns', headers: admin, payload: { scope: 'all' } })
  t.ok([201, 202].includes(rerun.statusCode), rerun.body)
  const id = (rerun.json() as { id: number }).id
  for (let i = 0; i < 200; i++) {
    const r = await app.inject({ method: 'GET', url: `/reruns/${id}`, headers: admin })
    if ((r.json() as { status: string }).status !== 'running') break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  t.equal((await inbox(cw2)).total, before, 'a rerun that changes nothing is silent')

  // Expunging the person removes its alerts.
  const del = await app.inject({ method: 'DELETE', url: `/persons/${trio.personId}?reason=entered-in-error`, headers: admin })
  t.equal(del.statusCode < 300, true, del.body)
  t.equal((db.prepare('SELECT count(*) AS n FROM alerts WHERE person_id = ?').get(trio.personId) as { n: number }).n, 0, 'expunged with the person')
})
