import t from 'tap'
import { checkPasswordPolicy, hashPassword, MIN_PASSWORD_LENGTH, needsRehash, PASSWORD_PARAMS, verifyPassword } from '../../../src/core/trust/password.ts'

t.test('a hash carries its parameters and salt, verifies the password and nothing else', async (t) => {
  const stored = await hashPassword('correct horse battery staple')
  const [scheme, log2N, r, p, salt, key] = stored.split('$')
  t.same([scheme, Number(log2N), Number(r), Number(p)], ['scrypt', PASSWORD_PARAMS.log2N, 8, 1])
  t.ok(Number(log2N) >= 15, 'N ≥ 2^15')
  t.equal(Buffer.from(salt, 'base64').length, 16, '16-byte salt')
  t.equal(Buffer.from(key, 'base64').length, 32, '32-byte key')
  t.ok(await verifyPassword('correct horse battery staple', stored))
  t.notOk(await verifyPassword('correct horse battery stapl', stored))
  t.notOk(await verifyPassword('', stored))
  t.not(await hashPassword('correct horse battery staple'), stored, 'a new salt each time')
  t.notOk(needsRehash(stored))
})

t.test('the same password typed in NFC or NFD verifies', async (t) => {
  const stored = await hashPassword('Café-au-lait-2024'.normalize('NFC'))
  t.ok(await verifyPassword('Café-au-lait-2024'.normalize('NFD'), stored))
})

t.test('the cost can be raised later: an older, cheaper hash still verifies and asks for a rehash', async (t) => {
  const cheap = await hashPassword('an older password hash', undefined, { log2N: 14, r: 8, p: 1 })
  t.match(cheap, /^scrypt\$14\$8\$1\$/)
  t.ok(await verifyPassword('an older password hash', cheap))
  t.ok(needsRehash(cheap))
})

t.test('the hash runs off the event loop', async (t) => {
  let ticks = 0
  const timer = setInterval(() => { ticks++ }, 1)
  await hashPassword('timers keep running meanwhile')
  clearInterval(timer)
  t.ok(ticks > 0, `the loop ran ${ticks} times during the hash`)
})

t.test('stored values that are not ours, or would cost too much, are refused without throwing', async (t) => {
  t.notOk(await verifyPassword('x', 'plain text'))
  t.notOk(await verifyPassword('x', 'scrypt$30$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='), 'N = 2^30 refused before allocating')
  t.notOk(await verifyPassword('x', 'scrypt$15$8$1$AAAA$AAAA'), 'a key too short to be ours')
})

t.test('policy: at least 12 characters, not the account name', async (t) => {
  t.throws(() => checkPasswordPolicy('short-pw-11', 'li'), { code: 'BAD_REQUEST', message: /at least 12 characters \(this one has 11\)/ })
  t.doesNotThrow(() => checkPasswordPolicy('x'.repeat(MIN_PASSWORD_LENGTH), 'li'))
  t.doesNotThrow(() => checkPasswordPolicy('寻亲回家二零二四年春节团圆', 'li'), '12 Chinese characters count as 12')
  t.throws(() => checkPasswordPolicy('寻亲回家二零二四年春节', 'li'), /at least 12/)
  t.throws(() => checkPasswordPolicy(' Lab-Guangzhou-07 ', 'lab-guangzhou-07'), { message: 'the password may not be the account name' })
  t.throws(() => checkPasswordPolicy('y'.repeat(300), 'li'), /at most 256/)
  try {
    checkPasswordPolicy('secret-pw', 'li')
  } catch (err) {
    t.notOk(String((err as Error).message).includes('secret-pw'), 'the message never holds the password')
  }
})
