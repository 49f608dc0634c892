// Units (migration 075) and the one visibility rule (src/storage/unit-scope.ts): the tree, moves that
// would make a cycle, the default unit of rows stored without one, and who sees which record and pair.
import t from 'tap'
import { openDatabase } from '../../src/storage/database.ts'
import { createUnitRepository, ROOT_UNIT_ID } from '../../src/storage/unit-repository.ts'
import { createUnitScope, type UnitActor } from '../../src/storage/unit-scope.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'

function seed () {
  const db = openDatabase(':memory:')
  const units = createUnitRepository(db)
  const gd = units.create({ parentId: ROOT_UNIT_ID, name: 'Guangdong', level: 'province' })
  const sz = units.create({ parentId: gd.id, name: 'Shenzhen', level: 'city' })
  const gz = units.create({ parentId: gd.id, name: 'Guangzhou', level: 'city' })
  const hn = units.create({ parentId: ROOT_UNIT_ID, name: 'Hunan', level: 'province' })
  const now = new Date().toISOString()
  const addCase = db.prepare("INSERT INTO cases (id, missing_person, missing_person_sex, frequency_table_id, input_hash, created_by, unit_id, created_at, updated_at) VALUES (?, 'MP', 'male', 't', 'h', ?, ?, ?, ?)")
  const addPerson = db.prepare("INSERT INTO unidentified_persons (id, sex, profile_json, input_hash, created_by, unit_id, created_at, updated_at) VALUES (?, 'male', '{}', 'h', ?, ?, ?, ?)")
  const tokens = createTokenRepository(db)
  const lab = tokens.createUser({ name: 'sz-lab', role: 'lab', unitId: sz.id })
  addCase.run('C-SZ', lab.id, sz.id, now, now)
  addCase.run('C-SZ-OTHER', null, sz.id, now, now)
  addCase.run('C-GZ', null, gz.id, now, now)
  addPerson.run('P-HN', null, hn.id, now, now)
  addPerson.run('P-SZ', lab.id, sz.id, now, now)
  return { db, units, scope: createUnitScope(db), gd, sz, gz, hn, lab }
}

t.test('the migration makes the national root; rows stored without a unit belong to it', async (t) => {
  const { db, units } = seed()
  t.match(units.get(ROOT_UNIT_ID), { parentId: null, level: 'national', path: 'National' })
  const now = new Date().toISOString()
  db.prepare("INSERT INTO cases (id, missing_person, missing_person_sex, frequency_table_id, input_hash, created_at, updated_at) VALUES ('C-CLI', 'MP', 'male', 't', 'h', ?, ?)").run(now, now)
  t.equal((db.prepare("SELECT unit_id FROM cases WHERE id = 'C-CLI'").get() as { unit_id: number }).unit_id, ROOT_UNIT_ID)
  t.throws(() => db.prepare("UPDATE cases SET unit_id = NULL WHERE id = 'C-CLI'").run(), /always belongs to a unit/)
  t.throws(() => db.prepare("INSERT INTO units (parent_id, name, level, created_at) VALUES (NULL, 'Second root', 'national', 'now')").run(), /CHECK/)
})

t.test('units: paths, siblings, moves', async (t) => {
  const { units, gd, sz, gz, hn } = seed()
  t.equal(units.require(sz.id).path, 'National / Guangdong / Shenzhen')
  t.same(units.list(gd.id).map((u) => u.name), ['Guangdong', 'Guangzhou', 'Shenzhen'])
  t.throws(() => units.create({ parentId: gd.id, name: 'Shenzhen', level: 'city' }), { code: 'CONFLICT' })
  t.throws(() => units.create({ parentId: 999, name: 'Nowhere', level: 'city' }), { code: 'NOT_FOUND', message: /no unit 999/ })
  t.throws(() => units.move(gd.id, sz.id), { code: 'BAD_REQUEST', message: /cycle/ })
  t.throws(() => units.move(gd.id, gd.id), { code: 'BAD_REQUEST', message: /cycle/ })
  t.throws(() => units.move(ROOT_UNIT_ID, hn.id), { code: 'BAD_REQUEST', message: /root/ })
  t.equal(units.move(gz.id, hn.id).path, 'National / Hunan / Guangzhou')
  t.ok(units.isWithin(gz.id, hn.id))
  t.notOk(units.isWithin(gz.id, gd.id))
})

t.test('the visibility rule', async (t) => {
  const { db, scope, gd, sz, gz, hn, lab } = seed()
  const national: UnitActor = { userId: 90, role: 'caseworker', unitId: ROOT_UNIT_ID }
  const province: UnitActor = { userId: 91, role: 'caseworker', unitId: gd.id }
  const city: UnitActor = { userId: 92, role: 'caseworker', unitId: sz.id }
  const sibling: UnitActor = { userId: 93, role: 'caseworker', unitId: gz.id }
  const szLab: UnitActor = { userId: lab.id, role: 'lab', unitId: sz.id }
  for (const id of ['C-SZ', 'C-SZ-OTHER', 'C-GZ']) t.ok(scope.caseVisible(national, id), `national sees ${id}`)
  t.ok(scope.caseVisible(province, 'C-SZ') && scope.caseVisible(province, 'C-GZ'), 'a province sees its cities')
  t.ok(scope.caseVisible(city, 'C-SZ'))
  t.notOk(scope.caseVisible(city, 'C-GZ'), 'a city does not see its sibling')
  t.notOk(scope.caseVisible(sibling, 'C-SZ'))
  t.notOk(scope.caseVisible(city, 'NO-SUCH'), 'an unknown id is as invisible as another unit\'s')
  t.notOk(scope.personVisible(city, 'P-HN'), 'another province\'s person is not the city\'s')
  t.notOk(scope.pairVisible(city, 'C-SZ', 'P-HN'), 'nor is a pair with its own case that the search did not make a candidate')
  db.prepare(`INSERT INTO match_results (case_id, person_id, status, log10_lr, per_locus_json, model_version, frequency_table_id, frequency_table_version, input_hash, computed_at)
    VALUES ('C-SZ', 'P-HN', 'scored', 5, '[]', 'm', 't', '1', 'h', 'now')`).run()
  t.ok(scope.pairVisible(city, 'C-SZ', 'P-HN'), 'but the candidate pair with its own case is')
  t.ok(scope.pairVisible(city, 'C-SZ', 'P-SZ'), 'a pair of two own records needs no candidate')
  t.notOk(scope.personVisible(city, 'P-HN'), 'and the person is still not the city\'s on its own')
  t.notOk(scope.pairVisible(sibling, 'C-SZ', 'P-HN'), 'a pair of neither side\'s unit is not')
  t.ok(scope.caseVisible(szLab, 'C-SZ'), 'a lab sees what it created in its unit')
  t.notOk(scope.caseVisible(szLab, 'C-SZ-OTHER'), 'and nothing else of its unit')
  t.notOk(scope.pairVisible(szLab, 'C-SZ', 'P-SZ'), 'a lab reads no pairs')
  t.same(scope.condition(national, 'c.unit_id'), { sql: '', binds: {} }, 'national lists are not filtered')
  t.same(scope.condition(city, 'c.unit_id').binds, { scopeUnit: sz.id })
  t.ok(scope.accountManageable(province, lab.id), 'a province admin manages a city account')
  t.notOk(scope.accountManageable({ ...sibling, role: 'admin' }, lab.id), 'a sibling city does not')
  t.notOk(scope.covers({ ...city, role: 'admin' }, gd.id), 'a city does not cover its parent')
  t.notOk(scope.covers(city, hn.id))
})
