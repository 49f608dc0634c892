// Issue 14: the search on entry adds each pair's lineage LRs (Y-STR on the paternal line, mtDNA on the
// maternal) to the autosomal one, stored apart and combined, frequencies counted in the database's own
// haplotypes; the candidate lists rank by the combined figure and show each.
import t from 'tap'
import { yMutationRate } from '../../src/core/lineage/y-mutation-rates.ts'
import { parseYHaplotype } from '../../src/core/lineage/y-haplotype.ts'
import { execFileSync } from 'node:child_process'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { pdfToText } from '../report/pdf-to-text.ts'
import { MT_MOTHER, Y_FATHER } from '../helpers/lineage-samples.ts'
import { createRng, KIT_LOCI, TABLE, wireProfile } from '../helpers/planted-families.ts'
import { randomProfile, SHAPES, simulatePedigree } from '../helpers/simulate-family.ts'

const rng = createRng(1416)
const family = simulatePedigree(rng, SHAPES.trio.persons.map((p) => (p.id === 'MP' ? { ...p, sex: 'male' as const } : p)), TABLE, KIT_LOCI, { rates: { male: 0, female: 0 } })
const persons = SHAPES.trio.persons.map((p) => (p.id === 'MP' ? { ...p, sex: 'male' } : p))
const UNRELATED = 9
const hasPdfToText = (): boolean => { try { execFileSync('pdftotext', ['-v'], { stdio: 'ignore' }); return true } catch { return false } }
// DYS19 lengths of the unrelated men: every common one but the family's 15
const OTHER_DYS19 = ['10', '11', '12', '13', '14', '16', '17', '18', '19']

interface Figure { log10Lr: number, log10Numerator: number, frequency: number, matches: number, size: number, method: string, differences: number, relatives: Array<{ id: string, meioses: number }> }
interface Listed { caseId: string, log10Lr: number, combinedLog10Lr: number, lineage: { paternal?: Figure, maternal?: Figure } | null }

