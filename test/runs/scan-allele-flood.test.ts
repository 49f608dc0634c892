// Issue 15 item 3: a lab that uploads 10^4 invented alleles cannot use the screen's allele codes up:
// every upload is stored and searched, a later legitimate profile with a new rare allele is found at
// rank 1, and the service restarts on that database.
import t from 'tap'
import type { Profile } from '../../src/core/markers/profile.ts'
import { createRng, KIT_LOCI, TABLE } from '../helpers/planted-families.ts'
import { candidatesOf, serviceFile } from '../helpers/service-restart.ts'
import { randomProfile, SHAPES, simulatePedigree } from '../helpers/simulate-family.ts'

const rng = createRng(117)
const earlier = simulatePedigree(rng, SHAPES.trio.persons, TABLE, KIT_LOCI, { rates: { male: 0, female: 0 } })
const family = simulatePedigree(rng, SHAPES.trio.persons, TABLE, KIT_LOCI, { rates: { male: 0, female: 0 } })
// The legitimate rare allele: Penta E 7 (the table has 5 and 8–25), the father's and so the child's; at the
// locus whose stored codes ran out first when codes were handed out (it has the most table alleles).
const father: Profile = { ...family.F, 'Penta E': ['7', family.F['Penta E'][1]] }
const child: Profile = { ...family.MP, 'Penta E': ['7', family.M['Penta E'][0]] }

/** Upload i's invented alleles: distinct from every other upload's at each locus, and from the legitimate ones. */
function hostileProfile (i: number): Record<string, [string, string]> {
  // Two plausible repeat numbers far from any table (30–99, with a partial repeat .1–.9), distinct for j < 630:
  // implausible ones (100.5, 999.123) never get this far, intake refuses them (allele.ts profileAllele).
  const allele = (j: number): string => `${30 + (j % 70)}.${1 + Math.floor(j / 70)}`
  return Object.fromEntries(KIT_LOCI.map((l) => [l, [allele(2 * i), allele(2 * i + 1)]]))
}

t.test('10^4 hostile new alleles leave later legitimate uploads stored, searched and found at rank 1', async (t) => {
  const file = serviceFile()
  t.teardown(file.remove)
  let service = await file.start()
  t.teardown(async () => { await service.stop() })
  const lab = file.headers('lab')
  const cw = file.headers('caseworker')
  const early = await service.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { id: 'CASE-EARLY', missingPerson: { sex: 'male' }, relatives: [{ id: 'father', relation: 'father', profile: earlier.F }] } })
  t.equal(early.statusCode, 201, early.statusCode === 201 ? 'the earlier case is stored' : early.body)

  const uploads = Math.ceil(10_000 / (2 * KIT_LOCI.length))
  const failed: string[] = []
  for (let i = 0; i < uploads; i++) {
    const r = await service.app.inject({ method: 'PUT', url: `/persons/H-${i}`, headers: lab, payload: { id: `H-${i}`, sex: 'male', profile: hostileProfile(i) } })
    if (r.statusCode >= 300) failed.push(`H-${i}: ${r.statusCode} ${r.body}`)
  }
  t.same(failed.slice(0, 3), [], `all ${uploads} hostile uploads (${uploads * 2 * KIT_LOCI.length} distinct alleles) stored and searched`)
  const implausible = await service.app.inject({ method: 'PUT', url: '/persons/H-X', headers: lab, payload: { id: 'H-X', sex: 'male', profile: { ...hostileProfile(0), vWA: ['100.5', '999.123'] } } })
  t.equal(implausible.statusCode, 422, 'an allele that is no repeat number is refused at intake')
  t.match(implausible.body, /allele \\"100\.5\\" is not a plausible repeat number/)

  const created = await service.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { id: 'CASE-LEGIT', missingPerson: { sex: 'male' }, relatives: [{ id: 'father', relation: 'father', profile: father }, { id: 'mother', relation: 'mother', profile: family.M }] } })
  t.equal(created.statusCode, 201, `the case with the father's Penta E 7: ${created.statusCode}`)
  const put = await service.app.inject({ method: 'PUT', url: '/persons/U-LEGIT', headers: lab, payload: { id: 'U-LEGIT', sex: 'male', profile: child } })
  t.equal(put.statusCode, 201, `the child with Penta E 7: ${put.statusCode}`)
  t.equal((await candidatesOf(service.app, cw, 'cases', 'CASE-LEGIT'))[0]?.personId, 'U-LEGIT', 'the child is rank 1 of the case')
  t.equal((await candidatesOf(service.app, cw, 'persons', 'U-LEGIT'))[0]?.caseId, 'CASE-LEGIT', 'and the case rank 1 of the child')

  await service.stop()
  service = await file.start()
  t.equal((await candidatesOf(service.app, cw, 'cases', 'CASE-LEGIT'))[0]?.personId, 'U-LEGIT', 'after a restart, still rank 1')
  const screened = await service.app.services.match.screen.casesForPerson(service.app.services.persons.get('U-LEGIT')!)
  t.ok(screened.includes('CASE-LEGIT'), 'and the restarted screen passes the pair')
  const later = await service.app.inject({ method: 'PUT', url: '/persons/U-LATER', headers: lab, payload: { id: 'U-LATER', sex: 'male', profile: { ...randomProfile(rng, TABLE, KIT_LOCI), TPOX: ['7.3', '8'] } } })
  t.equal(later.statusCode, 201, 'a new rare allele after the restart is stored too')
})
