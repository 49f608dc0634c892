import { createHmac, randomBytes } from 'node:crypto'
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadConfig } from '../config.ts'
import { PRIVATE_FILE_MODE } from './database.ts'

/** A key that is missing, malformed or not the database's: the service and every command refuse to start. */
export class EncryptionKeyError extends Error {
  override name = 'EncryptionKeyError'
}

/** One data-encryption key: 32 bytes for AES-256-GCM, its public id and its check value. */
export interface FieldKey {
  /** 16 hex digits derived from the key (HMAC), stored beside every value it sealed. */
  id: string
  key: Buffer
  /** HMAC-SHA256 of a fixed text under the key (hex): kept in the database to tell a wrong key at start. */
  check: string
}

/** The keys a process holds: new values are sealed with `current`; the others only open older values. */
export interface Keyring {
  current: FieldKey
  byId: ReadonlyMap<string, FieldKey>
  /** Where the keys came from, for messages (never the key itself). */
  source: string
}

export const KEY_BYTES = 32

/** Derives a key's public id and check value: neither reveals the key (HMAC-SHA256 under it). */
export function fieldKey (key: Buffer): FieldKey {
  const mac = (text: string): string => createHmac('sha256', key).update(text).digest('hex')
  return { id: mac('homeward/key-id/v1').slice(0, 16), key, check: mac('homeward/key-check/v1') }
}

/**
 * Reads keys written as base64, one per line or separated by commas (blank lines and `#` comments
 * skipped); the first is the current key, the rest are older keys kept until `homeward key rotate`
 * has resealed every value. Each must decode to exactly 32 bytes.
 */
export function parseKeys (text: string, source: string): Keyring {
  const parts = text.split(/[\n,]/).map((s) => s.trim()).filter((s) => s !== '' && !s.startsWith('#'))
  if (parts.length === 0) throw new EncryptionKeyError(`${source} holds no key: write one base64 key of 32 bytes (openssl rand -base64 32)`)
  const keys = parts.map((p, i) => {
    const bytes = Buffer.from(p, 'base64')
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(p) || bytes.length !== KEY_BYTES) {
      throw new EncryptionKeyError(`${source}: key ${i + 1} is not base64 of ${KEY_BYTES} bytes (it decodes to ${bytes.length}); make one with: openssl rand -base64 32`)
    }
    return fieldKey(bytes)
  })
  return { current: keys[0], byId: new Map(keys.map((k) => [k.id, k])), source }
}

/**
 * True when the development mode applies (a generated key file beside the database): asked for with
 * HOMEWARD_DEV=1 or NODE_ENV=development, or the embedded default, so that `npm start` on a fresh checkout
 * works: HOMEWARD_DB unset and the file the default ./data/homeward.sqlite. HOMEWARD_DEV=0 refuses even then.
 */
export function isDevelopmentMode (env: Record<string, string | undefined>, dbFile: string): boolean {
  if (env.HOMEWARD_DEV === '0') return false
  if (env.HOMEWARD_DEV === '1' || env.NODE_ENV === 'development') return true
  return env.HOMEWARD_DB === undefined && resolve(dbFile) === resolve(loadConfig({}).dbFile)
}

/**
 * The keyring of a process, from its environment: HOMEWARD_KEY (base64, comma-separated for old keys)
 * or HOMEWARD_KEY_FILE (one key per line). Without either, only the development mode (see
 * isDevelopmentMode) starts, with a key generated once into `<database>.dev-key` and a loud warning:
 * that key sits beside the data it protects. An in-memory database holds nothing at rest and gets a
 * key of its own. Anything else is refused with what to set.
 */
export function keyringFromEnvironment (env: Record<string, string | undefined>, dbFile: string, warn: (message: string) => void = (m) => { process.stderr.write(`${m}\n`) }): Keyring {
  if (env.HOMEWARD_KEY !== undefined && env.HOMEWARD_KEY !== '') {
    if (env.HOMEWARD_KEY_FILE !== undefined && env.HOMEWARD_KEY_FILE !== '') throw new EncryptionKeyError('HOMEWARD_KEY and HOMEWARD_KEY_FILE are both set: set one')
    return parseKeys(env.HOMEWARD_KEY, 'HOMEWARD_KEY')
  }
  if (env.HOMEWARD_KEY_FILE !== undefined && env.HOMEWARD_KEY_FILE !== '') {
    let text: string
    try {
      text = readFileSync(env.HOMEWARD_KEY_FILE, 'utf8')
    } catch (err) {
      throw new EncryptionKeyError(`HOMEWARD_KEY_FILE ${env.HOMEWARD_KEY_FILE} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
    }
    return parseKeys(text, `HOMEWARD_KEY_FILE ${env.HOMEWARD_KEY_FILE}`)
  }
  if (dbFile === ':memory:' || dbFile.startsWith('file:')) return parseKeys(randomBytes(KEY_BYTES).toString('base64'), 'an in-memory key')
  if (!isDevelopmentMode(env, dbFile)) {
    throw new EncryptionKeyError('no encryption key: genotypes and personal fields are encrypted at rest with a key kept outside the database. ' +
      'Set HOMEWARD_KEY_FILE to a file holding a base64 key of 32 bytes (openssl rand -base64 32 > key; chmod 600 key) or HOMEWARD_KEY to the key itself; ' +
      'for development only, HOMEWARD_DEV=1 generates a key file beside the database')
  }
  const file = `${dbFile}.dev-key`
  if (!existsSync(file)) {
    const fd = openSync(file, 'wx', PRIVATE_FILE_MODE)
    try {
      writeSync(fd, `# generated by Homeward's development mode: NOT for real data (the key sits beside the database)\n${randomBytes(KEY_BYTES).toString('base64')}\n`)
    } finally {
      closeSync(fd)
    }
  }
  warn(`WARNING: development mode: the database ${dbFile} is encrypted with the generated key file ${file}, kept beside it. ` +
    'Anyone who copies the directory can read it. Real data needs HOMEWARD_KEY_FILE (a key kept elsewhere) and no HOMEWARD_DEV.')
  return parseKeys(readFileSync(file, 'utf8'), `the development key file ${file}`)
}
