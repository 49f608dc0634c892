import t from 'tap'
import { csrfTokenFor, generateSessionSecret, hashSessionSecret, looksLikeSessionSecret } from '../../../src/core/trust/session-token.ts'

t.test('a session secret: hws_ + 256 random bits, stored as SHA-256; its CSRF token derived one way', async (t) => {
  const zero = generateSessionSecret(() => Buffer.alloc(32))
  t.equal(zero, 'hws_' + 'A'.repeat(43))
  const secret = generateSessionSecret()
  t.ok(looksLikeSessionSecret(secret))
  t.notOk(looksLikeSessionSecret('hw_' + 'A'.repeat(43)), 'an API token is not a session secret')
  t.notOk(looksLikeSessionSecret(secret + 'x'))
  t.match(hashSessionSecret(secret), /^[0-9a-f]{64}$/)
  t.equal(hashSessionSecret('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'FIPS 180-2 "abc"')
  const csrf = csrfTokenFor(secret)
  t.match(csrf, /^[A-Za-z0-9_-]{43}$/)
  t.equal(csrfTokenFor(secret), csrf, 'the same session always has the same token')
  t.not(csrfTokenFor(generateSessionSecret()), csrf, 'another session, another token')
  t.notOk(csrf.includes(secret.slice(4, 12)), 'the token does not contain the secret')
})
