import t from 'tap'
import { bearerToken, generateToken, hashToken, isRole, looksLikeToken, ROLES } from '../../../src/core/trust/token.ts'

t.test('tokens are 256 random bits, prefixed, base64url', async (t) => {
  const zero = generateToken(() => Buffer.alloc(32))
  t.equal(zero, 'hw_' + 'A'.repeat(43))
  const tokens = new Set(Array.from({ length: 200 }, () => generateToken()))
  t.equal(tokens.size, 200, 'no two tokens alike')
  for (const tok of tokens) t.ok(looksLikeToken(tok), tok.slice(0, 6))
  // 32 bytes of 0xff decode back to 32 bytes of 0xff: nothing is lost in the encoding
  const ff = generateToken(() => Buffer.alloc(32, 0xff))
  t.same([...Buffer.from(ff.slice(3), 'base64url')], Array(32).fill(0xff))
})

t.test('hash is SHA-256 hex (FIPS 180-2 vectors)', async (t) => {
  t.equal(hashToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  t.equal(hashToken(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  const tok = generateToken()
  t.not(hashToken(tok), tok)
  t.notMatch(hashToken(tok), tok.slice(3, 20), 'the hash does not contain the token')
})

t.test('shape check refuses near misses', async (t) => {
  t.notOk(looksLikeToken('hw_' + 'A'.repeat(42)))
  t.notOk(looksLikeToken('hw_' + 'A'.repeat(44)))
  t.notOk(looksLikeToken('xx_' + 'A'.repeat(43)))
  t.notOk(looksLikeToken('hw_' + 'A'.repeat(42) + '='))
  t.notOk(looksLikeToken(''))
})

t.test('bearer header parsing', async (t) => {
  t.equal(bearerToken('Bearer hw_abc'), 'hw_abc')
  t.equal(bearerToken('bearer  hw_abc '), 'hw_abc')
  t.equal(bearerToken(undefined), undefined)
  t.equal(bearerToken('Basic dXNlcjpwYXNz'), undefined)
  t.equal(bearerToken('Bearer'), undefined)
  t.equal(bearerToken('Bearer a b'), undefined)
})

t.test('roles', async (t) => {
  t.same([...ROLES], ['lab', 'caseworker', 'admin', 'auditor'])
  t.ok(isRole('auditor'))
  t.notOk(isRole('root'))
  t.notOk(isRole(undefined))
})
