import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto'
import type { Keyring } from './keyring.ts'

/**
 * AES-256-GCM per stored value. A sealed value is a BLOB:
 *   version (1 byte, 1) | key id (8 bytes) | nonce (12 bytes, random) | ciphertext | tag (16 bytes)
 * The associated data names the table, the column and the row (its key), so a value copied into
 * another row or column fails its tag instead of being read as that row's genotype. Random 96-bit
 * nonces are safe for far more values than a database holds under one key (NIST SP 800-38D: 2^32).
 * A TEXT (or INTEGER) value is a value written before migration 076 (plain), read as it is until sealed.
 */
export interface FieldCipher {
  readonly keyring: Keyring
  seal: (table: string, column: string, rowKey: string, plain: string) => Buffer
  /** The plain text of a stored value (sealed BLOB or pre-076 TEXT); throws naming table, column and row. */
  open: (table: string, column: string, rowKey: string, stored: unknown) => string
  sealNullable: (table: string, column: string, rowKey: string, plain: string | null | undefined) => Buffer | null
  openNullable: (table: string, column: string, rowKey: string, stored: unknown) => string | null
}

const VERSION = 1
const ID_BYTES = 8
const NONCE_BYTES = 12
const TAG_BYTES = 16
const HEADER_BYTES = 1 + ID_BYTES + NONCE_BYTES

const aad = (table: string, column: string, rowKey: string): Buffer => Buffer.from(`homeward/field/v1\0${table}\0${column}\0${rowKey}`, 'utf8')

/** The id (hex) of the key that sealed `stored`, or null for a plain (pre-076) value. */
export function sealedKeyId (stored: unknown): string | null {
  if (!Buffer.isBuffer(stored) || stored.length < HEADER_BYTES + TAG_BYTES || stored[0] !== VERSION) return null
  return stored.subarray(1, 1 + ID_BYTES).toString('hex')
}

/** A key id as the bytes a sealed value carries (for SQL: `substr(col, 2, 8) = ?`). */
export function keyIdBytes (id: string): Buffer {
  return Buffer.from(id, 'hex')
}

export function createFieldCipher (keyring: Keyring): FieldCipher {
  const currentId = keyIdBytes(keyring.current.id)
  // imported once: a raw key Buffer is imported again by every createCipheriv (about a third of an open's cost)
  const keys = new Map<string, KeyObject>([...keyring.byId].map(([id, k]) => [id, createSecretKey(k.key)]))
  const currentKey = keys.get(keyring.current.id) as KeyObject

  function seal (table: string, column: string, rowKey: string, plain: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES)
    const cipher = createCipheriv('aes-256-gcm', currentKey, nonce)
    cipher.setAAD(aad(table, column, rowKey))
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return Buffer.concat([Buffer.of(VERSION), currentId, nonce, body, cipher.getAuthTag()])
  }

  function open (table: string, column: string, rowKey: string, stored: unknown): string {
    if (typeof stored === 'string' || typeof stored === 'number' || typeof stored === 'bigint') return String(stored)
    const where = `${table}.${column} of row ${JSON.stringify(rowKey)}`
    const id = sealedKeyId(stored)
    if (id === null) throw new Error(`${where} is neither a sealed value nor plain text`)
    const key = keys.get(id)
    if (key === undefined) throw new Error(`${where} is sealed with key ${id}, which ${keyring.source} does not hold`)
    const buf = stored as Buffer
    const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(1 + ID_BYTES, HEADER_BYTES))
    decipher.setAAD(aad(table, column, rowKey))
    decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES))
    try {
      return Buffer.concat([decipher.update(buf.subarray(HEADER_BYTES, buf.length - TAG_BYTES)), decipher.final()]).toString('utf8')
    } catch {
      throw new Error(`${where} fails its authentication tag: it was altered or moved from another row`)
    }
  }

  return {
    keyring,
    seal,
    open,
    sealNullable: (table, column, rowKey, plain) => plain === null || plain === undefined ? null : seal(table, column, rowKey, plain),
    openNullable: (table, column, rowKey, stored) => stored === null || stored === undefined ? null : open(table, column, rowKey, stored)
  }
}
