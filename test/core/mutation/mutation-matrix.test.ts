import t from 'tap'
import { mutationMatrix } from '../../../src/core/mutation/mutation-matrix.ts'

const rowSums = (m: Float64Array, n: number): number[] => Array.from({ length: n }, (_, i) => m.slice(i * n, i * n + n).reduce((a, b) => a + b, 0))

t.test('equal and proportional models (pedmut formulas)', async (t) => {
  const eq = mutationMatrix({ model: 'equal', rate: 0.1 }, ['1', '2', '3'], [0.2, 0.3, 0.5])
  t.same(Array.from(eq), [0.9, 0.05, 0.05, 0.05, 0.9, 0.05, 0.05, 0.05, 0.9])
  const f = [0.2, 0.3, 0.5]
  const pr = mutationMatrix({ model: 'proportional', rate: 0.1 }, ['1', '2', '3'], f)
  const alpha = 0.1 / (0.2 * 0.8 + 0.3 * 0.7 + 0.5 * 0.5)
  t.ok(Math.abs(pr[1] - alpha * 0.3) < 1e-15 && Math.abs(pr[0] - (1 - alpha + alpha * 0.2)) < 1e-15)
  // Proportional is stationary: p·M = p.
  for (let j = 0; j < 3; j++) t.ok(Math.abs(f.reduce((s, fi, i) => s + fi * pr[i * 3 + j], 0) - f[j]) < 1e-15)
})

t.test('stepwise: weights range^steps within a microvariant group, rate2 across groups', async (t) => {
  const alleles = ['9', '9.3', '10', '11']
  const m = mutationMatrix({ model: 'stepwise', rate: 0.01, range: 0.5, rate2: 0.002 }, alleles, [0.25, 0.25, 0.25, 0.25])
  const n = 4
  t.ok(rowSums(m, n).every((s) => Math.abs(s - 1) < 1e-15), 'rows sum to 1')
  // From 9: integers 10 (1 step, weight .5) and 11 (2 steps, weight .25) share rate 0.01.
  t.ok(Math.abs(m[0 * n + 2] - 0.01 * 0.5 / 0.75) < 1e-15)
  t.ok(Math.abs(m[0 * n + 3] - 0.01 * 0.25 / 0.75) < 1e-15)
  t.ok(Math.abs(m[0 * n + 1] - 0.002 / 1) < 1e-15, 'to the one microvariant: rate2/(n − 3)')
  t.ok(Math.abs(m[0] - (1 - 0.01 - 0.002)) < 1e-15)
  t.ok(Math.abs(m[1 * n + 1] - (1 - 0.002)) < 1e-15, '9.3 alone in its group: 1 − rate2')
  const noMicro = mutationMatrix({ model: 'stepwise', rate: 0.01, rate2: 0 }, alleles, [0.25, 0.25, 0.25, 0.25])
  t.equal(noMicro[0 * n + 1], 0, 'rate2 = 0: an integer never becomes a microvariant')
})

t.test('bad parameters are refused naming the locus', async (t) => {
  t.throws(() => mutationMatrix({ model: 'equal', rate: 1.5 }, ['1', '2'], [0.5, 0.5], 'TH01'), /rate 1.5 .*locus TH01/)
  t.throws(() => mutationMatrix({ model: 'stepwise', rate: 0.01, range: 2 }, ['1', '2'], [0.5, 0.5], 'FGA'), /range 2 .*FGA/)
})
