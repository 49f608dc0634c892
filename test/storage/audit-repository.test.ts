import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { GENESIS_HASH } from '../../src/core/trust/audit-chain.ts'
import { createAuditRepository } from '../../src/storage/audit-repository.ts'
import { openDatabase } from '../../src/storage/database.ts'

function freshFile (t: { teardown: (fn: () => void) => unknown }): string {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-audit-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return join(dir, 'h.sqlite')
}

function fill (file: string, n: number): void {
  const db = openDatabase(file)
  const audit = createAuditRepository(db)
  for (let i = 1; i <= n; i++) {
    audit.append({ actor: `user-${i % 2}`, role: 'caseworker', action: i % 2 === 0 ? 'report.read' : 'candidates.read', target: { caseId: `C-${i}` }, status: 200 })
  }
  db.close()
}

t.test('append chains entries and lists them', async (t) => {
  const file = freshFile(t)
  fill(file, 6)
  const db = openDatabase(file)
  t.teardown(() => db.close())
  const audit = createAuditRepository(db)
  const all = [...audit.all()]
  t.same(all.map((e) => e.seq), [1, 2, 3, 4, 5, 6])
  t.equal(all[0].prevHash, GENESIS_HASH)
  t.equal(all[3].prevHash, all[2].hash)
  t.match(audit.verify(), { ok: true, count: 6, headHash: all[5].hash })
  t.same(audit.list({ action: 'report.read' }).map((e) => e.seq), [2, 4, 6])
  t.same(audit.list({ afterSeq: 4 }).map((e) => e.seq), [5, 6])
  t.same(audit.list({ actor: 'user-1', limit: 2 }).map((e) => e.seq), [1, 3])
})

t.test('the database refuses UPDATE and DELETE on the trail', async (t) => {
  const file = freshFile(t)
  fill(file, 3)
  const db = openDatabase(file)
  t.teardown(() => db.close())
  t.throws(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run(), /append-only: UPDATE refused/)
  t.throws(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run(), /append-only: DELETE refused/)
  t.throws(() => db.prepare('DELETE FROM audit_log').run(), /append-only/)
  t.equal((db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n, 3)
})

t.test('an edit behind the triggers is found, naming the first bad entry', async (t) => {
  const file = freshFile(t)
  fill(file, 8)
  // An attacker with the file drops the trigger, edits entry 5, and puts the trigger back.
  const raw = new BetterSqlite3(file)
  raw.exec('DROP TRIGGER audit_log_no_update')
  raw.prepare('UPDATE audit_log SET target_json = ? WHERE seq = 5').run(JSON.stringify({ caseId: 'C-innocent' }))
  raw.exec("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only'); END")
  raw.close()
  const db = openDatabase(file)
  t.teardown(() => db.close())
  t.match(createAuditRepository(db).verify(), { ok: false, firstBadSeq: 5, reason: /entry 5/ })
})

t.test('a deleted middle entry is found', async (t) => {
  const file = freshFile(t)
  fill(file, 5)
  const raw = new BetterSqlite3(file)
  raw.exec('DROP TRIGGER audit_log_no_delete')
  raw.prepare('DELETE FROM audit_log WHERE seq = 2').run()
  raw.close()
  const db = openDatabase(file)
  t.teardown(() => db.close())
  t.match(createAuditRepository(db).verify(), { ok: false, firstBadSeq: 3, reason: /sequence/ })
})

t.test('a deletion and its audit record commit together', async (t) => {
  const file = freshFile(t)
  const db = openDatabase(file)
  t.teardown(() => db.close())
  const audit = createAuditRepository(db)
  audit.append({ actor: 'a', role: 'admin', action: 'x', status: 200 })
  t.throws(() => db.transaction(() => {
    audit.append({ actor: 'a', role: 'admin', action: 'case.expunge', target: { caseId: 'C' }, status: 200 })
    throw new Error('deletion failed')
  })())
  t.same([...audit.all()].map((e) => e.action), ['x'], 'the failed transaction left no audit entry')
  t.match(audit.verify(), { ok: true, count: 1 })
})
