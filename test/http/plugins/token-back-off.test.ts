import t from 'tap'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { testClock } from '../../helpers/sign-in.ts'

t.test('bad API tokens are slowed per address (issue 16): repeated 401s from one address back off', async (t) => {
  const clock = testClock()
  const h = await buildTestApp(t, { trust: { now: clock.now } })
  const guess = async (remoteAddress: string, n: number) => await h.app.inject({ method: 'GET', url: '/tokens', remoteAddress, headers: { authorization: `Bearer hw_${String(n).padStart(43, 'A')}` } })

  for (let i = 1; i <= 5; i++) t.equal((await guess('10.7.0.1', i)).statusCode, 401, `guess ${i}`)
  const locked = await guess('10.7.0.1', 6)
  t.equal(locked.statusCode, 429, 'the sixth guess waits')
  t.equal(locked.headers['retry-after'], '1')
  t.equal((await h.app.inject({ method: 'GET', url: '/tokens', remoteAddress: '10.7.0.1', headers: h.authHeaders('admin') })).statusCode, 429,
    'during the lock no token is even looked at from that address')
  t.equal((await guess('10.7.0.2', 1)).statusCode, 401, 'another address is not slowed')
  t.equal((await h.app.inject({ method: 'GET', url: '/tokens', remoteAddress: '10.7.0.2', headers: h.authHeaders('admin') })).statusCode, 200)
  clock.advance(1)
  t.equal((await h.app.inject({ method: 'GET', url: '/tokens', remoteAddress: '10.7.0.1', headers: h.authHeaders('admin') })).statusCode, 200, 'after the delay')
  t.equal((await guess('10.7.0.1', 7)).statusCode, 401)
  t.equal((await guess('10.7.0.1', 8)).statusCode, 429, 'the next lock is longer (2 s)')
  clock.advance(1)
  t.equal((await guess('10.7.0.1', 9)).statusCode, 429)
  clock.advance(1)
  t.equal((await guess('10.7.0.1', 10)).statusCode, 401)

  // No credential at all (a browser before sign-in) and a revoked token are answered 401 and not counted.
  for (let i = 0; i < 10; i++) t.equal((await h.app.inject({ method: 'GET', url: '/tokens', remoteAddress: '10.7.0.3' })).statusCode, 401)
  t.equal((await h.app.inject({ method: 'GET', url: '/tokens', remoteAddress: '10.7.0.3', headers: h.authHeaders('admin') })).statusCode, 200)
})
