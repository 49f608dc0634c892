import BetterSqlite3 from 'better-sqlite3'
import type { Database } from './database.ts'
import { createFieldCipher, type FieldCipher } from './field-cipher.ts'
import { EncryptionKeyError, type Keyring } from './keyring.ts'
import { resealAll } from './reseal.ts'

const ciphers = new WeakMap<Database, FieldCipher>()

/** The cipher of a connection opened by openDatabase; repositories seal and open their values with it. */
export function cipherOf (db: Database): FieldCipher {
  const c = ciphers.get(db)
  if (c === undefined) throw new Error('this database connection has no encryption key: open it with openDatabase')
  return c
}

interface KeyRow { key_id: string, check_value: string }

const hasTable = (db: Database, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined

/**
 * The keys a database's values are sealed with that `keyring` cannot open, as a refusal message, or
 * null when it holds them all. Compared by check value, so a wrong key is told apart without
 * decrypting anything.
 */
export function missingKeys (db: Database, keyring: Keyring, what: string): string | null {
  if (!hasTable(db, 'encryption_keys')) return null
  const active = db.prepare('SELECT key_id, check_value FROM encryption_keys WHERE retired_at IS NULL ORDER BY added_at').all() as KeyRow[]
  const missing = active.filter((r) => keyring.byId.get(r.key_id)?.check !== r.check_value).map((r) => r.key_id)
  if (missing.length === 0) return null
  return `${what} holds values sealed with key ${missing.join(', ')}, which ${keyring.source} does not hold ` +
    `(it holds ${[...keyring.byId.keys()].join(', ')}): a wrong key? Start with the key the data was encrypted with; ` +
    'a new key goes first with the old ones after it until `homeward key rotate` has run'
}

/**
 * Gives the connection its cipher and checks the key: refused (thrown) when the database holds values
 * sealed with a key the keyring lacks; else the current key is recorded (its id and check value, never
 * the key). Values still plain from before migration 076 are sealed here, once, in transactions of
 * `batchSize` rows (a crash resumes where the last one committed), the file vacuumed, and marked done.
 */
export function attachEncryption (db: Database, keyring: Keyring, options: { batchSize?: number } = {}): FieldCipher {
  const cipher = createFieldCipher(keyring)
  ciphers.set(db, cipher)
  // SQL that must read a sealed column (the lists' searches) opens it through this function
  db.function('homeward_open', (table, column, rowKey, stored) => cipher.openNullable(String(table), String(column), String(rowKey), stored))
  if (!hasTable(db, 'encryption_keys')) return cipher
  const refusal = missingKeys(db, keyring, 'the database')
  if (refusal !== null) throw new EncryptionKeyError(refusal)
  db.prepare('INSERT INTO encryption_keys (key_id, check_value, added_at) VALUES (?, ?, ?) ON CONFLICT (key_id) DO UPDATE SET retired_at = NULL')
    .run(keyring.current.id, keyring.current.check, new Date().toISOString())
  const sealed = db.prepare('SELECT plain_sealed_at FROM encryption_state WHERE id = 1').pluck().get() as string | null | undefined
  if (sealed === undefined || sealed === null) {
    resealAll(db, cipher, { only: 'plain', batchSize: options.batchSize })
    // A b-tree page that splits keeps its old cells' bytes in its unused space, which secure_delete does not
    // clear: once, after sealing (also after a crash that left nothing to seal), VACUUM rewrites every page
    // so that no plain byte survives anywhere. On a new, empty database it costs milliseconds.
    db.exec('VACUUM')
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.prepare('INSERT INTO encryption_state (id, plain_sealed_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET plain_sealed_at = excluded.plain_sealed_at')
      .run(new Date().toISOString())
  }
  return cipher
}

/**
 * Refuses (throws) a database file, e.g. a backup to restore, whose values `keyring` cannot open. A file
 * that is missing or no SQLite database passes: the backup's own checks name what is wrong with it.
 */
export function checkFileKeys (file: string, keyring: Keyring): void {
  let db: Database
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true })
    db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get()
  } catch {
    return
  }
  try {
    const refusal = missingKeys(db, keyring, file)
    if (refusal !== null) throw new EncryptionKeyError(refusal)
  } finally {
    db.close()
  }
}
