import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import type { Profile } from '../../../src/core/markers/profile.ts'
import { backupDatabase } from '../../../src/storage/backup.ts'
import { openDatabase } from '../../../src/storage/database.ts'
import { parseKeys } from '../../../src/storage/keyring.ts'
import { createPersonRepository } from '../../../src/storage/person-repository.ts'
import { runCli } from '../../helpers/run-cli.ts'

t.test('a backup is restored only with its key: another key is refused before the database is replaced', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-restore-key-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const key = randomBytes(32).toString('base64')
  const live = openDatabase(join(dir, 'live.sqlite'), { keyring: parseKeys(key, 'k') })
  createPersonRepository(live).put({ id: 'U-1', sex: 'male', profile: { TH01: ['6', '9.3'] } as Profile, foundPlace: 'Wuhan', status: 'open', inputHash: 'h' })
  const backup = join(dir, 'backup.sqlite')
  await backupDatabase(live, backup)
  live.close()
  const target = join(dir, 'target.sqlite')

  const wrong = runCli(['restore', backup, '--db', target], { HOMEWARD_KEY: randomBytes(32).toString('base64') })
  t.equal(wrong.code, 1, wrong.stderr)
  t.match(wrong.stderr, /^error: .*backup\.sqlite holds values sealed with key [0-9a-f]{16}, which HOMEWARD_KEY does not hold/)
  t.notOk(existsSync(target), 'nothing restored')

  const right = runCli(['restore', backup, '--db', target], { HOMEWARD_KEY: key })
  t.equal(right.code, 0, right.stderr)
  const restored = openDatabase(target, { keyring: parseKeys(key, 'k') })
  t.match(createPersonRepository(restored).get('U-1'), { foundPlace: 'Wuhan', profile: { TH01: ['6', '9.3'] } })
  restored.close()
  t.notOk(readFileSync(target).includes(Buffer.from('Wuhan')), 'the restored file is as encrypted as the backup')
})