t.test('a son of a typed father and mother: Y and mtDNA LRs by hand, combined, ranked above the same family without them', async (t) => {
  const h = await buildTestApp(t)
  const cw = h.authHeaders('caseworker')
  // the database's other haplotypes: unrelated men, each a different DYS19 and a different mitotype
  for (let i = 0; i < UNRELATED; i++) {
    const res = await h.app.inject({
      method: 'POST',
      url: '/persons',
      headers: cw,
      payload: { id: `U-OTHER-${i}`, sex: 'male', profile: wireProfile(randomProfile(rng, TABLE, KIT_LOCI)), yStr: { ...Y_FATHER, DYS19: [OTHER_DYS19[i]] }, mtDna: { range: MT_MOTHER.range, variants: `16${100 + i}T 73G` } }
    })
    t.equal(res.statusCode, 201, res.body)
  }
  const genotypes = { F: wireProfile(family.F), M: wireProfile(family.M) }
  const withLineage = await h.app.inject({ method: 'POST', url: '/cases', headers: cw, payload: { id: 'CASE-B-LIN', missingPerson: 'MP', persons, genotypes, yStr: { F: Y_FATHER }, mtDna: { M: MT_MOTHER } } })
  t.equal(withLineage.statusCode, 201, withLineage.body)
  const without = await h.app.inject({ method: 'POST', url: '/cases', headers: cw, payload: { id: 'CASE-A-NOLIN', missingPerson: 'MP', persons, genotypes } })
  t.equal(without.statusCode, 201, without.body)
  const child = await h.app.inject({ method: 'POST', url: '/persons', headers: cw, payload: { id: 'U-SON', sex: 'male', profile: wireProfile(family.MP), yStr: Y_FATHER, mtDna: MT_MOTHER } })
  t.equal(child.statusCode, 201, child.body)

  const list = (await h.app.inject({ method: 'GET', url: '/persons/U-SON/candidates', headers: cw })).json() as { candidates: Listed[] }
  t.same(list.candidates.map((c) => c.caseId), ['CASE-B-LIN', 'CASE-A-NOLIN'], 'the family whose lines match ranks first (equal autosomal LRs)')
  const [lin, plain] = list.candidates
  t.equal(lin.log10Lr, plain.log10Lr, 'control: the same autosomal LR')
  t.equal(plain.lineage, null, 'no lineage evidence without typed line references')
  t.equal(plain.combinedLog10Lr, plain.log10Lr)

  // Y: father → son is one meiosis, equal at every locus: numerator Π(1 − μ_l) per copy (DYS385 has two); the son's haplotype is
  // unseen among the 9 comparable haplotypes (the son and the case's father left out): (0 + 1)/(9 + 1).
  const y = lin.lineage!.paternal!
  const haplotype = parseYHaplotype(Y_FATHER)
  const numerator = Object.entries(haplotype).reduce((s, [l, alleles]) => s + alleles.length * Math.log10(1 - yMutationRate(l)), 0)
  t.match(y, { matches: 0, size: UNRELATED, frequency: 1 / (UNRELATED + 1), differences: 0, relatives: [{ id: 'F', meioses: 1 }] })
  t.ok(Math.abs(y.log10Numerator - numerator) < 1e-9, `numerator ${y.log10Numerator} = Σ log10(1 − μ) = ${numerator}`)
  t.ok(Math.abs(y.log10Lr - (numerator + 1)) < 1e-9, 'LR = Π(1 − μ) × 10')
  // mtDNA: mother → son, identical over the whole range; unseen among 9: (0 + 2)/(9 + 2)
  const mt = lin.lineage!.maternal!
  t.match(mt, { matches: 0, size: UNRELATED, differences: 0, relatives: [{ id: 'M', meioses: 1 }] })
  t.ok(Math.abs(mt.frequency - 2 / 11) < 1e-12)
  t.ok(mt.log10Numerator < 0 && mt.log10Numerator > Math.log10(0.9), `one meiosis over ~1,100 sites: little chance of a change (log10 ${mt.log10Numerator})`)
  t.ok(Math.abs(mt.log10Lr - (mt.log10Numerator - Math.log10(2 / 11))) < 1e-9)
  t.ok(Math.abs(lin.combinedLog10Lr - (lin.log10Lr + y.log10Lr + mt.log10Lr)) < 1e-9, 'combined = autosomal × Y × mtDNA')

  const row = h.db.prepare("SELECT log10_lr, y_log10_lr, mt_log10_lr, combined_log10_lr, lineage_json FROM match_results WHERE case_id = 'CASE-B-LIN' AND person_id = 'U-SON'").get() as Record<string, number | string>
  t.equal(row.y_log10_lr, y.log10Lr, 'each figure stored apart')
  t.equal(row.log10_lr, lin.log10Lr, 'the autosomal figure unchanged')
  t.notMatch(String(row.lineage_json), /"15"|"13","19"|16223T|263G/, 'the stored figures hold no allele or variant (loci and ranges only)')

  // the case's own list shows the same figures
  const caseList = (await h.app.inject({ method: 'GET', url: '/cases/CASE-B-LIN/candidates', headers: cw })).json() as { candidates: Listed[] }
  t.equal(caseList.candidates[0].combinedLog10Lr, lin.combinedLog10Lr)

  // the report: each figure and the combined one, in JSON and in both languages
  const report = (await h.app.inject({ method: 'GET', url: '/cases/CASE-B-LIN/persons/U-SON/report', headers: cw })).json() as { lineage?: { paternal: Figure, maternal: Figure, combinedLog10Lr: number }, total: { log10Lr: number } }
  t.equal(report.lineage?.paternal.log10Lr, y.log10Lr)
  t.equal(report.lineage?.maternal.log10Lr, mt.log10Lr)
  t.equal(report.lineage?.combinedLog10Lr, lin.combinedLog10Lr)
  t.equal(report.total.log10Lr, lin.log10Lr, 'the report\'s total stays the autosomal LR, on which the decision rests')
  const en = (await h.app.inject({ method: 'GET', url: '/cases/CASE-B-LIN/persons/U-SON/report?format=html&lang=en', headers: cw })).body
  t.match(en, /Lineage markers \(Y-STR, mtDNA\)/)
  t.match(en, /Y-STR \(paternal line\).*F \(1 meioses\).*16 loci compared, 0 differing; the haplotype seen 0 times among 9/s)
  const zh = (await h.app.inject({ method: 'GET', url: '/cases/CASE-B-LIN/persons/U-SON/report?format=html&lang=zh-CN', headers: cw })).body
  t.match(zh, /单倍型遗传标记/)
  t.match(zh, /线粒体 DNA（母系）/)
  // the PDF, where poppler is installed to read it back (CI may lack it)
  if (hasPdfToText()) {
    const pdf = await h.app.inject({ method: 'GET', url: '/cases/CASE-B-LIN/persons/U-SON/report?format=pdf&lang=en', headers: cw })
    t.match(pdfToText(pdf.rawPayload).replace(/\s+/g, ' '), /Lineage markers \(Y-STR, mtDNA\).*Y-STR \(paternal line\).*LR with lineage markers/)
  }
  const none = (await h.app.inject({ method: 'GET', url: '/cases/CASE-A-NOLIN/persons/U-SON/report', headers: cw })).json() as Record<string, unknown>
  t.notOk('lineage' in none, 'no lineage section without lineage evidence')

  // the person page's candidate table: Y · mtDNA → combined, and a dash where there is no lineage evidence
  const page = (await h.app.inject({ method: 'GET', url: '/persons/U-SON?lang=en', headers: { accept: 'text/html', ...cw } })).body
  t.match(page, `<td class="num lineage">${y.log10Lr.toFixed(2)} · ${mt.log10Lr.toFixed(2)} → ${lin.combinedLog10Lr.toFixed(2)}</td>`)
  t.match(page, /<td class="num lineage"><span class="muted" title="no lineage evidence">—<\/span><\/td>/)
  t.match((await h.app.inject({ method: 'GET', url: '/cases/CASE-B-LIN?lang=zh-CN', headers: { accept: 'text/html', ...cw } })).body, /Y · 线粒体 → 含单倍型（log10）/)
  // the pair page lays out the report's lineage section
  const pair = (await h.app.inject({ method: 'GET', url: '/cases/CASE-B-LIN/persons/U-SON?lang=en', headers: { accept: 'text/html', ...cw } })).body
  t.match(pair, /<section aria-labelledby="lineage-h" id="lineage"><h2 id="lineage-h">Lineage markers \(Y-STR, mtDNA\)<\/h2>/)
  t.match(pair, /mtDNA \(maternal line\)/)
  t.notMatch((await h.app.inject({ method: 'GET', url: '/cases/CASE-A-NOLIN/persons/U-SON?lang=en', headers: { accept: 'text/html', ...cw } })).body, /id="lineage"/)
})

