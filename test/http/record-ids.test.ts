import t from 'tap'
import { createTokenRepository } from '../../src/storage/token-repository.ts'
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts'
import { multipartBody } from '../helpers/fuzz-inputs.ts'

/**
 * Issue 15 item 10: ids that look the same must be the same record. Every shape of look-alike id is
 * refused with a 400 naming the id and the code point, through POST /persons, POST /cases (case ids,
 * relative ids, pedigree person ids, genotype keys) and an import; NFD ids are stored in NFC, so the
 * two spellings of "José" are one record.
 */

const PROFILE = { D3S1358: ['15', '16'], vWA: ['14', '17'], FGA: ['22', '24'], TH01: ['7', '9'], D8S1179: ['12', '14'], D21S11: ['29', '30'], D18S51: ['13', '15'], D5S818: ['11', '12'] }

/** [what, id, what the message must say]: one of each shape. */
const SHAPES: Array<[string, string, RegExp]> = [
  ['zero-width space', 'UHR\u200b-7', /"UHR<U\+200B>-7" has U\+200B ZERO WIDTH SPACE at position 4/],
  ['zero-width joiner', 'UHR-\u200d7', /U\+200D ZERO WIDTH JOINER at position 5/],
  ['BIDI override', 'UHR-\u202e7-1', /U\+202E RIGHT-TO-LEFT OVERRIDE at position 5/],
  ['BIDI isolate', 'UHR-\u20667\u2069', /U\+2066 LEFT-TO-RIGHT ISOLATE at position 5/],
  ['byte order mark', '\ufeffUHR-7', /U\+FEFF ZERO WIDTH NO-BREAK SPACE/],
  ['control character', 'UHR\u001b[0m7', /U\+001B ESCAPE at position 4/],
  ['NUL', 'UHR-7\u0000', /U\+0000 NULL at position 6/],
  ['private use', 'UHR-\ue0007', /U\+E000 \(a private-use character\) at position 5/],
  ['unassigned', 'UHR-\u03787', /U\+0378 \(an unassigned code point\) at position 5/],
  ['leading space', ' UHR-7', /" UHR-7" begins with a space/],
  ['trailing space', 'UHR-7 ', /"UHR-7 " ends with a space/],
  ['no-break space', 'UHR\u00a07', /U\+00A0 NO-BREAK SPACE at position 4/],
  ['Cyrillic homoglyph', 'U\u041dR-7', /mixes Latin and Cyrillic letters: U\+041D \(Cyrillic letter "Н"\) at position 2/],
  ['Greek homoglyph', 'UHR-\u03bf7', /mixes Latin and Greek letters: U\+03BF/]
]

const NFD = 'Jose\u0301-2024'
const NFC = 'Jos\u00e9-2024'

