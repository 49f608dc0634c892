// Issue 14: persons and references carry a Y-STR haplotype and an mtDNA profile beside the autosomal
// profile, through POST/PUT and GET, refused with every problem at once, kept in the history.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { createRng, KIT_LOCI, TABLE, wireProfile } from '../../helpers/planted-families.ts'
import { randomProfile } from '../../helpers/simulate-family.ts'
import { MT_MOTHER, Y_FATHER } from '../../helpers/lineage-samples.ts'

const rng = createRng(1414)
const CHILD = wireProfile(randomProfile(rng, TABLE, KIT_LOCI))
const FATHER = wireProfile(randomProfile(rng, TABLE, KIT_LOCI))
const MOTHER = wireProfile(randomProfile(rng, TABLE, KIT_LOCI))

t.test('a person with a Y haplotype and a mitotype: stored, returned canonical, identical re-upload a no-op', async (t) => {
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  const payload = { id: 'U-LIN-1', sex: 'male', profile: { ...CHILD, AMEL: ['X', 'Y'] }, yStr: Y_FATHER, mtDna: MT_MOTHER }
  const res = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload })
  t.equal(res.statusCode, 201, res.body)
  const read = await h.app.inject({ method: 'GET', url: '/persons/U-LIN-1', headers: h.authHeaders('caseworker') })
  t.equal(read.statusCode, 200)
  const person = read.json() as { yStr: Record<string, string[]>, mtDna: { ranges: number[][], variants: string[] } }
  t.same(person.yStr.DYS385, ['13', '19'], 'the multi-copy locus is one locus with both values')
  t.same(person.yStr['Y-GATA-H4'], ['12'], 'the locus name is canonical')
  t.equal(Object.keys(person.yStr).length, 16, 'every Yfiler locus kept (DYS385a/b as one)')
  t.same(person.mtDna.ranges, [[1, 576], [16024, 16569]])
  t.same([...person.mtDna.variants].sort(), ['16223T', '16362C', '263G', '315.1C', '489C', '73G'].sort())
  const again = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload })
  t.match(again.json(), { created: false, changed: false }, 'the same content')
  const other = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { ...payload, yStr: { ...Y_FATHER, DYS19: ['16'] } } })
  t.equal(other.statusCode, 409, 'a different haplotype is different content')
  t.equal((await h.app.inject({ method: 'GET', url: '/persons/U-LIN-1', headers: lab })).statusCode, 403, 'a lab does not read profiles back')
})

t.test('a replacement keeps the superseded haplotype in the history; without lineage markers the person has none', async (t) => {
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  const base = { id: 'U-LIN-2', sex: 'male', profile: CHILD }
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { ...base, yStr: Y_FATHER } })).statusCode, 201)
  const put = await h.app.inject({ method: 'PUT', url: '/persons/U-LIN-2', headers: lab, payload: base })
  t.equal(put.statusCode, 200, put.body)
  const read = (await h.app.inject({ method: 'GET', url: '/persons/U-LIN-2', headers: h.authHeaders('caseworker') })).json() as Record<string, unknown>
  t.notOk('yStr' in read, 'the replacement has no haplotype')
  t.notOk('mtDna' in read)
  const history = h.app.services.persons.history('U-LIN-2')
  t.equal(history.length, 1)
  t.same(history[0].version.yStr?.DYS385, ['13', '19'], 'the old version keeps its haplotype')
})

t.test('bad lineage calls are refused with the autosomal ones, all at once, naming sample, locus or position, value', async (t) => {
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  const res = await h.app.inject({
    method: 'POST',
    url: '/persons',
    headers: lab,
    payload: {
      id: 'U-LIN-BAD',
      sex: 'male',
      profile: { ...CHILD, TH01: ['OL', '9'] },
      yStr: { ...Y_FATHER, DYS19: ['fifteen'] },
      mtDna: { range: '16024-16569', variants: '16223T 263G' }
    }
  })
  t.equal(res.statusCode, 422, res.body)
  const body = res.json() as { message: string, problems?: Array<{ details: Record<string, unknown> }> }
  t.match(body.message, /U-LIN-BAD/)
  t.match(body.message, /TH01/, 'the autosomal problem')
  t.match(body.message, /DYS19/, 'the Y locus')
  t.match(body.message, /fifteen/, 'and its value')
  t.match(body.message, /263/, 'the variant outside the sequenced range')
  t.equal((await h.app.inject({ method: 'GET', url: '/persons/U-LIN-BAD', headers: h.authHeaders('caseworker') })).statusCode, 404, 'nothing stored')

  const female = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-LIN-F', sex: 'female', profile: CHILD, yStr: Y_FATHER } })
  t.match(female.json(), { code: 'INVALID_PROFILE', message: 'sample U-LIN-F: a Y-STR haplotype is given for a female', details: { sample: 'U-LIN-F', field: 'yStr' } })
  const empty = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-LIN-E', sex: 'male', profile: CHILD, yStr: {} } })
  t.match(empty.json(), { code: 'INVALID_PROFILE', message: 'sample U-LIN-E: the Y-STR haplotype has no locus' })
  const shape = await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-LIN-S', sex: 'male', profile: CHILD, mtDna: { variants: '16223T' } } })
  t.equal(shape.statusCode, 400, 'an mtDNA profile without its range is malformed')
})

