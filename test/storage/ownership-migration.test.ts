import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import t from 'tap'
import { createAuditRepository } from '../../src/storage/audit-repository.ts'
import { readMigrations, runMigrations } from '../../src/storage/database.ts'

const MIGRATIONS = readMigrations(fileURLToPath(new URL('../../src/storage/migrations', import.meta.url)))

// A database as it was before migration 062, filled the way the service filled it: records, users, the
// audit trail of their uploads and one review. Then 062 is applied.
t.test('migration 062 recovers owners from the audit trail and keeps old confirmations as single ones', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-062-'))
  const db = new BetterSqlite3(join(dir, 'h.sqlite'))
  t.teardown(() => { db.close(); rmSync(dir, { recursive: true, force: true }) })
  db.pragma('foreign_keys = ON')
  runMigrations(db, MIGRATIONS.filter((m) => m.version < 62))

  const now = '2026-01-01T00:00:00.000Z'
  for (const name of ['lab-a', 'lab-b', 'caseworker-1']) db.prepare("INSERT INTO users (name, role, created_at) VALUES (?, 'lab', ?)").run(name, now)
  const id = (name: string): number => (db.prepare('SELECT id FROM users WHERE name = ?').get(name) as { id: number }).id
  const addCase = db.prepare("INSERT INTO cases (id, missing_person, missing_person_sex, frequency_table_id, input_hash, created_at, updated_at) VALUES (?, 'MP', 'male', 't', 'h', ?, ?)")
  const addPerson = db.prepare("INSERT INTO unidentified_persons (id, sex, profile_json, input_hash, created_at, updated_at) VALUES (?, 'male', '{}', 'h', ?, ?)")
  for (const c of ['C-POST', 'C-PUT', 'C-CLI', 'C-AGAIN']) addCase.run(c, now, now)
  for (const p of ['P-POST', 'P-IMPORT', 'P-REFUSED']) addPerson.run(p, now, now)
  db.prepare("INSERT INTO imports (content_hash, file_name, format, mode, stored_json, created_at) VALUES (?, 'f.csv', 'genemapper-long', 'all-or-nothing', ?, ?)")
    .run('a'.repeat(64), JSON.stringify({ unidentified: ['P-IMPORT'], references: [], frequencyTables: [] }), now)
  db.prepare("INSERT INTO reviews (case_id, person_id, decision, note, reviewer, log10_lr, created_at) VALUES ('C-POST', 'P-POST', 'confirmed', 'match', 'caseworker-1', 6.2, ?)").run(now)

  const audit = createAuditRepository(db)
  const at = new Date('2026-01-02T00:00:00.000Z')
  const entry = (actor: string, action: string, target: Record<string, string | number>, status: number): void => { audit.append({ actor, role: 'lab', action, target, status, at }) }
  entry('lab-a', 'case.create', { caseId: 'C-POST', changed: 'true' }, 201)
  entry('lab-b', 'case.create', { caseId: 'C-POST', changed: 'false' }, 200) // an identical re-upload creates nothing
  entry('lab-b', 'case.replace', { id: 'C-PUT' }, 201) // a PUT that created the case
  entry('lab-a', 'case.create', { caseId: 'C-AGAIN', changed: 'true' }, 201)
  entry('lab-b', 'case.create', { caseId: 'C-AGAIN', changed: 'true' }, 201) // expunged and created again
  entry('lab-a', 'person.create', { personId: 'P-POST', changed: 'true' }, 201)
  entry('lab-b', 'person.create', { personId: 'P-REFUSED' }, 409)
  entry('lab-b', 'import.upload', { contentHash: 'a'.repeat(64), dryRun: 0, stored: 1 }, 201)

  runMigrations(db, MIGRATIONS.filter((m) => m.version === 62))
  const owners = (table: string): unknown => Object.fromEntries((db.prepare(`SELECT id, created_by FROM ${table} ORDER BY id`).all() as Array<{ id: string, created_by: number | null }>).map((r) => [r.id, r.created_by]))
  t.same(owners('cases'), { 'C-AGAIN': id('lab-b'), 'C-CLI': null, 'C-POST': id('lab-a'), 'C-PUT': id('lab-b') })
  t.same(owners('unidentified_persons'), { 'P-IMPORT': id('lab-b'), 'P-POST': id('lab-a'), 'P-REFUSED': null })
  t.match(db.prepare('SELECT decision, confirmation, reviewer, log10_lr FROM reviews').all(), [{ decision: 'confirmed', confirmation: 'single', reviewer: 'caseworker-1', log10_lr: 6.2 }])
  t.throws(() => db.prepare("INSERT INTO reviews (case_id, person_id, decision, created_at) VALUES ('C-POST', 'P-POST', 'confirmed', ?)").run(now), /CHECK/, 'a confirmation states its step')
  t.ok(audit.verify().ok, 'the audit trail is untouched')
})
