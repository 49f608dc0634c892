import { createHash, randomBytes as nodeRandomBytes } from 'node:crypto'

/** The four roles of Homeward; a route lists the roles that may call it. */
export const ROLES = ['lab', 'caseworker', 'admin', 'auditor'] as const
export type Role = typeof ROLES[number]

/** True when `value` is one of {@link ROLES}. Example: isRole('admin') → true, isRole('root') → false. */
export function isRole (value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/**
 * Every token starts with this prefix so that secret scanners, log redaction and a human reading a
 * config file can recognise one; the prefix carries no secret.
 */
export const TOKEN_PREFIX = 'hw_'

/** 32 random bytes = 256 bits of entropy, far beyond any guessing or offline search. */
export const TOKEN_BYTES = 32

/** A byte source, injectable so tests can generate reproducible tokens. */
export type RandomBytes = (size: number) => Buffer

/**
 * A new API token: `hw_` + 43 base64url characters (32 random bytes).
 * Example: generateToken(() => Buffer.alloc(32)) → 'hw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'.
 */
export function generateToken (random: RandomBytes = nodeRandomBytes): string {
  return TOKEN_PREFIX + random(TOKEN_BYTES).toString('base64url')
}

/** Shape of a token this module generated (cheap pre-check before any database lookup). */
const TOKEN_SHAPE = /^hw_[A-Za-z0-9_-]{43}$/

/** True when `value` has the shape of a generated token. Example: looksLikeToken('hw_x') → false. */
export function looksLikeToken (value: string): boolean {
  return TOKEN_SHAPE.test(value)
}

/**
 * The stored form of a token: SHA-256, lowercase hex (64 characters).
 *
 * Why a fast hash and not bcrypt/scrypt/argon2: those slow hashes exist to protect low-entropy
 * passwords from offline guessing. A token here is 256 random bits, so a leaked hash cannot be
 * reversed by search whatever the hash speed, while a slow hash would cost tens of milliseconds on
 * every API request. No salt either: with 256-bit secrets a precomputed table is impossible, and an
 * unsalted hash lets us look the token up by an index on its hash (so lookups do not compare secrets
 * byte by byte, and timing reveals nothing useful about the token).
 *
 * Example: hashToken('abc') → 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * (the FIPS 180-2 test vector for "abc").
 */
export function hashToken (token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/**
 * The token of an `Authorization: Bearer <token>` header, or undefined when absent or malformed.
 * Example: bearerToken('Bearer hw_abc') → 'hw_abc'; bearerToken('Basic x') → undefined.
 */
export function bearerToken (header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)
  return match === null ? undefined : match[1]
}
