// The service's screen follows the database: writes by another connection (a CLI import beside the
// server) and bulk writes of its own are seen before the next search; closed and dropped records leave it;
// a resync of the persons yields in slices and holds no search of a person.
import t from 'tap'
import { loadConfig } from '../../src/config.ts'
import { createInProcessRunner } from '../../src/runs/in-process-runner.ts'
import { createMatchService } from '../../src/runs/match-service.ts'
import { caseFromRequest, type CaseRequest } from '../../src/runs/case-intake.ts'
import { personFromRequest, type PersonRequest } from '../../src/runs/person-intake.ts'
import { installBundledTables } from '../../src/storage/bundled-frequency-tables.ts'
import { createCaseRepository } from '../../src/storage/case-repository.ts'
import { openDatabase } from '../../src/storage/database.ts'
import { createFrequencyTableRepository } from '../../src/storage/frequency-table-repository.ts'
import { createPersonRepository } from '../../src/storage/person-repository.ts'
import { createResultRepository } from '../../src/storage/result-repository.ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { caseBody, createRng, personBody, plantFamilies, unrelatedPersons } from '../helpers/planted-families.ts'

const families = plantFamilies(90210).filter((f) => f.shape === 'trio' || f.shape === 'fatherOnly')
const noise = unrelatedPersons(createRng(5), 10)

function storePerson (db: ReturnType<typeof openDatabase>, id: string, sex: 'male' | 'female', profile: Parameters<typeof personBody>[2]): void {
  createPersonRepository(db).put(personFromRequest(personBody(id, sex, profile) as unknown as PersonRequest))
}

function storeCase (db: ReturnType<typeof openDatabase>, f: typeof families[number]): void {
  createCaseRepository(db).put(caseFromRequest(caseBody(f) as unknown as CaseRequest, 'nist1036_asian').record)
}

t.test('writes of another connection and bulk writes are screened; closed and dropped records are not', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-screen-'))
  const file = join(dir, 'homeward.sqlite')
  const db = openDatabase(file)
  installBundledTables(createFrequencyTableRepository(db), 'nist1036_asian')
  const other = openDatabase(file)
  const runner = createInProcessRunner()
  t.teardown(async () => { await runner.close(); db.close(); other.close(); rmSync(dir, { recursive: true, force: true }) })
  const match = createMatchService({ db, runner, settings: loadConfig({}) })
  const results = createResultRepository(db)
  t.ok(match.screen.screens, 'the default floor (10^3) screens')

  for (const x of noise) storePerson(db, x.id, x.sex, x.profile)
  const [first, second, third] = families
  storeCase(db, first)
  match.noteBulkWrite()
  const firstSearch = await match.searchCase(first.caseId)
  t.equal(firstSearch.compared, noise.filter((x) => x.sex === first.mpSex).length, 'the bulk-written persons are compared')
  t.ok(firstSearch.scored < firstSearch.compared, `the screen sent ${firstSearch.scored} of ${firstSearch.compared} unrelated persons to the engine`)

  // Another connection stores the first family's child: a person search there, a case search here.
  storePerson(other, first.personId, first.mpSex, first.child)
  storeCase(db, second)
  await match.searchCase(second.caseId)
  t.equal(results.get(first.caseId, first.personId), undefined, 'not yet searched from the person side')
  const again = await match.searchCase(first.caseId)
  t.ok(again.stored >= 1)
  t.equal(results.get(first.caseId, first.personId)?.status, 'scored', 'the other connection\'s person is found by a case search here')

  // Another connection stores a case; a person search here finds it.
  storeCase(other, third)
  storePerson(db, third.personId, third.mpSex, third.child)
  await match.searchPerson(third.personId)
  const found = results.get(third.caseId, third.personId)
  t.ok(found !== undefined && found.log10Lr !== null && found.log10Lr >= 3, 'the other connection\'s case is screened for a person here')

  // A closed case is not scored any more, and a dropped person is not screened.
  createCaseRepository(db).setStatus(third.caseId, 'closed')
  results.deleteForCase(third.caseId)
  await match.searchPerson(third.personId)
  t.equal(results.get(third.caseId, third.personId), undefined, 'a closed case is not scored')
  match.screen.drop('person', first.personId)
  results.deleteForPerson(first.personId)
  t.notOk((await match.screen.personsForCase(createCaseRepository(db).get(first.caseId)!)).includes(first.personId), 'a dropped person is not screened')
})

