import { mkdtempSync, rmSync } from 'node:fs'
import { hostname, tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { createAuditRepository } from '../../../src/storage/audit-repository.ts'
import { openDatabase } from '../../../src/storage/database.ts'
import { createTokenRepository } from '../../../src/storage/token-repository.ts'
import { runCli } from '../../helpers/run-cli.ts'

t.test('homeward unit create|list|move and --unit on token create and user create, audited under the operator', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-cli-unit-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const env = { HOMEWARD_DB: join(dir, 'h.sqlite') }
  const operator = `cli:${userInfo().username}@${hostname()}`

  const gd = runCli(['unit', 'create', '--name', 'Guangdong', '--level', 'province'], env)
  t.equal(gd.code, 0, gd.stderr)
  t.match(gd.stdout, /^unit 2: National \/ Guangdong \(province\)/)
  t.equal(runCli(['unit', 'create', '--name', 'Shenzhen', '--level', 'city', '--parent', '2'], env).code, 0)
  t.equal(runCli(['unit', 'create', '--name', 'Hunan', '--level', 'province'], env).code, 0)
  const dup = runCli(['unit', 'create', '--name', 'Shenzhen', '--level', 'city', '--parent', '2'], env)
  t.equal(dup.code, 1, 'a sibling with the same name is refused')
  t.match(dup.stderr, /already has a unit named "Shenzhen"/)
  t.equal(runCli(['unit', 'create', '--name', 'X', '--level', 'city', '--parent', 'two'], env).code, 2, 'a unit is named by its id')
  const list = runCli(['unit', 'list', '--json'], env)
  t.same((JSON.parse(list.stdout) as Array<{ path: string }>).map((u) => u.path), ['National', 'National / Guangdong', 'National / Guangdong / Shenzhen', 'National / Hunan'])
  const cycle = runCli(['unit', 'move', '2', '--parent', '3'], env)
  t.equal(cycle.code, 1, 'a unit cannot go below its own child')
  t.match(cycle.stderr, /cycle/)
  const moved = runCli(['unit', 'move', '3', '--parent', '4'], env)
  t.equal(moved.code, 0, moved.stderr)
  t.match(moved.stdout, 'National / Hunan / Shenzhen')

  t.equal(runCli(['token', 'create', '--role', 'caseworker', '--name', 'sz-cw', '--unit', '3'], env).code, 0)
  const again = runCli(['token', 'create', '--role', 'caseworker', '--name', 'sz-cw', '--unit', '2'], env)
  t.equal(again.code, 1, 'an existing account is not moved by a token')
  t.match(again.stderr, /exists in unit 3, not 2/)
  t.equal(runCli(['token', 'create', '--role', 'lab', '--name', 'nowhere-lab', '--unit', '99'], env).code, 1, 'an unknown unit is refused')
  const user = runCli(['user', 'create', '--role', 'auditor', '--name', 'gd-auditor', '--unit', '2'], env, 'a long enough password 1\n')
  t.equal(user.code, 0, user.stderr)

  const db = openDatabase(env.HOMEWARD_DB)
  t.teardown(() => db.close())
  const tokens = createTokenRepository(db)
  t.equal(tokens.findUser('sz-cw')?.unitId, 3)
  t.equal(tokens.findUser('gd-auditor')?.unitId, 2)
  t.equal(tokens.findUser('nowhere-lab'), undefined, 'nothing stored for the refused one')
  const entries = createAuditRepository(db).list({ limit: 1000 })
  t.match(entries.filter((e) => e.action.startsWith('unit.')).map((e) => [e.action, e.actor, e.target.unit]), [
    ['unit.create', operator, '2'], ['unit.create', operator, '3'], ['unit.create', operator, '4'], ['unit.move', operator, '3']
  ])
  t.ok(entries.some((e) => e.action === 'user.create' && e.target.user === 'gd-auditor' && e.target.unit === '2'))
  t.ok(createAuditRepository(db).verify().ok, 'the chain verifies')
})
