import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { addAccount } from '../../helpers/accounts.ts'
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.ts'

// The father–child duo of the oracle files. A candidate floor of 0 stores every same-sex pair, so an
// unrelated person's pair (log10 LR far below 0) has a result a caseworker can try to confirm.
const oracle = JSON.parse(readFileSync(new URL('../../../fixtures/oracle-cases/duo_father_theta.json', import.meta.url), 'utf8')) as { persons: unknown[], missingPerson: string, genotypes: Record<string, Record<string, [string, string]>> }
const refs = Object.fromEntries(Object.entries(oracle.genotypes).filter(([id]) => id !== oracle.missingPerson))
const child = oracle.genotypes[oracle.missingPerson]
// Shares no allele with the father at any locus: unrelated, or excluded outright without a mutation model.
const stranger = Object.fromEntries(Object.entries(child).map(([locus, [a, b]]) => [locus, [String(Number(a) + 20), String(Number(b) + 21)]]))

interface Reviewers { h: TestApp, cw1: Record<string, string>, cw2: Record<string, string> }

async function setup (t: Test, env: Record<string, string> = {}): Promise<Reviewers> {
  const h = await buildTestApp(t, { env: { HOMEWARD_CANDIDATE_LR: '0', ...env } })
  const cw1 = h.authHeaders('caseworker')
  const post = async (url: string, payload: Record<string, unknown>): Promise<void> => {
    const r = await h.app.inject({ method: 'POST', url, headers: cw1, payload })
    t.equal(r.statusCode, 201, r.body.slice(0, 300))
  }
  await post('/cases', { id: 'C1', missingPerson: oracle.missingPerson, persons: oracle.persons, genotypes: refs })
  await post('/persons', { id: 'U-TRUE', sex: 'male', profile: child })
  await post('/persons', { id: 'U-FAR', sex: 'male', profile: stranger })
  return { h, cw1, cw2: addAccount(h.db, 'caseworker', 'caseworker-2').headers }
}

