import { createHmac, randomBytes as nodeRandomBytes } from 'node:crypto'
import type { RandomBytes } from './token.ts'

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 30-second steps, 6 digits,
 * the parameters every authenticator app defaults to. Pure: the time is a parameter.
 */

export const TOTP_STEP_SECONDS = 30
export const TOTP_DIGITS = 6
/** Steps accepted either side of now: ±1 (±30 s) absorbs a phone clock a little off and a slow typist. */
export const TOTP_WINDOW = 1
/** 20 bytes = 160 bits, the HMAC-SHA1 key length RFC 4226 recommends. */
export const TOTP_SECRET_BYTES = 20

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 without padding (what otpauth URIs carry). Example: base32Encode(Buffer.from('foobar')) → 'MZXW6YTBOI'. */
export function base32Encode (bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

/** Inverse of {@link base32Encode}; case, spaces and padding are ignored; undefined for a character outside the alphabet. */
export function base32Decode (text: string): Buffer | undefined {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  const out: number[] = []
  let bits = 0
  let value = 0
  for (const ch of clean) {
    const v = BASE32.indexOf(ch)
    if (v < 0) return undefined
    value = ((value << 5) | v) & 0xffff
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** A new secret, base32 (32 characters for 160 bits). */
export function generateTotpSecret (random: RandomBytes = nodeRandomBytes): string {
  return base32Encode(random(TOTP_SECRET_BYTES))
}

/**
 * HOTP (RFC 4226 §5.3): HMAC-SHA1 of the 8-byte big-endian counter, dynamically truncated, as a
 * zero-padded decimal code. Example (RFC 4226 appendix D, secret '12345678901234567890'):
 * hotp(Buffer.from('12345678901234567890'), 0) → '755224'.
 */
export function hotp (key: Buffer, counter: number, digits: number = TOTP_DIGITS): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', key).update(message).digest()
  const offset = mac[mac.length - 1] & 0x0f
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3]
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** The time step of a moment (Unix milliseconds): floor(seconds / 30). Example: totpStep(59_000) → 1. */
export function totpStep (unixMs: number): number {
  return Math.floor(unixMs / 1000 / TOTP_STEP_SECONDS)
}

/**
 * The code of a moment. Example (RFC 6238 appendix B, SHA-1, last 6 of 8 digits):
 * totpCode(Buffer.from('12345678901234567890'), 59_000) → '287082'.
 */
export function totpCode (key: Buffer, unixMs: number, digits: number = TOTP_DIGITS): string {
  return hotp(key, totpStep(unixMs), digits)
}

/**
 * Checks a code typed at `unixMs` against the secret (base32). Accepts the steps now−1..now+1, but
 * only a step after `lastUsedStep`: a code seen once (over a shoulder, in a proxy) cannot be replayed
 * within its window. Returns the step matched, which the caller stores as the new `lastUsedStep`,
 * or undefined. Example: the code of step s is accepted at step s+1 with lastUsedStep s−1, refused with lastUsedStep s.
 */
export function verifyTotp (secret: string, code: string, unixMs: number, lastUsedStep: number | null): number | undefined {
  const key = base32Decode(secret)
  if (key === undefined || key.length === 0) return undefined
  const typed = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(typed)) return undefined
  const now = totpStep(unixMs)
  let matched: number | undefined
  // Every step of the window is computed (no early return), so timing does not say which one matched.
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    if (hotp(key, step) === typed && (lastUsedStep === null || step > lastUsedStep) && matched === undefined) matched = step
  }
  return matched
}

/**
 * The `otpauth://` URI an authenticator app reads from a QR code (Key Uri Format): issuer and account
 * in the label and as `issuer=`, the secret, and the defaults stated explicitly.
 * Example: totpUri('JBSWY3DPEHPK3PXP', 'admin-1') →
 * 'otpauth://totp/Homeward:admin-1?secret=JBSWY3DPEHPK3PXP&issuer=Homeward&algorithm=SHA1&digits=6&period=30'.
 */
export function totpUri (secret: string, accountName: string, issuer = 'Homeward'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`
  const query = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) })
  return `otpauth://totp/${label}?${query.toString()}`
}
