import t from 'tap'
import { base32Decode, base32Encode, generateTotpSecret, hotp, totpCode, totpStep, totpUri, verifyTotp } from '../../../src/core/trust/totp.ts'

// RFC 6238 appendix B, the SHA-1 rows: the 8-digit values, of which a 6-digit code is the last 6.
const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii')
const RFC_6238_SHA1: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130']
]

t.test('RFC 6238 test vectors (SHA-1), 8 digits and their last 6', async (t) => {
  for (const [seconds, code8] of RFC_6238_SHA1) {
    t.equal(totpCode(RFC_SECRET, seconds * 1000, 8), code8, `T = ${seconds} s, 8 digits`)
    t.equal(totpCode(RFC_SECRET, seconds * 1000), code8.slice(2), `T = ${seconds} s, 6 digits`)
  }
  t.equal(totpStep(59_000), 1)
  t.equal(totpStep(1111111109_000), 0x23523EC)
})

t.test('RFC 4226 appendix D HOTP values', async (t) => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']
  expected.forEach((code, counter) => t.equal(hotp(RFC_SECRET, counter), code, `counter ${counter}`))
})

t.test('base32 (RFC 4648 vectors, no padding) and the generated secret', async (t) => {
  for (const [text, b32] of [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']]) {
    t.equal(base32Encode(Buffer.from(text)), b32, text)
    t.equal(base32Decode(b32)?.toString(), text)
  }
  t.equal(base32Decode('mzxw 6ytb oi==')?.toString(), 'foobar', 'case, spaces and padding are ignored')
  t.equal(base32Decode('MZ1W'), undefined, '1 is not in the alphabet')
  const secret = generateTotpSecret(() => Buffer.alloc(20, 0xff))
  t.equal(secret, '7'.repeat(32), '160 bits = 32 base32 characters')
  t.equal(base32Decode(secret)?.length, 20)
})

t.test('verification: ±1 step, never the same step twice, only six digits', async (t) => {
  const secret = base32Encode(RFC_SECRET)
  const at = 1111111111_000
  const step = totpStep(at)
  const now = totpCode(RFC_SECRET, at)
  t.equal(verifyTotp(secret, now, at, null), step, 'the current code')
  t.equal(verifyTotp(secret, totpCode(RFC_SECRET, at - 30_000), at, null), step - 1, 'the previous step')
  t.equal(verifyTotp(secret, totpCode(RFC_SECRET, at + 30_000), at, null), step + 1, 'the next step')
  t.equal(verifyTotp(secret, totpCode(RFC_SECRET, at - 60_000), at, null), undefined, 'two steps back is refused')
  t.equal(verifyTotp(secret, totpCode(RFC_SECRET, at + 60_000), at, null), undefined, 'two steps ahead is refused')
  t.equal(verifyTotp(secret, now, at, step), undefined, 'a code already used is refused within its window')
  t.equal(verifyTotp(secret, now, at + 30_000, step), undefined, 'and still refused one step later')
  t.equal(verifyTotp(secret, totpCode(RFC_SECRET, at + 30_000), at + 30_000, step), step + 1, 'the next code is fine')
  t.equal(verifyTotp(secret, ` ${now.slice(0, 3)} ${now.slice(3)} `, at, null), step, 'spaces are ignored')
  t.equal(verifyTotp(secret, now.slice(1), at, null), undefined, 'five digits')
  t.equal(verifyTotp(secret, '', at, null), undefined)
  t.equal(verifyTotp(secret, 'abcdef', at, null), undefined)
  t.equal(verifyTotp('not base32!', now, at, null), undefined)
})

t.test('the otpauth URI', async (t) => {
  t.equal(totpUri('JBSWY3DPEHPK3PXP', 'admin-1'),
    'otpauth://totp/Homeward:admin-1?secret=JBSWY3DPEHPK3PXP&issuer=Homeward&algorithm=SHA1&digits=6&period=30')
  t.match(totpUri('JBSWY3DPEHPK3PXP', 'li.wei@lab'), /^otpauth:\/\/totp\/Homeward:li\.wei%40lab\?/)
})