const review = async (h: TestApp, personId: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
  await h.app.inject({ method: 'POST', url: `/cases/C1/persons/${personId}/reviews`, headers, payload })
const statuses = (h: TestApp, personId: string): unknown => [
  (h.db.prepare("SELECT status FROM cases WHERE id = 'C1'").get() as { status: string }).status,
  (h.db.prepare('SELECT status FROM unidentified_persons WHERE id = ?').get(personId) as { status: string }).status
]

t.test('confirming a pair the standard does not support needs an override with a reason, from each caseworker', async (t) => {
  const { h, cw1, cw2 } = await setup(t)
  const far = h.db.prepare("SELECT log10_lr FROM match_results WHERE case_id = 'C1' AND person_id = 'U-FAR'").get() as { log10_lr: number }
  t.ok(far.log10_lr < -10, `control: the stranger's log10 LR ${far.log10_lr} is far below the threshold`)

  const needless = await review(h, 'U-TRUE', cw1, { decision: 'confirm', note: 'n', override: true, overrideReason: 'just in case' })
  t.equal(needless.statusCode, 400, 'a supported pair has nothing to override')
  t.match(needless.json().message, /nothing to override/)

  const plain = await review(h, 'U-FAR', cw1, { decision: 'confirm', note: 'looks right to me' })
  t.equal(plain.statusCode, 409, plain.body)
  t.match(plain.json().message, /^case C1 \/ person U-FAR: .*the combined LR is 10\^-\d+\.\d\d; the standard does not support this pair, so confirming it needs "override": true with an "overrideReason"$/)
  t.same(statuses(h, 'U-FAR'), ['open', 'open'])
  t.equal((h.db.prepare('SELECT count(*) AS n FROM reviews').get() as { n: number }).n, 0, 'nothing recorded')

  const noReason = await review(h, 'U-FAR', cw1, { decision: 'confirm', note: 'n', override: true })
  t.equal(noReason.statusCode, 400)
  t.match(noReason.json().message, /overrideReason/)
  const blank = await review(h, 'U-FAR', cw1, { decision: 'confirm', note: 'n', override: true, overrideReason: '   ' })
  t.equal(blank.statusCode, 400)
  t.match(blank.json().message, /an override needs a reason/)

  const reason = 'the family re-typed 30 loci; the lab reports a sample swap in the stored profile'
  const first = await review(h, 'U-FAR', cw1, { decision: 'confirm', note: 'sample swap', override: true, overrideReason: reason })
  t.equal(first.statusCode, 201, first.body)
  t.match(first.json().review, { decision: 'confirmed', confirmation: 'first', override: true, overrideReason: reason, lrDecision: 'excluded', log10Lr: far.log10_lr })
  t.same(statuses(h, 'U-FAR'), ['open', 'open'], 'awaiting the second caseworker')

  const secondPlain = await review(h, 'U-FAR', cw2, { decision: 'confirm', note: 'agree' })
  t.equal(secondPlain.statusCode, 409, 'the second caseworker must override too')
  const second = await review(h, 'U-FAR', cw2, { decision: 'confirm', note: 'agree', override: true, overrideReason: 'read the lab\'s swap report' })
  t.equal(second.statusCode, 201, second.body)
  t.same(statuses(h, 'U-FAR'), ['closed', 'closed'])

  const shown = (await h.app.inject({ method: 'GET', url: '/cases/C1/persons/U-FAR/reviews', headers: cw1 })).json()
  t.same(shown.reviews.map((r: { overrideReason?: string }) => r.overrideReason), [reason, 'read the lab\'s swap report'], 'the reasons are stored and shown')
  t.equal(shown.state, 'confirmed')
})

t.test('an exclusion (LR 0, log10Lr null) is confirmed only with an override', async (t) => {
  const { h, cw1 } = await setup(t, { HOMEWARD_MUTATION: 'none' })
  const row = h.db.prepare("SELECT status, log10_lr FROM match_results WHERE case_id = 'C1' AND person_id = 'U-FAR'").get()
  t.same(row, { status: 'excluded', log10_lr: null }, 'control: an exclusion')
  const plain = await review(h, 'U-FAR', cw1, { decision: 'confirm', note: 'n' })
  t.equal(plain.statusCode, 409)
  t.match(plain.json().message, /the combined LR is 0/)
  const overridden = await review(h, 'U-FAR', cw1, { decision: 'confirm', note: 'n', override: true, overrideReason: 'identical twin of the reference, see file 7' })
  t.equal(overridden.statusCode, 201, overridden.body)
  t.match(overridden.json().review, { log10Lr: null, lrDecision: 'excluded', override: true })
})

t.test('four eyes: a first confirmation leaves both open, the same caseworker cannot give the second, another closes both', async (t) => {
  const { h, cw1, cw2 } = await setup(t)
  const first = await review(h, 'U-TRUE', cw1, { decision: 'confirm', note: 'match holds' })
  t.equal(first.statusCode, 201, first.body)
  t.match(first.json(), {
    review: { decision: 'confirmed', confirmation: 'first', reviewer: 'test-caseworker', override: false, lrDecision: 'supported' },
    case: { status: 'open' },
    person: { status: 'open' },
    pair: { state: 'awaiting-second-confirmation', firstConfirmedBy: 'test-caseworker', message: 'confirmed by test-caseworker, awaiting a second confirmation by another caseworker; case C1 and person U-TRUE stay open' }
  })
  const list = (await h.app.inject({ method: 'GET', url: '/cases/C1/candidates', headers: cw1 })).json()
  t.equal(list.candidates.find((c: { personId: string }) => c.personId === 'U-TRUE').review, 'awaiting-second-confirmation')

  const same = await review(h, 'U-TRUE', cw1, { decision: 'confirm', note: 'really' })
  t.equal(same.statusCode, 409)
  t.equal(same.json().message, 'case C1 / person U-TRUE was confirmed by test-caseworker, who cannot give the second confirmation: another caseworker must confirm')
  t.same(statuses(h, 'U-TRUE'), ['open', 'open'])

  const second = await review(h, 'U-TRUE', cw2, { decision: 'confirm', note: 'checked the report' })
  t.equal(second.statusCode, 201, second.body)
  t.match(second.json(), { review: { confirmation: 'second', reviewer: 'caseworker-2' }, case: { status: 'closed' }, person: { status: 'closed' }, pair: { state: 'confirmed' } })
  t.equal((await review(h, 'U-TRUE', cw2, { decision: 'confirm', note: 'again' })).statusCode, 409, 'a confirmed pair is not confirmed again')

  const all = (await h.app.inject({ method: 'GET', url: '/cases/C1/persons/U-TRUE/reviews', headers: cw1 })).json().reviews
  t.same(all.map((r: { reviewer: string, confirmation: string }) => [r.reviewer, r.confirmation]), [['test-caseworker', 'first'], ['caseworker-2', 'second']], 'every decision with who')
  t.ok(all.every((r: { createdAt: string }) => /^\d{4}-/.test(r.createdAt)), 'and when')
})

t.test('reject and reopen need a reason; a rejection withdraws a waiting confirmation; a reopening reopens and searches again', async (t) => {
  const { h, cw1, cw2 } = await setup(t)
  t.equal((await review(h, 'U-TRUE', cw1, { decision: 'reject', note: ' ' })).statusCode, 400, 'a rejection needs a note')
  t.equal((await review(h, 'U-TRUE', cw1, { decision: 'reopen', note: '' })).statusCode, 400, 'a reopening needs a note')
  const nothing = await review(h, 'U-TRUE', cw1, { decision: 'reopen', note: 'why not' })
  t.equal(nothing.statusCode, 409)
  t.match(nothing.json().message, /nothing to reopen/)

  t.equal((await review(h, 'U-TRUE', cw1, { decision: 'confirm', note: 'match' })).statusCode, 201)
  const withdraw = await review(h, 'U-TRUE', cw2, { decision: 'reject', note: 'the birth year is 12 years off' })
  t.equal(withdraw.statusCode, 201)
  t.match(withdraw.json().pair, { state: 'rejected', message: 'rejected by caseworker-2: the confirmation by test-caseworker no longer stands' })
  const reopened = await review(h, 'U-TRUE', cw1, { decision: 'reopen', note: 'the birth year was a typo' })
  t.equal(reopened.statusCode, 201)
  t.equal(reopened.json().pair.state, null)

  // Confirmed by two: closed. Rejecting now needs a reopening first.
  t.equal((await review(h, 'U-TRUE', cw1, { decision: 'confirm', note: 'match' })).statusCode, 201)
  t.equal((await review(h, 'U-TRUE', cw2, { decision: 'confirm', note: 'match' })).statusCode, 201)
  t.same(statuses(h, 'U-TRUE'), ['closed', 'closed'])
  const late = await review(h, 'U-TRUE', cw1, { decision: 'reject', note: 'changed my mind' })
  t.equal(late.statusCode, 409)
  t.match(late.json().message, /reopen it/)

  // A person arriving while the case is closed is not compared with it ...
  const newcomer = await h.app.inject({ method: 'POST', url: '/persons', headers: cw1, payload: { id: 'U-LATE', sex: 'male', profile: child } })
  t.equal(newcomer.json().search.compared, 0, 'control: the closed case is out of the search')
  const back = await review(h, 'U-TRUE', cw2, { decision: 'reopen', note: 'the family disputes the identification; DNA re-test ordered' })
  t.equal(back.statusCode, 201, back.body)
  t.match(back.json(), { case: { status: 'open' }, person: { status: 'open' }, pair: { state: null, message: 'reopened by caseworker-2' } })
  // ... and is, once the case is open again.
  const list = (await h.app.inject({ method: 'GET', url: '/cases/C1/candidates', headers: cw1 })).json()
  t.ok(list.candidates.some((c: { personId: string }) => c.personId === 'U-LATE'), 'the reopened case was searched again')
})

t.test('reopening a rejected pair leaves the case closed when another confirmed pair holds it', async (t) => {
  const { h, cw1, cw2 } = await setup(t)
  t.equal((await review(h, 'U-FAR', cw1, { decision: 'reject', note: 'not related' })).statusCode, 201)
  t.equal((await review(h, 'U-TRUE', cw1, { decision: 'confirm', note: 'match' })).statusCode, 201)
  t.equal((await review(h, 'U-TRUE', cw2, { decision: 'confirm', note: 'match' })).statusCode, 201)
  const reopened = await review(h, 'U-FAR', cw2, { decision: 'reopen', note: 'rejected by mistake' })
  t.equal(reopened.statusCode, 201, reopened.body)
  t.match(reopened.json(), { case: { status: 'closed' }, person: { status: 'open' }, pair: { message: 'reopened by caseworker-2; case C1 stays closed (another confirmed pair holds it)' } })
})
