// End to end through the HTTP API on a temporary database: families with planted true relatives
// (simulated with mutation from the bundled NIST 1036 US Asian table), unrelated persons as noise;
// each planted person must come first for its case, with the LR the engine gives for the same inputs.
import t from 'tap'
import { kinshipLr } from '../../src/core/lr/kinship-lr.ts'
import type { KinshipCase, LocusModel, LrOptions } from '../../src/core/pedigree/kinship-case.ts'
import { defaultLocusMutation } from '../../src/core/mutation/mutation-rates.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { caseBody, createRng, KIT_LOCI, personBody, plantFamilies, TABLE, unrelatedPersons, type PlantedFamily } from '../helpers/planted-families.ts'

// The service's documented defaults (README, src/config.ts), written out here independently.
const MUTATION_DEFAULTS = { range: 0.5, defaultPaternalRate: 0.002, defaultMaternalRate: 0.0005 }
const OPTIONS: LrOptions = { theta: 0.01, mutation: defaultLocusMutation('', MUTATION_DEFAULTS), unknownAllele: { rule: 'nrc2', fallbackFrequency: 0.001 } }
const LOCI: LocusModel[] = KIT_LOCI.map((name) => ({ ...TABLE.loci[name], name, mutation: defaultLocusMutation(name, MUTATION_DEFAULTS) }))

/** The default candidate floor (HOMEWARD_CANDIDATE_LR = 1000), as log10. */
const FLOOR = 3

function engineLog10Lr (f: PlantedFamily): number | null {
  const kcase: KinshipCase = { persons: f.persons, missingPerson: 'MP', genotypes: { ...f.references, MP: f.child } }
  return kinshipLr(kcase, LOCI, OPTIONS).log10Lr
}

interface CandidateBody {
  candidates: Array<{ personId: string, caseId: string, log10Lr: number | null, inconsistentLoci: number, decision: string, undisputed: boolean, posterior: number }>
  searched: number
  expectedChanceCandidates: number
  prior: { value: number, basis: string }
  notCandidates: { sexMismatch: number, errors: number }
}

