import t from 'tap'
import { completeLoci } from '../../../src/core/identification/dvi-problem.ts'
import { lnPlacementLr, prepareFamilyModel, prepareJointLoci } from '../../../src/core/lr/joint-assignment-lr.ts'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { KIT_LOCI, personBody, TABLE, unrelatedPersons, wireProfile } from '../../helpers/planted-families.ts'
import { createRng, simulatePedigree } from '../../helpers/simulate-family.ts'

// Two siblings abducted together, a boy (MP1) and a girl (MP2); the father is unknown, the mother and an
// elder sister are typed. Found: the two children, among unrelated persons of both sexes.
const persons = [
  { id: 'F', sex: 'male' as const },
  { id: 'M', sex: 'female' as const },
  { id: 'MP1', sex: 'male' as const, father: 'F', mother: 'M' },
  { id: 'MP2', sex: 'female' as const, father: 'F', mother: 'M' },
  { id: 'S', sex: 'female' as const, father: 'F', mother: 'M' }
]
const rng = createRng(1302)
const family = simulatePedigree(rng, persons, TABLE, KIT_LOCI, { rates: { male: 0, female: 0 } })
const others = unrelatedPersons(rng, 16)
const caseBody = {
  id: 'FAM-SIBS',
  missingPersons: [{ slot: 'MP1', sex: 'male' }, { slot: 'MP2', sex: 'female' }],
  persons,
  genotypes: { M: wireProfile(family.M), S: wireProfile(family.S) }
}
const boy = personBody('U-BOY', 'male', family.MP1)
const girl = personBody('U-GIRL', 'female', family.MP2)

