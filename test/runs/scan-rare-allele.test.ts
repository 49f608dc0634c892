// Issue 15 item 1: an allele missing from the frequency table (vWA 11.1, a normal microvariant) in an
// import must not stop the screen half-way: the persons after it are screened, the import answers 2xx,
// and the service restarts on the same file with every person still screened.
import t from 'tap'
import type { Profile } from '../../src/core/markers/profile.ts'
import { personFromRequest, type PersonRequest } from '../../src/runs/person-intake.ts'
import { openDatabase } from '../../src/storage/database.ts'
import { createPersonRepository } from '../../src/storage/person-repository.ts'
import { createRng, KIT_LOCI, TABLE } from '../helpers/planted-families.ts'
import { candidatesOf, importExport, longExport, serviceFile } from '../helpers/service-restart.ts'
import { randomProfile, SHAPES, simulatePedigree } from '../helpers/simulate-family.ts'

const rng = createRng(1511)
const trio = simulatePedigree(rng, SHAPES.trio.persons, TABLE, KIT_LOCI, { rates: { male: 0, female: 0 } })
const otherFamily = simulatePedigree(rng, SHAPES.trio.persons, TABLE, KIT_LOCI, { rates: { male: 0, female: 0 } })
const unrelated = randomProfile(rng, TABLE, KIT_LOCI)
const rare = { ...randomProfile(rng, TABLE, KIT_LOCI), vWA: ['11.1', '17'] as const }
const alsoRare = { ...randomProfile(rng, TABLE, KIT_LOCI), TPOX: ['8', '13.3'] as const }

/** Another child of the trio's parents: one allele of each, drawn. */
function sibling (): Profile {
  return Object.fromEntries(KIT_LOCI.map((l) => {
    const a = trio.F[l][rng() < 0.5 ? 0 : 1]
    const b = trio.M[l][rng() < 0.5 ? 0 : 1]
    return [l, Number(a) <= Number(b) ? [a, b] : [b, a]]
  }))
}

t.test('an import whose second sample carries an allele absent from the table: the third is screened, also after restarts', async (t) => {
  t.ok(!TABLE.loci.vWA.alleles.includes('11.1'), 'control: vWA 11.1 is not in the bundled table')
  const file = serviceFile()
  t.teardown(file.remove)
  let service = await file.start()
  t.teardown(async () => { await service.stop() })
  const lab = file.headers('lab')
  const cw = file.headers('caseworker')

  // An open case already there, so that the import's persons are screened (fed) as they arrive.
  const first = await service.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { id: 'CASE-EARLIER', missingPerson: { sex: 'male' }, relatives: [{ id: 'father', relation: 'father', profile: otherFamily.F }] } })
  t.equal(first.statusCode, 201, first.statusCode === 201 ? 'the earlier case is stored' : first.body)

  const imported = await importExport(service.app, lab, 'run-0415.csv', longExport([
    { id: 'S-1', sex: 'male', profile: unrelated },
    { id: 'S-2', sex: 'male', profile: rare },
    { id: 'S-3', sex: 'male', profile: trio.MP }
  ]))
  t.equal(imported.statusCode, 201, imported.statusCode === 201 ? 'the import answers 201' : imported.body)
  t.same(imported.json().commit.stored.unidentified, ['S-1', 'S-2', 'S-3'])

  const created = await service.app.inject({
    method: 'POST',
    url: '/cases',
    headers: lab,
    payload: {
      id: 'CASE-RARE-1',
      missingPerson: { sex: 'male' },
      relatives: [{ id: 'father', relation: 'father', profile: trio.F }, { id: 'mother', relation: 'mother', profile: trio.M }]
    }
  })
  t.equal(created.statusCode, 201, created.statusCode === 201 ? 'the case of the parents is stored' : created.body)
  const before = await candidatesOf(service.app, cw, 'cases', 'CASE-RARE-1')
  t.equal(before[0]?.personId, 'S-3', 'the parents\' child, imported after the rare allele, is rank 1')

  // Stopped, and a CLI import beside it stores a person with another allele nobody has a code for yet,
  // then a second child: the warm-up of the restart must read past the first to the second.
  await service.stop()
  const cli = openDatabase(file.dbFile)
  const persons = createPersonRepository(cli)
  persons.put(personFromRequest({ id: 'S-5', sex: 'male', profile: alsoRare } as unknown as PersonRequest))
  persons.put(personFromRequest({ id: 'S-6', sex: 'male', profile: sibling() } as unknown as PersonRequest))
  cli.close()
  service = await file.start()
  t.equal((await candidatesOf(service.app, cw, 'cases', 'CASE-RARE-1'))[0]?.personId, 'S-3', 'after the restart the child is still rank 1')
  const screened = await service.app.services.match.screen.personsForCase(service.app.services.cases.get('CASE-RARE-1')!)
  t.ok(screened.includes('S-6'), 'the person stored after the rare allele by the other process is in the screen')

  // After the restart, a new person with another allele nobody stored yet (SE33 45.1, at a locus the
  // parents are not typed at, so it leaves the LR unchanged) is screened against the case.
  t.ok(!TABLE.loci.SE33.alleles.includes('45.1'), 'control: SE33 45.1 is not in the bundled table')
  const put = await service.app.inject({ method: 'PUT', url: '/persons/S-4', headers: lab, payload: { id: 'S-4', sex: 'male', profile: { ...sibling(), SE33: ['30.2', '45.1'] } } })
  t.equal(put.statusCode, 201, put.statusCode === 201 ? 'PUT /persons/S-4: 201' : put.body)
  const fromPerson = await candidatesOf(service.app, cw, 'persons', 'S-4')
  t.equal(fromPerson[0]?.caseId, 'CASE-RARE-1', 'the new person finds the case at rank 1')

  // A new case, the mother alone: her three children lead its list, S-6 included.
  const mother = await service.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { id: 'CASE-RARE-2', missingPerson: { sex: 'male' }, relatives: [{ id: 'mother', relation: 'mother', profile: trio.M }] } })
  t.equal(mother.statusCode, 201, mother.statusCode === 201 ? 'the mother\'s case is stored' : mother.body)
  const ranked = (await candidatesOf(service.app, cw, 'cases', 'CASE-RARE-2')).map((c) => c.personId)
  t.same(ranked.slice(0, 3).sort(), ['S-3', 'S-4', 'S-6'], 'the mother\'s children lead the list')
})