t.test('a mismatch at several Y loci gives a Y LR below 1: the combined LR falls below the autosomal one', async (t) => {
  const h = await buildTestApp(t)
  const cw = h.authHeaders('caseworker')
  const genotypes = { F: wireProfile(family.F), M: wireProfile(family.M) }
  t.equal((await h.app.inject({ method: 'POST', url: '/cases', headers: cw, payload: { id: 'CASE-Y', missingPerson: 'MP', persons, genotypes, yStr: { F: Y_FATHER } } })).statusCode, 201)
  const other = { ...Y_FATHER, DYS19: ['17'], DYS390: ['25'], DYS439: ['10'] }
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: cw, payload: { id: 'U-NOT-SON', sex: 'male', profile: wireProfile(family.MP), yStr: other } })).statusCode, 201)
  const [c] = ((await h.app.inject({ method: 'GET', url: '/persons/U-NOT-SON/candidates', headers: cw })).json() as { candidates: Listed[] }).candidates
  t.equal(c.lineage?.paternal?.differences, 3)
  t.ok(c.lineage!.paternal!.log10Lr < 0, `Y log10 LR ${c.lineage!.paternal!.log10Lr} < 0`)
  t.ok(c.combinedLog10Lr < c.log10Lr, 'ranked lower')
  t.ok(c.combinedLog10Lr < 3, 'below the floor combined, yet listed: the autosomal LR reaches it, and a Y mismatch (a non-paternity) is for the caseworker to see')
  t.equal(c.lineage?.maternal, undefined, 'the mother\'s mitotype is not typed: no maternal figure')
})

t.test('the lineage screen: the cases (and persons) whose line references lift a pair, those the autosomal screen passed left out', async (t) => {
  const h = await buildTestApp(t)
  const cw = h.authHeaders('caseworker')
  const genotypes = { F: wireProfile(family.F), M: wireProfile(family.M) }
  const far = { ...Y_FATHER, DYS19: ['17'], DYS390: ['25'], DYS439: ['10'], DYS456: ['13'] }
  for (const [id, y] of [['CASE-NEAR', Y_FATHER], ['CASE-FAR', far]] as const) {
    t.equal((await h.app.inject({ method: 'POST', url: '/cases', headers: cw, payload: { id, missingPerson: 'MP', persons, genotypes, yStr: { F: y } } })).statusCode, 201)
  }
  t.equal((await h.app.inject({ method: 'POST', url: '/cases', headers: cw, payload: { id: 'CASE-GIRL', missingPerson: 'MP', persons: SHAPES.trio.persons.map((p) => (p.id === 'MP' ? { ...p, sex: 'female' } : p)), genotypes, mtDna: { M: MT_MOTHER } } })).statusCode, 201)
  for (let i = 0; i < 5; i++) {
    t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: cw, payload: { id: `U-DB-${i}`, sex: 'male', profile: wireProfile(randomProfile(rng, TABLE, KIT_LOCI)), yStr: { ...Y_FATHER, DYS19: [OTHER_DYS19[i]] } } })).statusCode, 201)
  }
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: cw, payload: { id: 'U-SON-2', sex: 'male', profile: wireProfile(randomProfile(rng, TABLE, KIT_LOCI)), yStr: Y_FATHER, mtDna: MT_MOTHER } })).statusCode, 201)
  const lineage = h.app.services.match.lineage
  const son = h.app.services.persons.get('U-SON-2')!
  t.same(lineage.casesLiftedFor(son, new Set()), ['CASE-NEAR'], 'the equal haplotype lifts; four differences do not; a girl\'s case is not his')
  t.same(lineage.casesLiftedFor(son, new Set(['CASE-NEAR'])), [], 'a case the autosomal screen passed is not added twice')
  t.same(lineage.personsLiftedFor(h.app.services.cases.get('CASE-NEAR')!, new Set()), ['U-SON-2'], 'from the case\'s side: only the son')
  const stranger = h.app.services.persons.get('U-DB-0')!
  t.same(lineage.casesLiftedFor(stranger, new Set()), [], 'one difference at DYS19 among 5 haplotypes does not lift above 1')
})
