// Issue 16 items 3 and 5: a profile below the configured locus minimum is refused with the minimum and
// the count named, and every problem of one request is reported at once (sample, locus, value).
import t from 'tap'
import { loadConfig } from '../../src/config.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { uploadImport } from '../helpers/multipart-upload.ts'
import { createRng, KIT_LOCI, TABLE } from '../helpers/planted-families.ts'
import { randomProfile } from '../helpers/simulate-family.ts'
import { refsWithOneBad } from '../ingest/fixture-formats.ts'

const rng = createRng(1603)
const full = randomProfile(rng, TABLE, KIT_LOCI)
const first = (n: number) => Object.fromEntries(Object.entries(randomProfile(rng, TABLE, KIT_LOCI)).slice(0, n))
const ENV = { HOMEWARD_MIN_LOCI: '12', HOMEWARD_MIN_REFERENCE_LOCI: '8' }

t.test('the defaults: 12 loci for an unidentified person, 8 for each reference', async (t) => {
  t.same(loadConfig({}).intakeRules, { minPersonLoci: 12, minReferenceLoci: 8 })
  t.throws(() => loadConfig({ HOMEWARD_MIN_LOCI: '0' }), /HOMEWARD_MIN_LOCI/)
})

t.test('a person or a reference below the minimum is refused, naming the minimum and the count; nothing is stored', async (t) => {
  const h = await buildTestApp(t, { env: ENV })
  const lab = h.authHeaders('lab')
  const two = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-TWO', sex: 'male', profile: first(2) } })
  t.equal(two.statusCode, 422)
  t.match(two.json(), { code: 'INVALID_PROFILE', message: 'sample U-TWO: 2 STR loci typed; an unidentified person needs at least 12 (HOMEWARD_MIN_LOCI)', details: { sample: 'U-TWO', value: '2', minimum: 12 } })
  t.equal((await h.app.inject({ method: 'GET', url: '/persons/U-TWO', headers: h.authHeaders('caseworker') })).statusCode, 404)
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-TWELVE', sex: 'male', profile: first(12) } })).statusCode, 201, 'twelve loci are enough')

  const partial = await h.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { id: 'C-PARTIAL', missingPerson: { sex: 'male' }, relatives: [{ id: 'father', relation: 'father', profile: full }, { id: 'mother', relation: 'mother', profile: first(3) }] } })
  t.equal(partial.statusCode, 422)
  t.match(partial.json(), { code: 'INVALID_PROFILE', message: 'sample mother: 3 STR loci typed; a reference needs at least 8 (HOMEWARD_MIN_REFERENCE_LOCI)', details: { sample: 'mother', minimum: 8 } })
  t.equal((await h.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { id: 'C-EIGHT', missingPerson: { sex: 'male' }, relatives: [{ id: 'mother', relation: 'mother', profile: first(8) }] } })).statusCode, 201, 'a partial reference of eight loci is accepted')
})

t.test('every problem of one request is reported at once, each with its sample, locus and value', async (t) => {
  const h = await buildTestApp(t, { env: ENV })
  const lab = h.authHeaders('lab')
  const bad = { ...full, TH01: ['OL', '9'], vWA: ['16', '999.123'], D99S999: ['10', '11'] }
  const person = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-BAD', sex: 'male', profile: bad } })
  t.equal(person.statusCode, 422)
  const body = person.json()
  t.match(body.message, /^3 problems: /)
  t.match(body.details.problems, [
    { sample: 'U-BAD', locus: 'TH01', message: /off-ladder/ },
    { sample: 'U-BAD', locus: 'vWA', message: /999\.123/ },
    { sample: 'U-BAD', message: /D99S999/ }
  ])
  t.equal(body.details.problems.length, 3)

  const kase = await h.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { id: 'C-BAD', missingPerson: { sex: 'male' }, relatives: [{ id: 'father', relation: 'father', profile: { ...full, FGA: ['21', '?'] } }, { id: 'mother', relation: 'mother', profile: { ...full, TPOX: ['8', 'OL'] } }] } })
  t.equal(kase.statusCode, 422)
  t.match(kase.json().details.problems, [{ sample: 'father', locus: 'FGA' }, { sample: 'mother', locus: 'TPOX' }])
  t.equal((await h.app.inject({ method: 'GET', url: '/cases/C-BAD', headers: h.authHeaders('caseworker') })).statusCode, 404, 'nothing stored')
})

t.test('a declared sex that amelogenin contradicts is refused, naming the sample and the call; nothing is stored', async (t) => {
  const h = await buildTestApp(t, { env: ENV })
  const lab = h.authHeaders('lab')
  const xx = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-XX', sex: 'male', profile: { ...full, AMEL: ['X', 'X'] } } })
  t.equal(xx.statusCode, 422)
  t.match(xx.json(), { code: 'INVALID_PROFILE', message: /^sample U-XX: amelogenin X,X indicates female but the person is declared male \(.*AMEL-Y deletion/, details: { sample: 'U-XX', locus: 'AMEL', value: 'X,X' } })
  const xy = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-XY', sex: 'female', profile: { ...full, Amelogenin: ['X', 'Y'] } } })
  t.match(xy.json(), { code: 'INVALID_PROFILE', message: /^sample U-XY: amelogenin X,Y indicates male but the person is declared female/ })
  for (const id of ['U-XX', 'U-XY']) t.equal((await h.app.inject({ method: 'GET', url: `/persons/${id}`, headers: h.authHeaders('caseworker') })).statusCode, 404, `${id} not stored`)
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-FITS', sex: 'male', profile: { ...full, AMEL: ['X', 'Y'] } } })).statusCode, 201, 'a fitting call is stored')
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-NOAMEL', sex: 'male', profile: full } })).statusCode, 201, 'no amelogenin: the declared sex stands')
})

t.test('an import applies the same minimum: the sample below it is a problem naming count and minimum, and is not stored', async (t) => {
  const h = await buildTestApp(t, { env: { ...ENV, HOMEWARD_MIN_LOCI: '17' } })
  const res = await uploadImport(h, 'lab', { name: 'refs.csv', content: refsWithOneBad() }, { dryRun: false, mode: 'accepted-only', defaultSide: 'unidentified' })
  const samples = res.json().preview.samples as Array<{ id: string, ok: boolean, problems: string[] }>
  t.same(samples.map((s) => [s.id, s.ok]), [['P1', false], ['P2', false], ['BAD1', false]])
  t.ok(samples[0].problems.includes('16 STR loci accepted; an unidentified person needs at least 17 (HOMEWARD_MIN_LOCI)'))
  for (const id of ['P1', 'P2', 'BAD1']) t.equal((await h.app.inject({ method: 'GET', url: `/persons/${id}`, headers: h.authHeaders('caseworker') })).statusCode, 404, `${id} not stored`)
})
