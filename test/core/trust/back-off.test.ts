import t from 'tap'
import { DEFAULT_BACK_OFF, lockMs, recordFailure, retryAfterMs } from '../../../src/core/trust/back-off.ts'

t.test('after 5 failures, 2^(n-5) s up to 15 min', async (t) => {
  t.same([1, 2, 3, 4].map((n) => lockMs(n)), [0, 0, 0, 0], 'the first four are free')
  t.same([5, 6, 7, 8].map((n) => lockMs(n)), [1000, 2000, 4000, 8000])
  t.equal(lockMs(14), 512_000)
  t.equal(lockMs(15), 900_000, '1024 s capped at 15 min')
  t.equal(lockMs(10_000), 900_000, 'no overflow')
})

t.test('retry-after counts from the last failure; a day without failure forgets', async (t) => {
  let state
  for (let i = 0; i < 6; i++) state = recordFailure(state, 10_000)
  t.same(state, { failures: 6, lastFailureMs: 10_000 })
  t.equal(retryAfterMs(state, 10_000), 2000)
  t.equal(retryAfterMs(state, 11_500), 500)
  t.equal(retryAfterMs(state, 12_000), 0)
  t.equal(retryAfterMs(undefined, 0), 0)
  const later = 10_000 + DEFAULT_BACK_OFF.forgetAfterMs
  t.same(recordFailure(state, later), { failures: 1, lastFailureMs: later }, 'starts again from one')
})
