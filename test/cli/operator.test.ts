import { mkdtempSync, rmSync } from 'node:fs'
import { hostname, tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { operatorName } from '../../src/cli/operator.ts'
import { createAuditRepository } from '../../src/storage/audit-repository.ts'
import { openDatabase } from '../../src/storage/database.ts'
import { runCli } from '../helpers/run-cli.ts'

/** The commands that change data name the operator and the host on the trail (token and import: their own tests). */

t.test('the operator is named by login and host, apart from every account name', async (t) => {
  t.equal(operatorName(), `cli:${userInfo().username}@${hostname()}`)
  t.notMatch(operatorName(), /^[\w.@-]+$/, 'not a name an API account can have')
})

t.test('rerun, backup and restore write their entries under the operator\'s name', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-cli-operator-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const live = join(dir, 'live.sqlite')
  const env = { HOMEWARD_DB: live }

  const rerun = runCli(['rerun', '--in-process', '--reason', 'new table version'], env)
  t.equal(rerun.code, 0, rerun.stderr)
  const backup = runCli(['backup', join(dir, 'b.sqlite')], env)
  t.equal(backup.code, 0, backup.stderr)
  const restore = runCli(['restore', join(dir, 'b.sqlite'), '--db', join(dir, 'restored.sqlite')])
  t.equal(restore.code, 0, restore.stderr)

  const operator = operatorName()
  const db = openDatabase(live)
  t.match([...createAuditRepository(db).all()], [
    { actor: operator, role: null, action: 'rerun.create', status: 0, target: { rerunId: 1, total: 0, scope: 'changed', reason: 'new table version' } },
    { actor: operator, role: null, action: 'backup.create', status: 0, target: { file: join(dir, 'b.sqlite') } }
  ])
  db.close()
  const restored = openDatabase(join(dir, 'restored.sqlite'))
  t.match([...createAuditRepository(restored).all()].at(-1), { actor: operator, role: null, action: 'backup.restore', status: 0, target: { file: join(dir, 'b.sqlite') } })
  restored.close()
})