t.test('case references carry lineage markers in the relatives form and the pedigree form', async (t) => {
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  const cw = h.authHeaders('caseworker')
  const rel = await h.app.inject({
    method: 'POST',
    url: '/cases',
    headers: lab,
    payload: {
      id: 'CASE-LIN-1',
      missingPerson: { sex: 'male' },
      relatives: [
        { id: 'father', relation: 'father', profile: FATHER, yStr: Y_FATHER },
        { id: 'mother', relation: 'mother', profile: MOTHER, mtDna: MT_MOTHER }
      ]
    }
  })
  t.equal(rel.statusCode, 201, rel.body)
  const kase = (await h.app.inject({ method: 'GET', url: '/cases/CASE-LIN-1', headers: cw })).json() as { references: Record<string, { yStr?: Record<string, string[]>, mtDna?: { ranges: number[][] } }> }
  t.same(kase.references.father.yStr?.DYS385, ['13', '19'])
  t.notOk('mtDna' in kase.references.father)
  t.same(kase.references.mother.mtDna?.ranges, [[1, 576], [16024, 16569]])

  const ped = await h.app.inject({
    method: 'POST',
    url: '/cases',
    headers: lab,
    payload: {
      id: 'CASE-LIN-2',
      missingPerson: 'MP',
      persons: [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: 'F', mother: 'M' }],
      genotypes: { F: FATHER, M: MOTHER },
      yStr: { F: Y_FATHER },
      mtDna: { M: MT_MOTHER }
    }
  })
  t.equal(ped.statusCode, 201, ped.body)
  const c2 = h.app.services.cases.get('CASE-LIN-2')!
  t.same(c2.references.F.yStr?.DYS19, ['15'])
  t.same(c2.references.M.mtDna?.ranges, [[1, 576], [16024, 16569]])
})

t.test('case lineage refusals: a Y haplotype of a woman, markers without a profile, bad calls of two references at once', async (t) => {
  const h = await buildTestApp(t)
  const res = await h.app.inject({
    method: 'POST',
    url: '/cases',
    headers: h.authHeaders('lab'),
    payload: {
      id: 'CASE-LIN-BAD',
      missingPerson: { sex: 'male' },
      relatives: [
        { id: 'father', relation: 'father', profile: FATHER, yStr: { ...Y_FATHER, DYS390: ['23', 'x'] } },
        { id: 'mother', relation: 'mother', profile: MOTHER, yStr: Y_FATHER, mtDna: { range: '16024-16569', variants: '16223Q' } },
        { id: 'uncle', relation: 'paternal-uncle', yStr: Y_FATHER }
      ]
    }
  })
  t.equal(res.statusCode, 422, res.body)
  const msg = (res.json() as { message: string }).message
  t.match(msg, /sample father, locus DYS390/, 'the father\'s bad Y locus')
  t.match(msg, /sample mother: a Y-STR haplotype is given for a female/)
  t.match(msg, /16223Q/, 'the mother\'s bad variant')
  t.match(msg, /sample uncle: lineage markers \(yStr, mtDna\) are given without an autosomal profile/)
  t.equal((await h.app.inject({ method: 'GET', url: '/cases/CASE-LIN-BAD', headers: h.authHeaders('caseworker') })).statusCode, 404, 'nothing stored')
})

t.test('an expunged person\'s and case\'s lineage markers are gone from the tables and the file bytes', async (t) => {
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  const admin = h.authHeaders('admin')
  const bytes = (): string => {
    const read = (f: string): string => { try { return readFileSync(f).toString('latin1') } catch { return '' } }
    return read(h.dbFile) + read(h.dbFile + '-wal')
  }
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-LIN-X', sex: 'male', profile: CHILD, yStr: Y_FATHER, mtDna: MT_MOTHER } })).statusCode, 201)
  // the replaced version (with its haplotype) goes to the history: it must go too
  t.equal((await h.app.inject({ method: 'PUT', url: '/persons/U-LIN-X', headers: lab, payload: { id: 'U-LIN-X', sex: 'male', profile: CHILD, yStr: { ...Y_FATHER, DYS19: ['16'] }, mtDna: MT_MOTHER } })).statusCode, 200)
  t.equal((await h.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { id: 'CASE-LIN-X', missingPerson: { sex: 'male' }, relatives: [{ id: 'father', relation: 'father', profile: FATHER, yStr: Y_FATHER }, { id: 'mother', relation: 'mother', profile: MOTHER, mtDna: MT_MOTHER }] } })).statusCode, 201)
  const sealed = [
    ...(h.db.prepare('SELECT y_haplotype_json AS y, mt_dna_json AS mt FROM unidentified_persons').all() as Array<{ y: Buffer, mt: Buffer }>).flatMap((r) => [r.y, r.mt]),
    ...(h.db.prepare('SELECT y_haplotype_json AS y, mt_dna_json AS mt FROM reference_profiles').all() as Array<{ y: Buffer | null, mt: Buffer | null }>).flatMap((r) => [r.y, r.mt]),
    ...(h.db.prepare('SELECT version_json AS v FROM person_history').all() as Array<{ v: Buffer }>).map((r) => r.v)
  ].filter((b): b is Buffer => b !== null).map((b) => b.toString('latin1'))
  t.equal(sealed.length, 5, 'control: the person\'s two, the references\' two and the history\'s sealed values')
  const before = bytes()
  t.ok(sealed.every((s) => before.includes(s)), 'control: each is in the file bytes before')
  const delPerson = await h.app.inject({ method: 'DELETE', url: '/persons/U-LIN-X?reason=consent-withdrawn', headers: admin })
  t.equal(delPerson.statusCode, 200, delPerson.body)
  const delCase = await h.app.inject({ method: 'DELETE', url: '/cases/CASE-LIN-X?reason=consent-withdrawn', headers: admin })
  t.equal(delCase.statusCode, 200, delCase.body)
  const after = bytes()
  t.same(sealed.filter((s) => after.includes(s)).length, 0, 'none is left in the database file or its WAL')
  t.equal(h.db.prepare('SELECT count(*) FROM reference_profiles').pluck().get(), 0)
})
