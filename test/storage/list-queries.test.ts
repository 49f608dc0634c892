// The caseworker's list queries: newest first, filters, search (wildcards literal), candidate counts
// and best LR at the floor, pages with hasMore, and query plans that read along an index rather than
// sorting the whole table (what keeps a page fast at 10^5 cases).
import t from 'tap'
import { openDatabase } from '../../src/storage/database.ts'
import { createCaseListQuery } from '../../src/storage/case-list-query.ts'
import { createPersonListQuery } from '../../src/storage/person-list-query.ts'
import { searchPatterns } from '../../src/storage/list-search.ts'
import type { UnitActor } from '../../src/storage/unit-scope.ts'

// The national level sees every row: these tests are about order, filters and plans (units: test/storage/unit-scope.test.ts).
const NATIONAL: UnitActor = { userId: 0, role: 'caseworker', unitId: 1 }

function seed () {
  const db = openDatabase(':memory:')
  const addCase = db.prepare(`INSERT INTO cases (id, missing_person, missing_person_sex, born, missing_since, frequency_table_id, status, input_hash, created_at, updated_at)
    VALUES (?, 'MP', ?, ?, ?, 't', ?, 'h', ?, ?)`)
  const addPerson = db.prepare(`INSERT INTO unidentified_persons (id, sex, estimated_birth_year, found_place, found_date, profile_json, status, input_hash, created_at, updated_at)
    VALUES (?, 'male', 2009, ?, ?, '{}', ?, 'h', ?, ?)`)
  const addResult = db.prepare(`INSERT INTO match_results (case_id, person_id, status, log10_lr, per_locus_json, model_version, frequency_table_id, frequency_table_version, input_hash, computed_at)
    VALUES (?, ?, ?, ?, '[]', 'm', 't', '1', 'h', 'now')`)
  for (let i = 0; i < 120; i++) {
    const at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()
    addCase.run(`CASE-${String(i).padStart(3, '0')}`, i % 2 === 0 ? 'male' : 'female', i === 7 ? '2009-05-12' : null, i === 8 ? '2014-08' : null, i % 10 === 0 ? 'closed' : 'open', at, at)
    addPerson.run(`U-${String(i).padStart(3, '0')}`, i === 5 ? 'Guangzhou 50%_off' : 'Shenzhen', i === 6 ? '2024-03-05' : null, i % 10 === 0 ? 'closed' : 'open', at, at)
  }
  addCase.run('CASE-50%', 'male', null, null, 'open', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')
  // CASE-001: two candidates at or above the floor (10^3), one below it, one exclusion.
  addResult.run('CASE-001', 'U-001', 'scored', 6.5)
  addResult.run('CASE-001', 'U-002', 'scored', 3.2)
  addResult.run('CASE-001', 'U-003', 'scored', 1.0)
  addResult.run('CASE-001', 'U-004', 'excluded', null)
  return db
}

t.test('cases: newest first, pages, filters, search and candidates', async (t) => {
  const db = seed()
  const q = createCaseListQuery(db)
  const first = q.page({ viewer: NATIONAL, log10Floor: 3, limit: 50, offset: 0 })
  t.equal(first.rows.length, 50)
  t.ok(first.hasMore)
  t.equal(first.rows[0].id, 'CASE-119', 'newest first')
  t.equal(first.rows[1].id, 'CASE-118')
  const last = q.page({ viewer: NATIONAL, log10Floor: 3, limit: 50, offset: 100 })
  t.equal(last.rows.length, 21, '121 cases: 21 on the third page')
  t.notOk(last.hasMore)
  t.equal(last.rows.at(-1)?.id, 'CASE-50%', 'the oldest (created 2025) last')

  const one = q.page({ viewer: NATIONAL, q: 'CASE-001', log10Floor: 3, limit: 50, offset: 0 }).rows
  t.same(one.map((r) => [r.id, r.candidates, r.bestLog10Lr]), [['CASE-001', 2, 6.5]], 'candidates at or above the floor, and the best LR')
  t.same(q.page({ viewer: NATIONAL, q: 'CASE-001', log10Floor: -Infinity, limit: 50, offset: 0 }).rows[0].candidates, 4, 'no floor: every compared pair, exclusions included')
  t.same(q.page({ viewer: NATIONAL, q: 'CASE-001', log10Floor: 7, limit: 50, offset: 0 }).rows[0].bestLog10Lr, null, 'none above a higher floor')

  t.same(q.page({ viewer: NATIONAL, q: '50%', log10Floor: 3, limit: 50, offset: 0 }).rows.map((r) => r.id), ['CASE-50%'], '% is literal, not a wildcard')
  t.same(q.page({ viewer: NATIONAL, q: '2014-08', log10Floor: 3, limit: 50, offset: 0 }).rows.map((r) => r.id), ['CASE-008'], 'by missing-since date')
  t.same(q.page({ viewer: NATIONAL, q: '2009-05', log10Floor: 3, limit: 50, offset: 0 }).rows.map((r) => r.id), ['CASE-007'], 'by birth date prefix')
  const closed = q.page({ viewer: NATIONAL, status: 'closed', log10Floor: 3, limit: 50, offset: 0 }).rows
  t.equal(closed.length, 12)
  t.ok(closed.every((r) => r.status === 'closed'))

  db.prepare("INSERT INTO users (name, role, created_at) VALUES ('cw', 'caseworker', 'now')").run()
  const user = (db.prepare("SELECT id FROM users WHERE name = 'cw'").get() as { id: number }).id
  db.prepare("INSERT INTO case_assignments (case_id, user_id, assigned_at, assigned_by) VALUES ('CASE-003', ?, 'now', 'x'), ('CASE-009', ?, 'now', 'x')").run(user, user)
  const mine = q.page({ viewer: NATIONAL, assigneeUserId: user, log10Floor: 3, limit: 50, offset: 0 }).rows
  t.same(mine.map((r) => [r.id, r.assignee]), [['CASE-009', 'cw'], ['CASE-003', 'cw']], 'mine: only the assigned cases, newest first')
  t.equal(first.rows.find((r) => r.id === 'CASE-119')?.assignee, undefined)
})

t.test('persons: search in id, place and date; status', async (t) => {
  const db = seed()
  const q = createPersonListQuery(db)
  t.equal(q.page({ viewer: NATIONAL, log10Floor: 3, limit: 50, offset: 0 }).rows[0].id, 'U-119')
  t.same(q.page({ viewer: NATIONAL, q: '50%_', log10Floor: 3, limit: 50, offset: 0 }).rows.map((r) => r.id), ['U-005'], 'place, wildcards literal')
  t.same(q.page({ viewer: NATIONAL, q: 'guangzhou', log10Floor: 3, limit: 50, offset: 0 }).rows.map((r) => r.id), ['U-005'], 'case-insensitive')
  t.same(q.page({ viewer: NATIONAL, q: '2024-03', log10Floor: 3, limit: 50, offset: 0 }).rows.map((r) => r.id), ['U-006'], 'found date prefix')
  const u1 = q.page({ viewer: NATIONAL, q: 'U-001', log10Floor: 3, limit: 50, offset: 0 }).rows[0]
  t.same([u1.candidates, u1.bestLog10Lr, u1.foundPlace, u1.estimatedBirthYear], [1, 6.5, 'Shenzhen', 2009])
  t.equal(q.page({ viewer: NATIONAL, status: 'closed', log10Floor: 3, limit: 50, offset: 0 }).rows.length, 12)
})

t.test('the plans read along an index, never sorting the table', async (t) => {
  const db = seed()
  const cases = createCaseListQuery(db)
  const persons = createPersonListQuery(db)
  for (const search of [false, true]) {
    for (const status of [false, true]) {
      const p = cases.plan(search, status, false)
      t.notOk(p.some((d) => d.includes('TEMP B-TREE')), `cases search=${search} status=${status}`)
      // without a date search the page's ids come from the index alone (skipped rows cost an index step)
      const index = status ? 'cases_by_status_created' : 'cases_by_created'
      t.ok(p.some((d) => d.includes(`${search ? '' : 'COVERING '}INDEX ${index}`)), `along ${index}`)
      const q = persons.plan(search, status)
      t.notOk(q.some((d) => d.includes('TEMP B-TREE')), `persons search=${search} status=${status}`)
      t.ok(q.some((d) => (status ? /INDEX unidentified_persons_by_status_created/ : /INDEX unidentified_persons_by_created/).test(d)))
      // a unit's list reads its rows along an index too (migration 075's or 073's), never the whole table
      for (const plan of [cases.plan(search, status, false, true), persons.plan(search, status, true)]) {
        t.notOk(plan.some((d) => /^SCAN (c|p)$/.test(d)), `unit list search=${search} status=${status}: no full scan`)
        t.ok(plan.some((d) => /scope_units/.test(d)), 'filtered to the unit and below')
      }
      // "mine" starts from the caseworker's own assignments (case_assignments_by_user) and sorts only those
      t.ok(cases.plan(search, false, true).some((d) => /case_assignments_by_user/.test(d)))
    }
  }
})

t.test('search patterns', async (t) => {
  t.equal(searchPatterns('  '), undefined)
  t.same(searchPatterns(' 50%_\\ '), { contains: '%50\\%\\_\\\\%' })
  t.same(searchPatterns('2014-08'), { contains: '%2014-08%', date: '2014-08' }, 'a date is also searched as a date')
  t.equal(searchPatterns('x'.repeat(500))?.contains.length, 102, 'at most 100 characters searched')
})
