import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { openDatabase } from '../../src/storage/database.ts'
import { parseKeys } from '../../src/storage/keyring.ts'
import { createAlertRepository } from '../../src/storage/alert-repository.ts'

const MIGRATIONS = fileURLToPath(new URL('../../src/storage/migrations', import.meta.url))

t.test('migration 083 rebuilds the alerts for the new kind and keeps every alert and read mark', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-083-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const before083 = join(dir, 'migrations')
  mkdirSync(before083)
  for (const f of readdirSync(MIGRATIONS)) if (Number(f.slice(0, 3)) < 83) copyFileSync(join(MIGRATIONS, f), join(before083, f))
  const file = join(dir, 'h.sqlite')
  const keyring = parseKeys(randomBytes(32).toString('base64'), 'k')
  const old = openDatabase(file, { keyring, migrationsDir: before083 })
  const user = Number(old.prepare("INSERT INTO users (name, role, created_at) VALUES ('cw', 'caseworker', '2026-01-01')").run().lastInsertRowid)
  const alert = old.prepare(`INSERT INTO alerts (case_id, person_id, kind, log10_lr, previous_log10_lr, source, created_at)
    VALUES (?, 'U-1', 'new-match', 4.5, NULL, 'search', '2026-01-01')`)
  const ids = ['C-1', 'C-2'].map((c) => Number(alert.run(c).lastInsertRowid))
  old.prepare("INSERT INTO alert_reads (alert_id, user_id, read_at) VALUES (?, ?, '2026-01-02')").run(ids[0], user)
  old.close()

  const db = openDatabase(file, { keyring })
  t.teardown(() => db.close())
  t.same(db.prepare('SELECT id, case_id AS caseId, kind FROM alerts ORDER BY id').all(), [{ id: ids[0], caseId: 'C-1', kind: 'new-match' }, { id: ids[1], caseId: 'C-2', kind: 'new-match' }])
  t.same(db.prepare('SELECT alert_id AS id, user_id AS user FROM alert_reads').all(), [{ id: ids[0], user }], 'the read mark survives the rebuild')
  const added = createAlertRepository(db).add({ caseId: 'C-1', personId: 'U-2', kind: 'identification-changed', log10Lr: 5, previousLog10Lr: null, source: 'search', slot: 'MP', conclusion: 'Disputed', previousConclusion: 'Undisputed' })
  t.ok(added > ids[1], 'ids continue after the old ones')
  db.prepare('DELETE FROM alerts WHERE id = ?').run(ids[0])
  t.equal(db.prepare('SELECT count(*) FROM alert_reads').pluck().get(), 0, 'reads still go with their alert (the reference follows the rename)')
  t.same(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%_new'").all(), [], 'no table left behind')
})