const count = (h: TestApp, table: string): number => (h.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

t.test('POST /persons: every look-alike shape is a 400 naming the id and the code point; nothing is stored', async (t) => {
  const h = await buildTestApp(t)
  for (const [what, id, message] of SHAPES) {
    const r = await h.app.inject({ method: 'POST', url: '/persons', headers: h.authHeaders('lab'), payload: { id, sex: 'male', profile: PROFILE } })
    t.equal(r.statusCode, 400, `${what}: 400 (${r.body.slice(0, 160)})`)
    t.match(r.json().message, /^body\.id: id "/, `${what}: names the field`)
    t.match(r.json().message, message, `${what}: names the character`)
  }
  t.equal(count(h, 'unidentified_persons'), 0, 'nothing was stored')
  const ok = await h.app.inject({ method: 'POST', url: '/persons', headers: h.authHeaders('lab'), payload: { id: 'UHR-7', sex: 'male', profile: PROFILE } })
  t.equal(ok.statusCode, 201, 'control: the clean id is stored')
})

t.test('POST /cases: case ids, relative ids, pedigree person ids, parents and genotype keys all follow the rule', async (t) => {
  const h = await buildTestApp(t)
  const post = async (payload: object) => await h.app.inject({ method: 'POST', url: '/cases', headers: h.authHeaders('lab'), payload })
  const relatives = (caseId: string, relativeId = 'father') => ({ id: caseId, missingPerson: { sex: 'male' }, relatives: [{ id: relativeId, relation: 'father', profile: PROFILE }] })
  const pedigree = (personId: string, key = personId) => ({
    id: 'C-PED',
    missingPerson: 'MP',
    persons: [{ id: personId, sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: personId, mother: 'M' }],
    genotypes: { [key]: PROFILE }
  })
  for (const [what, id, message] of SHAPES) {
    const asCase = await post(relatives(id))
    t.equal(asCase.statusCode, 400, `case id, ${what}: 400 (${asCase.body.slice(0, 160)})`)
    t.match(asCase.json().message, /body\.id: id "/)
    t.match(asCase.json().message, message, `case id, ${what}`)
    const asRelative = await post(relatives('C-REL', id))
    t.equal(asRelative.statusCode, 400, `relative id, ${what}`)
    t.match(asRelative.json().message, /body\.relatives\.0\.id: id "/)
    t.match(asRelative.json().message, message, `relative id, ${what}`)
    const asPerson = await post(pedigree(id))
    t.equal(asPerson.statusCode, 400, `pedigree person id, ${what}`)
    t.match(asPerson.json().message, /body\.persons\.0\.id: id "/)
    t.match(asPerson.json().message, /body\.persons\.2\.father: id "/, `the parent reference, ${what}`)
    t.match(asPerson.json().message, /body\.genotypes: id "/, `the genotype key, ${what}`)
    t.match(asPerson.json().message, message, `pedigree person id, ${what}`)
  }
  t.equal(count(h, 'cases'), 0, 'nothing was stored')
  t.equal((await post(relatives('C-REL'))).statusCode, 201, 'control: the clean relatives form is stored')
  t.equal((await post(pedigree('F'))).statusCode, 201, 'control: the clean pedigree form is stored')
})

t.test('NFD and NFC spellings are one record: stored in NFC, found and replaced under either', async (t) => {
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  const created = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: NFD, sex: 'male', profile: PROFILE } })
  t.equal(created.statusCode, 201)
  t.equal(created.json().person.id, NFC, 'stored under the NFC id')
  const again = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: NFC, sex: 'male', profile: PROFILE } })
  t.equal(again.statusCode, 200, 'the NFC spelling is the same record: an identical re-upload')
  t.equal(again.json().changed, false)
  const other = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: NFC, sex: 'male', profile: { ...PROFILE, TH01: ['6', '9.3'] } } })
  t.equal(other.statusCode, 409, 'different content under the other spelling is a conflict, not a second person')
  t.equal(count(h, 'unidentified_persons'), 1)
  const got = await h.app.inject({ method: 'GET', url: `/persons/${encodeURIComponent(NFD)}`, headers: h.authHeaders('caseworker') })
  t.equal(got.statusCode, 200, 'GET under the NFD spelling finds it')
  const put = await h.app.inject({ method: 'PUT', url: `/persons/${encodeURIComponent(NFD)}`, headers: lab, payload: { id: NFD, sex: 'male', profile: { ...PROFILE, TH01: ['6', '9.3'] } } })
  t.equal(put.statusCode, 200, `PUT with NFD path and body replaces it (${put.body.slice(0, 160)})`)

  const caseNfd = { id: `C-${NFD}`, missingPerson: { sex: 'male' }, relatives: [{ id: `father-${NFD}`, relation: 'father', profile: PROFILE }] }
  const c1 = await h.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseNfd })
  t.equal(c1.statusCode, 201)
  t.equal(c1.json().case.id, `C-${NFC}`)
  t.ok(c1.json().case.persons.some((p: { id: string }) => p.id === `father-${NFC}`), 'the relative id is NFC too')
  const c2 = await h.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { ...caseNfd, id: `C-${NFC}`, relatives: [{ ...caseNfd.relatives[0], id: `father-${NFC}` }] } })
  t.equal(c2.statusCode, 200, 'the NFC spelling of the case is the same case')
  t.equal(count(h, 'cases'), 1)

  const twice = await h.app.inject({
    method: 'POST',
    url: '/cases',
    headers: lab,
    payload: { id: 'C-TWICE', missingPerson: 'MP', persons: [{ id: NFC, sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: NFC, mother: 'M' }], genotypes: { [NFD]: PROFILE, [NFC]: { ...PROFILE, TH01: ['6', '9.3'] } } }
  })
  t.equal(twice.statusCode, 400, 'two genotype keys that are one id are refused, not one silently dropped')
  t.match(twice.json().message, /are the same id \(Unicode NFC\)/)
})

t.test('Chinese ids with Latin letters and digits are legitimate', async (t) => {
  const h = await buildTestApp(t)
  const id = '粤A-2024-0042'
  const p = await h.app.inject({ method: 'POST', url: '/persons', headers: h.authHeaders('lab'), payload: { id, sex: 'male', profile: PROFILE } })
  t.equal(p.statusCode, 201, p.body.slice(0, 200))
  t.equal((await h.app.inject({ method: 'GET', url: `/persons/${encodeURIComponent(id)}`, headers: h.authHeaders('caseworker') })).json().id, id)
  const c = await h.app.inject({ method: 'POST', url: '/cases', headers: h.authHeaders('lab'), payload: { id: '粤公刑-2014-0173', missingPerson: { sex: 'male' }, relatives: [{ id: '父亲', relation: 'father', profile: PROFILE }] } })
  t.equal(c.statusCode, 201, c.body.slice(0, 200))
})

