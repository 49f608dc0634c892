import { randomBytes as nodeRandomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { fail } from '../errors.ts'
import type { RandomBytes } from './token.ts'

/**
 * Passwords of people (API tokens are random secrets and use a fast hash, see token.ts).
 * A password has little entropy, so its stored form must make every offline guess expensive:
 * scrypt is memory-hard (each guess needs 128·N·r bytes, 32 MiB here), which takes away the
 * advantage of GPUs and ASICs that a fast or merely iterated hash would give an attacker.
 */

/** The cost of new hashes: N = 2^15, r = 8, p = 1 (OWASP's scrypt minimum), 16-byte salt, 32-byte key. */
export const PASSWORD_PARAMS = { log2N: 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const

/** Shortest password accepted, in characters (NIST SP 800-63B asks at least 8; 12 for accounts that see genotypes). */
export const MIN_PASSWORD_LENGTH = 12
/** Longest password accepted: a bound on the work one request can ask for, far above any passphrase. */
export const MAX_PASSWORD_LENGTH = 256

export interface ScryptParams { log2N: number, r: number, p: number }

/** `scrypt$<log2 N>$<r>$<p>$<salt base64>$<key base64>`: the parameters travel with the hash, so they can be raised later. */
const STORED_SHAPE = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/

function scryptAsync (password: string, salt: Buffer, keyBytes: number, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.log2N
  // maxmem must exceed 128·N·r (Node's default of 32 MiB is exactly the need at N = 2^15, r = 8, so it fails).
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r }
  // The async form runs on libuv's thread pool: a sign-in never blocks the event loop for its ~100 ms.
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (err, key) => { if (err === null) resolve(key); else reject(err) })
  })
}

/**
 * Refuses a password that is too short, too long, or the account name itself (compared without case
 * and surrounding spaces). The message names the rule, never the password.
 * Example: checkPasswordPolicy('Lab-Guangzhou-7', 'lab-guangzhou-7') throws; a 12-character phrase passes.
 */
export function checkPasswordPolicy (password: string, accountName: string): void {
  // Characters, not UTF-16 units: a Chinese passphrase of 12 characters counts 12.
  const length = [...password.normalize('NFC')].length
  if (length < MIN_PASSWORD_LENGTH) fail('BAD_REQUEST', `a password has at least ${MIN_PASSWORD_LENGTH} characters (this one has ${length})`, { field: 'password' })
  if (length > MAX_PASSWORD_LENGTH) fail('BAD_REQUEST', `a password has at most ${MAX_PASSWORD_LENGTH} characters`, { field: 'password' })
  if (password.trim().toLowerCase() === accountName.trim().toLowerCase()) {
    fail('BAD_REQUEST', 'the password may not be the account name', { field: 'password' })
  }
}

/**
 * The stored form of a password (policy checked by the caller). Example of a result:
 * 'scrypt$15$8$1$3q2+7w…==$Qm9i…='. Two calls on one password give different salts, so different strings.
 */
export async function hashPassword (password: string, random: RandomBytes = nodeRandomBytes, params: ScryptParams = PASSWORD_PARAMS): Promise<string> {
  const salt = random(PASSWORD_PARAMS.saltBytes)
  const key = await scryptAsync(password, salt, PASSWORD_PARAMS.keyBytes, params)
  return `scrypt$${params.log2N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

/**
 * True when `password` is the one `stored` was made from. Compared in constant time. A stored value
 * that is not a hash this module made is refused (false), never an exception a caller could leak.
 */
export async function verifyPassword (password: string, stored: string): Promise<boolean> {
  const m = STORED_SHAPE.exec(stored)
  if (m === null) return false
  const params = { log2N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }
  // A tampered row must not make the server allocate gigabytes: bounds well above any cost we would set.
  if (params.log2N < 10 || params.log2N > 22 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return false
  const expected = Buffer.from(m[5], 'base64')
  if (expected.length < 16 || expected.length > 128) return false
  const key = await scryptAsync(password, Buffer.from(m[4], 'base64'), expected.length, params)
  return timingSafeEqual(key, expected)
}

/** True when `stored` was made with a lower cost than {@link PASSWORD_PARAMS}: rehash it at the next sign-in. */
export function needsRehash (stored: string): boolean {
  const m = STORED_SHAPE.exec(stored)
  if (m === null) return true
  return Number(m[1]) < PASSWORD_PARAMS.log2N || Number(m[2]) < PASSWORD_PARAMS.r || Buffer.from(m[5], 'base64').length < PASSWORD_PARAMS.keyBytes
}