t.test('with floor 0 nothing is screened out: every open same-sex entry is scored', async (t) => {
  const db = openDatabase(':memory:')
  installBundledTables(createFrequencyTableRepository(db), 'nist1036_asian')
  const runner = createInProcessRunner()
  t.teardown(async () => { await runner.close(); db.close() })
  const match = createMatchService({ db, runner, settings: loadConfig({ HOMEWARD_CANDIDATE_LR: '0' }) })
  for (const x of noise) storePerson(db, x.id, x.sex, x.profile)
  storeCase(db, families[0])
  const r = await match.searchCase(families[0].caseId)
  const sameSex = noise.filter((x) => x.sex === families[0].mpSex).length
  t.same(r, { compared: sameSex, scored: sameSex, stored: sameSex })
})

t.test('a resync that fails half-way is not taken as done: the next screen syncs again and meets the later persons', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-screen-'))
  const file = join(dir, 'homeward.sqlite')
  const db = openDatabase(file)
  installBundledTables(createFrequencyTableRepository(db), 'nist1036_asian')
  const other = openDatabase(file)
  const runner = createInProcessRunner()
  t.teardown(async () => { await runner.close(); db.close(); other.close(); rmSync(dir, { recursive: true, force: true }) })
  const match = createMatchService({ db, runner, settings: loadConfig({}) })
  const [family] = families
  storeCase(db, family)
  await match.searchCase(family.caseId)
  // Another process stores a person whose row cannot be read, and after it (in id order) the true child.
  storePerson(other, 'A-UNREADABLE', family.mpSex, noise[0].profile)
  other.prepare("UPDATE unidentified_persons SET profile_json = '{' WHERE id = 'A-UNREADABLE'").run()
  storePerson(other, family.personId, family.mpSex, family.child)
  const c = createCaseRepository(db).get(family.caseId)!
  await t.rejects(match.screen.personsForCase(c), 'the screen fails loudly')
  await t.rejects(match.screen.personsForCase(c), 'and again, rather than screening without the persons it could not read')
  other.prepare("DELETE FROM unidentified_persons WHERE id = 'A-UNREADABLE'").run()
  t.ok((await match.screen.personsForCase(c)).includes(family.personId), 'once the row is gone, the child after it is screened')
})

t.test('a persons resync runs in slices that yield, and a search of a person does not wait for it', async (t) => {
  const db = openDatabase(':memory:')
  installBundledTables(createFrequencyTableRepository(db), 'nist1036_asian')
  const runner = createInProcessRunner()
  t.teardown(async () => { await runner.close(); db.close() })
  const match = createMatchService({ db, runner, settings: loadConfig({}) })
  const [family] = families
  storeCase(db, family)
  await match.searchCase(family.caseId)
  // A bulk write of this process: 2,000 persons the screen has not seen, read back and decrypted by the resync.
  for (const x of unrelatedPersons(createRng(11), 2000)) storePerson(db, x.id, x.sex, x.profile)
  storePerson(db, family.personId, family.mpSex, family.child)
  match.noteBulkWrite()
  let turns = 0
  let resyncing = true
  const tick = (): void => { turns++; if (resyncing) setImmediate(tick) }
  setImmediate(tick)
  const caseSearch = match.screen.personsForCase(createCaseRepository(db).get(family.caseId)!).finally(() => { resyncing = false })
  const cases = await match.screen.casesForPerson(createPersonRepository(db).get(family.personId)!)
  t.ok(resyncing, 'the search of a person is answered while the persons are still being resynced')
  t.ok(cases.includes(family.caseId), 'and finds the family')
  t.ok((await caseSearch).includes(family.personId), 'the search of the case waited for the resync: the child is screened')
  t.ok(turns >= 2, `the resync yielded to the event loop (${turns} turns ran during it)`)
})

t.test('persons an import fed are screened without a resync', async (t) => {
  const db = openDatabase(':memory:')
  installBundledTables(createFrequencyTableRepository(db), 'nist1036_asian')
  const runner = createInProcessRunner()
  t.teardown(async () => { await runner.close(); db.close() })
  const match = createMatchService({ db, runner, settings: loadConfig({}) })
  const [family] = families
  storeCase(db, family)
  await match.searchCase(family.caseId)
  // stored on this connection without telling the screen (as an import's slices do): not screened yet
  storePerson(db, family.personId, family.mpSex, family.child)
  const c = createCaseRepository(db).get(family.caseId)!
  t.notOk((await match.screen.personsForCase(c)).includes(family.personId), 'a write the screen was not told of is not seen')
  await match.noteImportedPersons([createPersonRepository(db).get(family.personId)!])
  t.ok((await match.screen.personsForCase(c)).includes(family.personId), 'fed as written, the child is screened')
})
