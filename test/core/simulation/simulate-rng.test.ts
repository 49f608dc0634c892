import t from 'tap'
import { createRng } from '../../../src/core/simulation/simulate-rng.ts'

t.test('a seed gives one sequence; another seed or stream another', async (t) => {
  const a = createRng(42)
  const b = createRng(42)
  const c = createRng(43)
  const d = createRng(42, 1)
  const sa = Array.from({ length: 8 }, () => a.nextU32())
  t.same(Array.from({ length: 8 }, () => b.nextU32()), sa)
  t.not(Array.from({ length: 8 }, () => c.nextU32()).join(), sa.join())
  t.not(Array.from({ length: 8 }, () => d.nextU32()).join(), sa.join())
})

t.test('uniform: mean 1/2, variance 1/12, below(n) hits every value about equally', async (t) => {
  const rng = createRng(7)
  const n = 200_000
  let sum = 0
  let sq = 0
  let outside = 0
  for (let i = 0; i < n; i++) {
    const u = rng.next()
    if (!(u >= 0 && u < 1)) outside++
    sum += u
    sq += u * u
  }
  t.equal(outside, 0, 'every draw in [0, 1)')
  // Standard error of the mean is sqrt(1/12/n) ≈ 0.00065: 0.003 is about 5 standard errors.
  t.ok(Math.abs(sum / n - 0.5) < 0.003, `mean ${sum / n}`)
  t.ok(Math.abs(sq / n - (sum / n) ** 2 - 1 / 12) < 0.002, 'variance')
  const counts = new Array(10).fill(0)
  for (let i = 0; i < n; i++) counts[rng.below(10)]++
  // Chi-square with 9 degrees of freedom: 30 is beyond its 0.9995 quantile (about 29.7).
  const chi2 = counts.reduce((acc, k) => acc + (k - n / 10) ** 2 / (n / 10), 0)
  t.ok(chi2 < 30, `chi-square ${chi2}`)
})
