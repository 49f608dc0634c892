// Issue 16: a declared sex that amelogenin contradicts is stored only with an explicit override and its
// reason; the reason is sealed like the other personal fields, the audit entry says override, and the
// search then trusts the declared sex.
import t from 'tap'
import { sexMismatch } from '../../src/runs/match-plan.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { createRng, KIT_LOCI, TABLE } from '../helpers/planted-families.ts'
import { randomProfile } from '../helpers/simulate-family.ts'

const full = randomProfile(createRng(1677), TABLE, KIT_LOCI)
const REASON = 'AMEL-Y deletion: male confirmed by 17 Y-STR loci (Yfiler)'

t.test('an override with a reason stores the person, sealed, shown by the API, audited as an override', async (t) => {
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  const payload = { id: 'U-DEL', sex: 'male', profile: { ...full, AMEL: ['X', 'X'] }, sexOverride: { reason: REASON } }
  const res = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload })
  t.equal(res.statusCode, 201, res.body)
  t.same(res.json().person.sexOverride, { reason: REASON })
  const read = await h.app.inject({ method: 'GET', url: '/persons/U-DEL', headers: h.authHeaders('caseworker') })
  t.match(read.json(), { sex: 'male', amelogenin: ['X', 'X'], sexOverride: { reason: REASON } })
  const raw = h.db.prepare('SELECT sex_override_reason FROM unidentified_persons WHERE id = ?').get('U-DEL') as { sex_override_reason: unknown }
  t.ok(Buffer.isBuffer(raw.sex_override_reason), 'stored as a sealed value')
  t.notOk((raw.sex_override_reason as Buffer).toString('latin1').includes('Y-STR'), 'the reason is not in the row in plain text')
  const audit = h.db.prepare("SELECT * FROM audit_log WHERE action = 'person.create'").all() as Array<Record<string, unknown>>
  t.equal(audit.length, 1)
  t.match(String(audit[0].target_json), /"sexOverride":"true"/, 'the audit entry says override')
  t.notMatch(JSON.stringify(audit[0]), /Y-STR/, 'but not the reason (a personal field)')
  const same = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload })
  t.match(same.json(), { created: false, changed: false }, 'an identical re-upload is the same content')
  const without = await h.app.inject({ method: 'PUT', url: '/persons/U-DEL', headers: lab, payload: { ...payload, sexOverride: undefined } })
  t.equal(without.statusCode, 422, 'a replacement without the override is refused as a new person would be')
})

t.test('the override is refused without a reason, or where amelogenin does not contradict the sex', async (t) => {
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  const blank = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-B', sex: 'male', profile: { ...full, AMEL: ['X', 'X'] }, sexOverride: { reason: '  ' } } })
  t.match(blank.json(), { code: 'INVALID_PROFILE', message: 'sample U-B: the sex override needs a reason (how the declared sex was confirmed)', details: { sample: 'U-B', field: 'sexOverride.reason' } })
  const fits = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-F', sex: 'male', profile: { ...full, AMEL: ['X', 'Y'] }, sexOverride: { reason: REASON } } })
  t.match(fits.json(), { code: 'INVALID_PROFILE', message: /^sample U-F: a sex override was given but amelogenin \(X,Y\) fits the declared sex/ })
  const refused = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-N', sex: 'male', profile: { ...full, AMEL: ['X', 'X'] } } })
  t.match(refused.json(), { code: 'INVALID_PROFILE', message: /or keep the declared sex with sexOverride: \{ reason \}$/ }, 'the refusal tells how to override')
  for (const id of ['U-B', 'U-F', 'U-N']) t.equal((await h.app.inject({ method: 'GET', url: `/persons/${id}`, headers: h.authHeaders('caseworker') })).statusCode, 404, `${id} not stored`)
})

t.test('matching trusts the declared sex when it was overridden', async (t) => {
  const c = { missingPersonSex: 'male' as const }
  t.match(sexMismatch(c, { sex: 'male', amelogenin: ['X', 'X'] }), /amelogenin \(X,X\) indicates female/)
  t.equal(sexMismatch(c, { sex: 'male', amelogenin: ['X', 'X'], sexOverride: { reason: REASON } }), undefined)
  t.match(sexMismatch({ missingPersonSex: 'female' }, { sex: 'male', amelogenin: ['X', 'X'], sexOverride: { reason: REASON } }), /recorded as male/, 'the declared sex still has to fit')
})
