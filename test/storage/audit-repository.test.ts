import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { GENESIS_HASH } from '../../src/core/trust/audit-chain.ts'
import { createAuditRepository, MAX_AUDIT_TEXT } from '../../src/storage/audit-repository.ts'
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

t.test('free text is bounded on the append-only trail: 200 characters and the hash of the full value', async (t) => {
  const db = openDatabase(freshFile(t))
  t.teardown(() => db.close())
  const audit = createAuditRepository(db)
  const longName = 'export-' + '案'.repeat(40_000) + '.csv' // 80 KB of UTF-8 file name, as a multipart upload may send
  const emoji = 'x'.repeat(MAX_AUDIT_TEXT - 2) + '🧬🧬' // a cut through the middle of a surrogate pair
  const entry = audit.append({ actor: 'lab-1', role: 'lab', action: 'import.upload', target: { file: longName, note: emoji, contentHash: 'ab'.repeat(32), samples: 3 }, status: 201 })
  const [stored] = [...audit.all()]
  t.same(stored.target, entry.target, 'what is stored is what was chained')
  t.equal(stored.target.file, longName.slice(0, MAX_AUDIT_TEXT - 1) + '…')
  t.equal(stored.target.fileSha256, createHash('sha256').update(longName, 'utf8').digest('hex'), 'the full value stays identifiable')
  t.equal((stored.target.note as string).length, MAX_AUDIT_TEXT - 1, 'a surrogate pair is never split')
  t.notOk(/[\uD800-\uDBFF]…$/.test(stored.target.note as string))
  t.equal(stored.target.contentHash, 'ab'.repeat(32), 'short values are kept as they are')
  t.equal(stored.target.samples, 3)
  t.notOk('contentHashSha256' in stored.target)
  const rowBytes = (db.prepare('SELECT length(CAST(target_json AS BLOB)) AS n FROM audit_log').get() as { n: number }).n
  t.ok(rowBytes < 2000, `the row holds ${rowBytes} bytes of target, not 80 KB`)
  t.ok(audit.verify().ok)
})

t.test('appendInTransaction refuses to write outside a transaction; inside, it rolls back with the data', async (t) => {
  const db = openDatabase(freshFile(t))
  t.teardown(() => db.close())
  const audit = createAuditRepository(db)
  const input = { actor: 'a', role: 'admin', action: 'user.create', target: { user: 'u' }, status: 201 }
  t.throws(() => audit.appendInTransaction(input), /inside the transaction/)
  t.equal([...audit.all()].length, 0)
  let written: ReturnType<typeof audit.append> | undefined
  t.throws(() => db.transaction(() => {
    written = audit.appendInTransaction(input)
    throw new Error('injected failure after the entry')
  })())
  t.ok(written !== undefined && !audit.isStored(written), 'the entry went with the rolled-back transaction')
  const kept = db.transaction(() => audit.appendInTransaction(input))()
  t.ok(audit.isStored(kept))
})
