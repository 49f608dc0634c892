import t from 'tap'
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts'
import { caseBody, createRng, KIT_LOCI, personBody, plantFamilies, TABLE, unrelatedPersons, wireProfile } from '../helpers/planted-families.ts'
import { simulatePedigree } from '../helpers/simulate-family.ts'

// Joint identification through a real app (issue 13): the search on entry identifies again the components it
// touched, stores their conclusions, and alerts the caseworker when a case's conclusion changes.

const family = plantFamilies(20261201)[0] // a trio, male child (CASE-0, U-0)

async function post (h: TestApp, url: string, payload: Record<string, unknown>): Promise<void> {
  const res = await h.app.inject({ method: 'POST', url, headers: h.authHeaders('lab'), payload })
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
}

async function identification (h: TestApp, caseId: string) {
  const res = await h.app.inject({ method: 'GET', url: `/cases/${caseId}/identification`, headers: h.authHeaders('caseworker') })
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`)
  return res.json() as { slots: Array<{ slot: string, personId: string | null, conclusion: string, log10Lr: number, log10Glr: number | null, posterior: number | null, competitor: { personId: string | null } | null, summary: string }> }
}

const identificationAlerts = (h: TestApp) =>
  (h.db.prepare("SELECT person_id AS personId, conclusion, previous_conclusion AS previous FROM alerts WHERE kind = 'identification-changed' ORDER BY id").all() as Array<{ personId: string, conclusion: string | null, previous: string | null }>)

const storedRows = (h: TestApp) => ({
  slots: h.db.prepare('SELECT * FROM slot_identifications ORDER BY case_id, slot').all(),
  persons: h.db.prepare('SELECT * FROM person_identifications ORDER BY person_id').all()
})

t.test('a lone strong candidate is Undisputed; a second person as good makes the slot Disputed, with an alert each time', async (t) => {
  const h = await buildTestApp(t)
  await post(h, '/cases', caseBody(family))
  await post(h, '/persons', personBody('U-0', family.mpSex, family.child))
  const first = await identification(h, 'CASE-0')
  t.equal(first.slots.length, 1)
  t.match(first.slots[0], { slot: 'MP', personId: 'U-0', conclusion: 'Undisputed', competitor: null })
  t.ok(first.slots[0].log10Lr > 4, 'the trio\'s child reaches the threshold')
  t.ok(Math.abs(first.slots[0].log10Glr! - first.slots[0].log10Lr) < 1e-9, 'alone, the next best is "nobody": GLR = LR')
  t.match(first.slots[0].summary, /this assignment is best; the next best is .* times less likely/)
  t.same(identificationAlerts(h), [], 'a first conclusion comes with the pair\'s own new-match alert')
  const page = async (url: string, lang: string): Promise<string> => {
    const res = await h.app.inject({ method: 'GET', url: `${url}?lang=${lang}`, headers: { accept: 'text/html', ...h.authHeaders('caseworker') } })
    t.equal(res.statusCode, 200)
    return res.body
  }
  const en = await page('/cases/CASE-0', 'en')
  t.match(en, /data-conclusion="Undisputed">Undisputed</, 'the case page shows the conclusion')
  t.match(en, /This assignment is best; the next best is [^<]*(<sup>\d+<\/sup>)?[^<]* times less likely\./)
  t.match(en, /<a href="\/persons\/U-0">U-0<\/a>/)
  t.match(await page('/cases/CASE-0', 'zh-CN'), /无争议认定[\s\S]*此认定方案最优；次优方案的可能性低/)
  t.match(await page('/persons/U-0', 'en'), /data-conclusion="Undisputed"[\s\S]*<a href="\/cases\/CASE-0">CASE-0<\/a> \(MP\)/, 'and the person page, naming the case and slot')

  // the same child sampled twice under another id: two persons compete for one slot
  await post(h, '/persons', personBody('U-0-DUP', family.mpSex, family.child))
  const second = await identification(h, 'CASE-0')
  t.equal(second.slots[0].conclusion, 'Disputed')
  t.ok(Math.abs(second.slots[0].log10Glr!) < 1e-9, 'the two are equally likely: GLR 1')
  t.equal(second.slots[0].competitor?.personId, second.slots[0].personId === 'U-0' ? 'U-0-DUP' : 'U-0')
  t.ok(Math.abs(second.slots[0].posterior! - 10 ** second.slots[0].log10Lr / (2 * 10 ** second.slots[0].log10Lr + 1)) < 1e-9, 'flat prior over nobody, U-0, U-0-DUP')
  t.match(identificationAlerts(h), [{ conclusion: 'Disputed', previous: 'Undisputed' }], 'the caseworker is told of the dispute')
  t.match(await page('/inbox', 'en'), /Identification changed<br><span class="muted">Undisputed → Disputed/, 'the inbox says what changed')
  const person = (await h.app.inject({ method: 'GET', url: '/persons/U-0-DUP/identification', headers: h.authHeaders('caseworker') })).json() as { identification: { conclusion: string } }
  t.equal(person.identification.conclusion, 'Disputed', 'the person\'s side says it too')

  // expunging the duplicate: its component goes with it and the case is identified again, Undisputed
  t.equal((await h.app.inject({ method: 'DELETE', url: '/persons/U-0-DUP?reason=entered-in-error', headers: h.authHeaders('admin') })).statusCode, 200)
  t.match((await identification(h, 'CASE-0')).slots[0], { personId: 'U-0', conclusion: 'Undisputed' })
  t.equal((h.db.prepare("SELECT count(*) AS n FROM slot_identifications WHERE person_id = 'U-0-DUP' OR competitor_person_id = 'U-0-DUP'").get() as { n: number }).n, 0, 'no row names the expunged person')
  t.match(identificationAlerts(h).at(-1), { personId: 'U-0', conclusion: 'Undisputed', previous: 'Disputed' })
})

t.test('removing a person who was nobody\'s candidate changes nothing stored', async (t) => {
  const h = await buildTestApp(t)
  await post(h, '/cases', caseBody(family))
  await post(h, '/persons', personBody('U-0', family.mpSex, family.child))
  const stranger = unrelatedPersons(createRng(5), 20).find((p) => p.sex === family.mpSex)!
  await post(h, '/persons', personBody('X-STRANGER', stranger.sex, stranger.profile))
  const lr = h.db.prepare("SELECT log10_lr AS l FROM match_results WHERE person_id = 'X-STRANGER'").get() as { l: number } | undefined
  t.ok(lr === undefined || lr.l < 3, 'control: the stranger is below the candidate floor')
  const before = storedRows(h)
  t.equal(before.slots.length, 1, 'control: there is something stored to change')
  const alerts = identificationAlerts(h).length
  t.equal((await h.app.inject({ method: 'DELETE', url: '/persons/X-STRANGER?reason=entered-in-error', headers: h.authHeaders('admin') })).statusCode, 200)
  t.same(storedRows(h), before, 'every row as it was, computed_at included')
  t.equal(identificationAlerts(h).length, alerts, 'no alert')
})

t.test('a case with two slots is one family of the graph: both siblings placed, the joint LR from the pedigree', async (t) => {
  // two siblings abducted together (MP1 a boy, MP2 a girl); the mother and an elder sister typed
  const persons = [
    { id: 'F', sex: 'male' as const },
    { id: 'M', sex: 'female' as const },
    { id: 'MP1', sex: 'male' as const, father: 'F', mother: 'M' },
    { id: 'MP2', sex: 'female' as const, father: 'F', mother: 'M' },
    { id: 'S', sex: 'female' as const, father: 'F', mother: 'M' }
  ]
  const sim = simulatePedigree(createRng(1302), persons, TABLE, KIT_LOCI, { rates: { male: 0, female: 0 } })
  const h = await buildTestApp(t)
  await post(h, '/cases', { id: 'FAM-SIBS', missingPersons: [{ slot: 'MP1', sex: 'male' }, { slot: 'MP2', sex: 'female' }], persons, genotypes: { M: wireProfile(sim.M), S: wireProfile(sim.S) } })
  await post(h, '/persons', personBody('U-BOY', 'male', sim.MP1))
  await post(h, '/persons', personBody('U-GIRL', 'female', sim.MP2))
  const { slots } = await identification(h, 'FAM-SIBS')
  t.same(slots.map((s) => [s.slot, s.personId]), [['MP1', 'U-BOY'], ['MP2', 'U-GIRL']])
  const rows = h.db.prepare("SELECT DISTINCT component_id FROM slot_identifications WHERE case_id = 'FAM-SIBS'").all()
  t.equal(rows.length, 1, 'one component: the two slots are one family')
  t.ok(slots.every((s) => s.log10Glr !== null && s.log10Glr > 0), 'each placement is best, by a GLR from the joint table')
  t.ok(slots.every((s) => s.conclusion !== 'Undisputed'), 'dvir\'s undisputed step is for families with one open slot')
})