t.test('an import: look-alike sample ids are refused per sample, named; NFD sample ids are stored in NFC', async (t) => {
  const h = await buildTestApp(t)
  const loci = Object.entries(PROFILE)
  const names = ['U-OK-1', NFD, 'U\u200b-2', 'U-\u202e3', 'U\u041d-4', 'U\ue000-5', 'U\u0378-6', 'U\u001b-7', 'U\u00a0-8']
  const rows = names.flatMap((n) => [...loci.map(([l, [a, b]]) => `${n}\t${l}\t${a}\t${b}`), `${n}\tAMEL\tX\tY`])
  const file = ['Sample Name\tMarker\tAllele 1\tAllele 2', ...rows].join('\n') + '\n'
  const upload = async (options: unknown) => {
    const m = multipartBody({ name: 'ids.txt', bytes: Buffer.from(file) }, JSON.stringify(options))
    return await h.app.inject({ method: 'POST', url: '/imports', headers: { ...h.authHeaders('lab'), 'content-type': m.contentType }, payload: m.body })
  }
  const dry = await upload({ dryRun: true, defaultSide: 'unidentified' })
  t.equal(dry.statusCode, 200, dry.body.slice(0, 200))
  const samples = dry.json().preview.samples as Array<{ id: string, ok: boolean, problems: string[] }>
  t.equal(samples.length, names.length, 'every sample is previewed')
  const byIndex = (i: number) => samples[i]
  t.equal(byIndex(0).ok, true, 'control: a clean id')
  t.same({ id: byIndex(1).id, ok: byIndex(1).ok }, { id: NFC, ok: true }, 'the NFD id is previewed in NFC')
  const expected = [/U\+200B ZERO WIDTH SPACE at position 2/, /U\+202E RIGHT-TO-LEFT OVERRIDE at position 3/, /Latin and Cyrillic/, /U\+E000/, /U\+0378/, /U\+001B ESCAPE/, /U\+00A0 NO-BREAK SPACE/]
  expected.forEach((re, k) => {
    const s = byIndex(k + 2)
    t.equal(s.ok, false, `sample ${k + 2} refused`)
    t.match(s.problems.join('; '), /^sample id "/, `sample ${k + 2}: names the id`)
    t.match(s.problems.join('; '), re, `sample ${k + 2}: names the character`)
  })

  const all = await upload({ dryRun: false, defaultSide: 'unidentified' })
  t.equal(count(h, 'unidentified_persons'), 0, `all-or-nothing stores nothing (${all.statusCode})`)
  const accepted = await upload({ dryRun: false, defaultSide: 'unidentified', mode: 'accepted-only' })
  t.ok(accepted.statusCode < 300, accepted.body.slice(0, 200))
  const stored = (h.db.prepare('SELECT id FROM unidentified_persons ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id)
  t.same(stored, [NFC, 'U-OK-1'].sort(), 'only the clean ids, the NFD one in NFC')
})

t.test('account names follow the rule; lookups find the NFC name under either spelling', async (t) => {
  const h = await buildTestApp(t)
  const tokens = createTokenRepository(h.db)
  t.equal(tokens.createUser({ name: 'Rene\u0301', role: 'lab' }).name, 'Ren\u00e9')
  t.equal(tokens.findUser('Rene\u0301')?.name, 'Ren\u00e9')
  t.throws(() => tokens.createUser({ name: 'Ren\u00e9', role: 'lab' }), /already exists/, 'the NFC spelling is the same account')
  t.throws(() => tokens.createUser({ name: 'admin\u200b', role: 'admin' }), /account name "admin<U\+200B>" has U\+200B ZERO WIDTH SPACE at position 6/)
  t.throws(() => tokens.createUser({ name: '\u0430dmin', role: 'admin' }), /mixes Latin and Cyrillic letters: U\+0430 \(Cyrillic letter "а"\) at position 1/)
  t.throws(() => tokens.createUser({ name: ' admin', role: 'admin' }), /begins with a space/)
  t.equal(tokens.issueToken({ userName: 'Rene\u0301', createdBy: 'test' }).token.userName, 'Ren\u00e9', 'a token for the NFD spelling goes to the account')
})
