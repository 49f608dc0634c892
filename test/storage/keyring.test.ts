import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { openDatabase } from '../../src/storage/database.ts'
import { EncryptionKeyError, isDevelopmentMode, keyringFromEnvironment, parseKeys } from '../../src/storage/keyring.ts'
import { createPersonRepository } from '../../src/storage/person-repository.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const keyText = (): string => randomBytes(32).toString('base64')
const scratch = (t: Test): string => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-key-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

t.test('keys come from HOMEWARD_KEY or HOMEWARD_KEY_FILE; without one only the development mode starts', async (t) => {
  const dir = scratch(t)
  const db = join(dir, 'h.sqlite')
  t.throws(() => keyringFromEnvironment({ HOMEWARD_DB: db }, db), { name: 'EncryptionKeyError', message: /no encryption key.*HOMEWARD_KEY_FILE.*HOMEWARD_DEV=1/ })
  t.throws(() => keyringFromEnvironment({ NODE_ENV: 'production' }, db), EncryptionKeyError, 'a --db file other than the default, HOMEWARD_DB unset')
  t.ok(isDevelopmentMode({}, './data/homeward.sqlite'), 'the embedded default (npm start on a fresh checkout) is the development mode')
  t.notOk(isDevelopmentMode({ HOMEWARD_DEV: '0' }, './data/homeward.sqlite'), 'unless HOMEWARD_DEV=0')
  t.notOk(isDevelopmentMode({ HOMEWARD_DB: './data/homeward.sqlite' }, './data/homeward.sqlite'), 'or the database is named')
  t.throws(() => keyringFromEnvironment({ HOMEWARD_KEY: 'c2hvcnQ=' }, db), /HOMEWARD_KEY: key 1 is not base64 of 32 bytes \(it decodes to 5\)/)
  t.throws(() => keyringFromEnvironment({ HOMEWARD_KEY_FILE: join(dir, 'absent') }, db), /HOMEWARD_KEY_FILE .*absent cannot be read: ENOENT/)
  t.throws(() => keyringFromEnvironment({ HOMEWARD_KEY: keyText(), HOMEWARD_KEY_FILE: join(dir, 'k') }, db), /both set/)

  const [a, b] = [keyText(), keyText()]
  writeFileSync(join(dir, 'k'), `# rotated 2026-12\n${b}\n${a}\n`, { mode: 0o600 })
  const fromFile = keyringFromEnvironment({ HOMEWARD_KEY_FILE: join(dir, 'k') }, db)
  t.equal(fromFile.current.id, parseKeys(b, 'x').current.id, 'the first line is the current key')
  t.same([...fromFile.byId.keys()], [parseKeys(b, 'x').current.id, parseKeys(a, 'x').current.id], 'older keys after it')
  t.equal(keyringFromEnvironment({ HOMEWARD_KEY: `${b},${a}` }, db).byId.size, 2)
  t.notOk(existsSync(db), 'nothing created on the way')

  const warnings: string[] = []
  const dev = keyringFromEnvironment({ HOMEWARD_DEV: '1' }, db, (m) => warnings.push(m))
  t.match(warnings, [/WARNING: development mode.*h\.sqlite\.dev-key/], 'loudly')
  t.equal(statSync(`${db}.dev-key`).mode & 0o777, 0o600, 'the generated key file is owner-only')
  t.equal(keyringFromEnvironment({ NODE_ENV: 'development' }, db, () => {}).current.id, dev.current.id, 'and reused by the next start')
  t.match(readFileSync(`${db}.dev-key`, 'utf8'), /NOT for real data/)
})

t.test('a database is refused with a key that is not its own, before anything is read', async (t) => {
  const dir = scratch(t)
  const file = join(dir, 'h.sqlite')
  const right = parseKeys(keyText(), 'the right key')
  const db = openDatabase(file, { keyring: right })
  createPersonRepository(db).put({ id: 'U-1', sex: 'female', profile: { TH01: ['6', '9.3'] }, status: 'open', inputHash: 'h' })
  db.close()
  const before = readFileSync(file)
  const wrong = parseKeys(keyText(), 'HOMEWARD_KEY')
  t.throws(() => openDatabase(file, { keyring: wrong }), {
    name: 'EncryptionKeyError',
    message: new RegExp(`the database holds values sealed with key ${right.current.id}, which HOMEWARD_KEY does not hold \\(it holds ${wrong.current.id}\\): a wrong key\\?`)
  })
  t.same(readFileSync(file), before, 'the file is unchanged by the refusal')
  const again = openDatabase(file, { keyring: right })
  t.same(createPersonRepository(again).get('U-1')?.profile, { TH01: ['6', '9.3'] }, 'the right key still opens it')
  again.close()
})

t.test('the server refuses to start without a key and with a wrong one, in one line', async (t) => {
  const dir = scratch(t)
  const file = join(dir, 'h.sqlite')
  const env = { PATH: process.env.PATH ?? '', HOMEWARD_DB: file, PORT: '0', LOG_LEVEL: 'silent' }
  const start = (extra: Record<string, string>): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env: { ...env, ...extra }, encoding: 'utf8', timeout: 60_000 })
  const none = start({})
  t.equal(none.status, 1)
  t.match(none.stderr, /^homeward: refusing to start: no encryption key/m)
  t.notOk(existsSync(file), 'no database file is left behind')

  const db = openDatabase(file, { keyring: parseKeys(keyText(), 'k') })
  db.close()
  const wrong = start({ HOMEWARD_KEY: keyText() })
  t.equal(wrong.status, 1)
  t.match(wrong.stderr, /refusing to start: the database holds values sealed with key [0-9a-f]{16}, which HOMEWARD_KEY does not hold/)
  t.notMatch(wrong.stderr, /at .*\.ts:\d+/, 'a message, not a stack trace')
})