t.test('planted relatives rank first with the engine\'s LR, from both sides', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const lab = authHeaders('lab')
  const cw = authHeaders('caseworker')
  const families = plantFamilies(20261122)
  const noise = unrelatedPersons(createRng(7), 30)

  // Half the unrelated persons before the cases, half after: searches run from both sides.
  for (const x of noise.slice(0, 15)) t.equal((await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(x.id, x.sex, x.profile) })).statusCode, 201)
  for (const f of families.slice(0, 3)) t.equal((await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(f.personId, f.mpSex, f.child) })).statusCode, 201)
  for (const f of families) {
    const res = await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody(f) })
    t.equal(res.statusCode, 201, `case ${f.caseId}: ${res.body.slice(0, 200)}`)
  }
  for (const f of families.slice(3)) t.equal((await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(f.personId, f.mpSex, f.child) })).statusCode, 201)
  for (const x of noise.slice(15)) t.equal((await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(x.id, x.sex, x.profile) })).statusCode, 201)

  for (const f of families) {
    const res = await app.inject({ method: 'GET', url: `/cases/${f.caseId}/candidates`, headers: cw })
    t.equal(res.statusCode, 200)
    const body = res.json() as CandidateBody
    const expected = engineLog10Lr(f)
    const mine = body.candidates.find((c) => c.personId === f.personId)
    if (expected === null || expected < FLOOR) {
      // A relative too distant to reach the candidate floor (10^3) is not listed; its report still is there.
      t.notOk(mine, `${f.caseId} (${f.shape}): LR 10^${expected} is below the floor and not listed`)
      const report = await app.inject({ method: 'GET', url: `/cases/${f.caseId}/persons/${f.personId}/report`, headers: cw })
      t.equal(report.statusCode, 200, `${f.caseId}: the pair's report is made on request`)
      const lr = (report.json() as { total: { log10Lr: number | null } }).total.log10Lr
      t.ok(expected !== null && lr !== null && Math.abs(lr - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${f.caseId}: the report's LR equals the engine's`)
      continue
    }
    const top = body.candidates[0]
    t.equal(top.personId, f.personId, `${f.caseId} (${f.shape}): planted person first`)
    t.ok(top.log10Lr !== null && Math.abs(top.log10Lr - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
      `${f.caseId}: log10 LR ${top.log10Lr} equals the engine's ${expected}`)
    // Only persons of the missing person's sex are searched; the others are not candidates.
    const sameSex = [...noise, ...families.map((g) => ({ sex: g.mpSex }))].filter((x) => x.sex === f.mpSex).length
    t.equal(body.searched, sameSex, `${f.caseId}: searched the ${sameSex} persons of the missing person's sex`)
    t.equal(body.notCandidates.sexMismatch, noise.length + families.length - sameSex)
    t.equal(body.expectedChanceCandidates, sameSex / 1e4)
    t.equal(body.prior.value, 1 / families.length)
    for (let i = 1; i < body.candidates.length; i++) {
      const [a, b] = [body.candidates[i - 1].log10Lr, body.candidates[i].log10Lr]
      t.ok(b === null || (a !== null && a >= b), 'best first')
    }

    const back = (await app.inject({ method: 'GET', url: `/persons/${f.personId}/candidates`, headers: cw })).json() as CandidateBody
    t.equal(back.candidates[0].caseId, f.caseId, `${f.personId}: its own case first`)
  }

  // Brute force: the engine on every same-sex (case, person) pair. Every pair at or above the floor is
  // on the case's list and on the person's, with the engine's LR; nothing below the floor is listed.
  const everyone = [...noise.map((x) => ({ id: x.id, sex: x.sex, profile: x.profile })), ...families.map((g) => ({ id: g.personId, sex: g.mpSex, profile: g.child }))]
  let above = 0
  for (const f of families) {
    const caseList = (await app.inject({ method: 'GET', url: `/cases/${f.caseId}/candidates?limit=1000`, headers: cw })).json() as CandidateBody
    t.ok(caseList.candidates.every((c) => c.log10Lr !== null && c.log10Lr >= FLOOR - 1e-9), `${f.caseId}: nothing below the floor is listed`)
    for (const x of everyone.filter((y) => y.sex === f.mpSex)) {
      const lr = engineLog10Lr({ ...f, child: x.profile })
      const listed = caseList.candidates.find((c) => c.personId === x.id)
      if (lr === null || lr < FLOOR) {
        t.notOk(listed, `${f.caseId} × ${x.id}: LR 10^${lr} is not listed`)
        continue
      }
      above++
      t.ok(listed !== undefined && Math.abs(listed.log10Lr! - lr) <= 1e-9 * Math.max(1, Math.abs(lr)), `${f.caseId} × ${x.id}: LR 10^${lr} is listed with the engine's LR`)
      const personList = (await app.inject({ method: 'GET', url: `/persons/${x.id}/candidates?limit=1000`, headers: cw })).json() as CandidateBody
      t.ok(personList.candidates.some((c) => c.caseId === f.caseId), `${x.id}: ${f.caseId} is on the person's list`)
    }
  }
  t.ok(above >= families.length - 1, `${above} pairs at or above the floor`)

  // The trio with a paternal mutation: one inconsistent locus, still found, not excluded.
  const mutated = families[4]
  const list = (await app.inject({ method: 'GET', url: `/cases/${mutated.caseId}/candidates`, headers: cw })).json() as CandidateBody
  t.equal(list.candidates[0].personId, mutated.personId)
  t.ok(list.candidates[0].inconsistentLoci >= 1, 'the mutation shows as an inconsistent locus')
  t.not(list.candidates[0].decision, 'excluded')

  // A trio with 23 loci is far above 10^4 and far above every competitor: supported and undisputed.
  const trio = (await app.inject({ method: 'GET', url: `/cases/${families[0].caseId}/candidates`, headers: cw })).json() as CandidateBody
  t.equal(trio.candidates[0].decision, 'supported')
  t.equal(trio.candidates[0].undisputed, true)
  t.ok(trio.candidates[0].posterior > 0.99)

  // A page of one: the counts still describe the whole list.
  const page = (await app.inject({ method: 'GET', url: `/cases/${families[0].caseId}/candidates?limit=1`, headers: cw })).json() as CandidateBody & { aboveThreshold: number }
  const full = trio as CandidateBody & { aboveThreshold: number }
  t.equal(page.candidates.length, 1)
  t.equal(page.aboveThreshold, full.candidates.filter((c) => c.log10Lr !== null && c.log10Lr >= 4).length)
  t.equal(page.searched, full.searched)
})
