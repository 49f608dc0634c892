// Issue 14: a lab's Yfiler table and EMPOP text through POST /imports (preview, then commit): the lineage
// markers join the persons and references already stored, are refused where they conflict or have no record.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { uploadImport } from '../helpers/multipart-upload.ts'
import { createRng, KIT_LOCI, TABLE, wireProfile } from '../helpers/planted-families.ts'
import { randomProfile } from '../helpers/simulate-family.ts'
import { Y_FATHER } from '../helpers/lineage-samples.ts'

const rng = createRng(1415)
const CHILD = wireProfile(randomProfile(rng, TABLE, KIT_LOCI))
const MOTHER = wireProfile(randomProfile(rng, TABLE, KIT_LOCI))
const AUNT = wireProfile(randomProfile(rng, TABLE, KIT_LOCI))
const fixture = (name: string): { name: string, content: Buffer } => ({ name, content: readFileSync(new URL(`../../fixtures/imports/lineage/${name}`, import.meta.url)) })

t.test('a Yfiler table adds the haplotype to the stored person; refused samples are named; a second import changes nothing', async (t) => {
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'UHR-Y-0001', sex: 'male', profile: CHILD } })).statusCode, 201)
  const mapping = { 'UHR-Y-0001': { side: 'unidentified' }, 'REF-Y-0002': { side: 'unidentified' }, 'REF-Y-BAD': { side: 'unidentified' } }

  const dry = await uploadImport(h, 'lab', fixture('yfiler-genemapper-idx.txt'), { mapping })
  t.equal(dry.statusCode, 200, dry.body)
  t.match(dry.json().preview.samples[0], { id: 'UHR-Y-0001', ok: true, yStr: { DYS385: ['13', '19'] } }, 'the preview shows the haplotype')
  t.notOk((h.app.services.persons.get('UHR-Y-0001')!).yStr, 'a dry run stores nothing')

  const all = await uploadImport(h, 'lab', fixture('yfiler-genemapper-idx.txt'), { mapping, dryRun: false })
  t.equal(all.statusCode, 422, 'all-or-nothing: a refused sample refuses the file')
  t.notOk(h.app.services.persons.get('UHR-Y-0001')!.yStr, 'nothing stored')

  const res = await uploadImport(h, 'lab', fixture('yfiler-genemapper-idx.txt'), { mapping, dryRun: false, mode: 'accepted-only' })
  t.equal(res.statusCode, 201, res.body)
  const commit = res.json().commit as { stored: { lineage?: Array<Record<string, unknown>> }, refused: Array<{ id: string, reasons: string[] }> }
  t.same(commit.stored.lineage, [{ sampleId: 'UHR-Y-0001', personId: 'UHR-Y-0001', systems: ['yStr'] }])
  const refused = new Map(commit.refused.map((r) => [r.id, r.reasons.join('; ')]))
  t.match(refused.get('REF-Y-0002'), /no unidentified person REF-Y-0002 is stored: lineage markers are added to a stored person/)
  t.match(refused.get('REF-Y-BAD'), /locus DYS19: .*"OL"/, 'the bad call, named')
  const person = h.app.services.persons.get('UHR-Y-0001')!
  t.same(person.yStr?.DYS385, ['13', '19'])
  t.same(person.profile, (await h.app.inject({ method: 'GET', url: '/persons/UHR-Y-0001', headers: h.authHeaders('caseworker') })).json().profile, 'the autosomal profile kept')
  t.equal(h.app.services.persons.history('UHR-Y-0001').length, 1, 'the version without the haplotype kept in the history')

  const again = await uploadImport(h, 'lab', fixture('yfiler-genemapper-idx.txt'), { mapping, dryRun: false, mode: 'accepted-only' })
  t.same(again.json().commit.unchanged, ['UHR-Y-0001'], 'importing the same file again changes nothing')
})

t.test('EMPOP text adds mitotypes to a case\'s references; a different one already stored is refused', async (t) => {
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  const kase = await h.app.inject({
    method: 'POST',
    url: '/cases',
    headers: lab,
    payload: { id: 'CASE-MT-1', missingPerson: { sex: 'female' }, relatives: [{ id: 'mother', relation: 'mother', profile: MOTHER }, { id: 'aunt', relation: 'maternal-aunt', profile: AUNT, mtDna: { range: '16024-16569', variants: '16189C' } }] }
  })
  t.equal(kase.statusCode, 201, kase.body)
  const mapping = { 'REF-MT-0001': { side: 'reference', caseId: 'CASE-MT-1', personId: 'mother' }, 'REF-MT-0002': { side: 'reference', caseId: 'CASE-MT-1', personId: 'aunt' }, 'REF-MT-BAD': { side: 'unidentified' } }
  const res = await uploadImport(h, 'lab', fixture('empop-mitotypes.txt'), { mapping, dryRun: false, mode: 'accepted-only' })
  t.equal(res.statusCode, 201, res.body)
  const commit = res.json().commit as { stored: { lineage?: unknown[] }, refused: Array<{ id: string, reasons: string[] }> }
  t.same(commit.stored.lineage, [{ sampleId: 'REF-MT-0001', personId: 'mother', caseId: 'CASE-MT-1', systems: ['mtDna'] }])
  const refused = new Map(commit.refused.map((r) => [r.id, r.reasons.join('; ')]))
  t.match(refused.get('REF-MT-0002'), /case CASE-MT-1 person aunt already has a different mtDNA profile; an import never overwrites it/)
  t.match(refused.get('REF-MT-BAD'), /16519/)
  const stored = h.app.services.cases.get('CASE-MT-1')!
  t.same(stored.references.mother.mtDna?.ranges, [[1, 576], [16024, 16569]])
  t.same(stored.references.mother.profile, h.app.services.cases.get('CASE-MT-1')!.references.mother.profile)
  t.same(stored.references.aunt.mtDna?.variants, ['16189C'], 'the aunt\'s mitotype untouched')
})

t.test('a haplotype added by an import is searched at once: the stored pair gets its Y-STR LR', async (t) => {
  const h = await buildTestApp(t, { env: { HOMEWARD_CANDIDATE_LR: '0' } }) // every pair scored and stored
  const lab = h.authHeaders('lab')
  const father = wireProfile(randomProfile(rng, TABLE, KIT_LOCI))
  t.equal((await h.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { id: 'CASE-Y-IMP', missingPerson: { sex: 'male' }, relatives: [{ id: 'father', relation: 'father', profile: father, yStr: Y_FATHER }] } })).statusCode, 201)
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'UHR-Y-0001', sex: 'male', profile: CHILD } })).statusCode, 201)
  const before = h.db.prepare("SELECT y_log10_lr FROM match_results WHERE case_id = 'CASE-Y-IMP' AND person_id = 'UHR-Y-0001'").get() as { y_log10_lr: number | null } | undefined
  t.equal(before?.y_log10_lr ?? null, null, 'control: no Y figure while the person has no haplotype')
  const res = await uploadImport(h, 'lab', fixture('yfiler-genemapper-idx.txt'), { mapping: { 'UHR-Y-0001': { side: 'unidentified' } }, dryRun: false, mode: 'accepted-only' })
  t.equal(res.statusCode, 201, res.body)
  const after = h.db.prepare("SELECT y_log10_lr FROM match_results WHERE case_id = 'CASE-Y-IMP' AND person_id = 'UHR-Y-0001'").get() as { y_log10_lr: number | null }
  t.ok(after.y_log10_lr !== null, `the Y figure is there at once (log10 ${after.y_log10_lr})`)
})
