import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { createAuditRepository } from '../../../src/storage/audit-repository.ts'
import { openDatabase } from '../../../src/storage/database.ts'
import { runCli } from '../../helpers/run-cli.ts'

t.test('audit verify passes an intact trail and names the first tampered entry', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-cli-audit-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'h.sqlite')
  const env = { HOMEWARD_DB: file }
  const db = openDatabase(file)
  const audit = createAuditRepository(db)
  for (let i = 1; i <= 12; i++) audit.append({ actor: 'cw', role: 'caseworker', action: 'report.read', target: { caseId: `C-${i}`, personId: 'U-1' }, status: 200 })
  const head = audit.head()?.hash ?? ''
  db.close()

  const ok = runCli(['audit', 'verify'], env)
  t.equal(ok.code, 0, ok.stderr)
  t.match(ok.stdout, `intact: 12 entries, head ${head}`)
  t.equal(runCli(['audit', 'verify', '--expect-head', head], env).code, 0)

  const listed = JSON.parse(runCli(['audit', 'list', '--after', '10', '--json'], env).stdout) as Array<{ seq: number }>
  t.same(listed.map((e) => e.seq), [11, 12])

  // tamper behind the triggers' back: drop the trigger, rewrite who read entry 7, restore the trigger
  const raw = new BetterSqlite3(file)
  raw.exec('DROP TRIGGER audit_log_no_update')
  raw.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 7").run()
  raw.exec("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
  raw.close()
  const bad = runCli(['audit', 'verify'], env)
  t.equal(bad.code, 1)
  t.match(bad.stdout, /BROKEN at entry 7: entry 7: content does not match its hash/)
})

t.test('removing the newest entries is caught against a recorded head', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-cli-audit-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'h.sqlite')
  const db = openDatabase(file)
  const audit = createAuditRepository(db)
  for (let i = 1; i <= 4; i++) audit.append({ actor: 'cw', role: 'caseworker', action: 'report.read', target: { caseId: `C-${i}` }, status: 200 })
  const head = audit.head()?.hash ?? ''
  db.close()
  const raw = new BetterSqlite3(file)
  raw.exec('DROP TRIGGER audit_log_no_delete')
  raw.prepare('DELETE FROM audit_log WHERE seq = 4').run()
  raw.close()
  t.equal(runCli(['audit', 'verify'], { HOMEWARD_DB: file }).code, 0, 'the chain alone cannot see a lost tail')
  const r = runCli(['audit', 'verify', '--expect-head', head], { HOMEWARD_DB: file })
  t.equal(r.code, 1)
  t.match(r.stdout, /no longer in the trail/)
})