for (const order of ['case first', 'persons first'] as const) {
  t.test(`two slots, two planted siblings (${order}): each first in its slot; the joint LR is the core's, not the product`, async (t) => {
    const { app, authHeaders } = await buildTestApp(t)
    const lab = authHeaders('lab')
    const cw = authHeaders('caseworker')
    const postCase = async () => { const r = await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody }); t.equal(r.statusCode, 201, r.body) }
    const postPersons = async () => {
      for (const body of [boy, girl, ...others.map((o) => personBody(o.id, o.sex, o.profile))]) {
        const r = await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: body })
        t.equal(r.statusCode, 201, r.body)
      }
    }
    if (order === 'case first') { await postCase(); await postPersons() } else { await postPersons(); await postCase() }

    const list = async (slot: string) => {
      const r = await app.inject({ method: 'GET', url: `/cases/FAM-SIBS/candidates?slot=${slot}`, headers: cw })
      t.equal(r.statusCode, 200, r.body)
      return r.json() as { slot: string, candidates: Array<{ personId: string, slot: string, log10Lr: number }> }
    }
    const mp1 = await list('MP1')
    const mp2 = await list('MP2')
    t.equal(mp1.candidates[0]?.personId, 'U-BOY', 'the boy ranks first for MP1')
    t.equal(mp2.candidates[0]?.personId, 'U-GIRL', 'the girl ranks first for MP2')
    t.ok(mp1.candidates.every((c) => c.slot === 'MP1') && mp2.candidates.every((c) => c.slot === 'MP2'), 'each entry names its slot')
    t.notOk(mp1.candidates.some((c) => c.personId === 'U-GIRL'), 'the girl is not compared with the boy\'s slot')
    const boyLr = mp1.candidates[0].log10Lr
    const girlLr = mp2.candidates[0].log10Lr
    t.ok(boyLr >= 4 && girlLr >= 4, `both reach the threshold (${boyLr.toFixed(2)}, ${girlLr.toFixed(2)})`)

    // the person's side: which slot of which case
    const ofBoy = await app.inject({ method: 'GET', url: '/persons/U-BOY/candidates', headers: cw })
    t.same(ofBoy.json().candidates.map((c: { caseId: string, slot: string }) => [c.caseId, c.slot]), [['FAM-SIBS', 'MP1']])
    const unknownSlot = await app.inject({ method: 'GET', url: '/cases/FAM-SIBS/candidates?slot=MP7', headers: cw })
    t.equal(unknownSlot.statusCode, 400)
    t.match(unknownSlot.json().message, /no missing person MP7; its slots are MP1, MP2/)

    const joint = await app.inject({ method: 'GET', url: '/cases/FAM-SIBS/joint-assignment', headers: cw })
    t.equal(joint.statusCode, 200, joint.body)
    const j = joint.json().jointAssignment
    t.same(j.assigned.map((a: { slot: string, personId: string }) => [a.slot, a.personId]), [['MP1', 'U-BOY'], ['MP2', 'U-GIRL']])

    // The core, by hand: both children placed at once on the pedigree, and each alone, on the same tables.
    const model = app.services.match.modelFor(app.services.defaultTableId())
    const kase = app.services.cases.get('FAM-SIBS')!
    const genotypes = { M: kase.references.M.profile, S: kase.references.S.profile }
    const victims = [{ id: 'U-BOY', sex: 'male' as const, genotypes: app.services.persons.get('U-BOY')!.profile }, { id: 'U-GIRL', sex: 'female' as const, genotypes: app.services.persons.get('U-GIRL')!.profile }]
    const fam = { id: 'FAM-SIBS', persons, missing: ['MP1', 'MP2'], genotypes }
    const loci = prepareJointLoci(completeLoci({ victims, families: [fam], loci: [...model.loci.values()].filter((l) => l.name in genotypes.M), options: model.options }), model.options)
    const fm = prepareFamilyModel(fam, loci)
    const lnJoint = lnPlacementLr(fm, new Map([['MP1', victims[0].genotypes], ['MP2', victims[1].genotypes]]), loci)
    const lnProduct = lnPlacementLr(fm, new Map([['MP1', victims[0].genotypes]]), loci) + lnPlacementLr(fm, new Map([['MP2', victims[1].genotypes]]), loci)
    t.ok(Math.abs(j.log10JointLr - lnJoint / Math.LN10) < 1e-9, `joint log10 LR ${j.log10JointLr} is the core's ${lnJoint / Math.LN10}`)
    t.ok(Math.abs(j.log10PairwiseProduct - lnProduct / Math.LN10) < 1e-9, 'the product of the pairwise LRs on the same tables')
    t.ok(Math.abs(j.log10JointLr - j.log10PairwiseProduct) > 0.1, `siblings together are not the product (${j.log10JointLr.toFixed(3)} vs ${j.log10PairwiseProduct.toFixed(3)})`)
    t.ok(Math.abs(j.log10PairwiseProduct - (boyLr + girlLr)) < 0.05, 'and that product is the stored pairwise LRs\'')
    t.ok(j.log10OverNextBest > 0, 'the next best assignment is less likely')

    // the pages: both slots' lists on the case page with the joint LR; the person page names the slot
    const page = async (url: string, lang: string) => await app.inject({ method: 'GET', url: `${url}?lang=${lang}`, headers: { ...cw, accept: 'text/html' } })
    const casePage = (await page('/cases/FAM-SIBS', 'en')).body
    t.match(casePage, /Missing persons<\/dt><dd>MP1 \(male\), MP2 \(female\)<\/dd>/)
    const section = (slot: string): string => casePage.split(`<section class="slot-candidates" id="slot-${slot}"`)[1]?.split('</section>')[0] ?? ''
    t.match(section('MP1'), /Candidates for MP1 \(male\)[\s\S]*<a href="\/persons\/U-BOY">U-BOY<\/a>/)
    t.match(section('MP2'), /Candidates for MP2 \(female\)[\s\S]*<a href="\/persons\/U-GIRL">U-GIRL<\/a>/)
    t.notMatch(section('MP1'), /U-GIRL/)
    t.match(casePage, 'Assigned together: LR')
    t.match(casePage, `(log10 ${j.log10JointLr.toFixed(2)}); not the product of the pairwise LRs (log10 ${j.log10PairwiseProduct.toFixed(2)})`)
    t.match((await page('/cases/FAM-SIBS', 'zh-CN')).body, /共同指派：似然比/)
    const personPage = (await page('/persons/U-GIRL', 'en')).body
    t.match(personPage, /<a href="\/cases\/FAM-SIBS">FAM-SIBS<\/a><br><span class="muted slot"[^>]*>MP2<\/span>/)

    // the report is for the girl's slot and lists every slot of the family
    const report = await app.inject({ method: 'GET', url: '/cases/FAM-SIBS/persons/U-GIRL/report', headers: cw })
    t.equal(report.statusCode, 200, report.body)
    t.same(report.json().case.missingPerson, { id: 'MP2', sex: 'female' })
    t.same(report.json().case.missingPersons, [{ id: 'MP1', sex: 'male', status: 'sex-mismatch', log10Lr: null }, { id: 'MP2', sex: 'female', status: 'scored', log10Lr: girlLr }])
    t.equal(report.json().total.log10Lr, girlLr, 'the LR reported is the one listed for MP2')
    const html = await app.inject({ method: 'GET', url: '/cases/FAM-SIBS/persons/U-GIRL/report?format=html&lang=en', headers: cw })
    t.match(html.body, /Missing persons of the family[\s\S]*MP1 \(male\): not compared \(other sex\); MP2 \(female\): this report/)
  })
}

t.test('a one-slot case has no joint assignment and its candidates name its missing person', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const body = { id: 'FAM-ONE', missingPerson: 'MP1', persons, genotypes: caseBody.genotypes }
  t.equal((await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: body })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: '/persons', headers: authHeaders('lab'), payload: boy })).statusCode, 201)
  const list = await app.inject({ method: 'GET', url: '/cases/FAM-ONE/candidates', headers: authHeaders('caseworker') })
  t.same(list.json().candidates.map((c: { personId: string, slot: string }) => [c.personId, c.slot]), [['U-BOY', 'MP1']])
  const joint = await app.inject({ method: 'GET', url: '/cases/FAM-ONE/joint-assignment', headers: authHeaders('caseworker') })
  t.same(joint.json(), { caseId: 'FAM-ONE', slots: ['MP1'], jointAssignment: null })
})
