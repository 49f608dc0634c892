import t from 'tap'
import { mutationMatrix } from '../../../src/core/mutation/mutation-matrix.ts'
import { createRng } from '../../../src/core/simulation/simulate-rng.ts'
import { transmissionSampler } from '../../../src/core/simulation/simulate-mutation.ts'

t.test('transmissions follow the mutation matrix row by row', async (t) => {
  // Equal model, rate 0.3, 4 alleles: stay with 0.7, each other allele 0.1 (oracle README convention 3).
  const m = mutationMatrix({ model: 'equal', rate: 0.3 }, ['8', '9', '10', '11'], [0.25, 0.25, 0.25, 0.25])
  const sampler = transmissionSampler(m, 4)
  const rng = createRng(3)
  const n = 100_000
  for (const from of [0, 2]) {
    const counts = [0, 0, 0, 0]
    for (let i = 0; i < n; i++) counts[sampler.transmit(from, rng.next())]++
    for (let j = 0; j < 4; j++) {
      const expected = j === from ? 0.7 : 0.1
      // Binomial standard error ≤ 0.0015: 0.008 is over 5 of them.
      t.ok(Math.abs(counts[j] / n - expected) < 0.008, `from ${from} to ${j}: ${counts[j] / n} vs ${expected}`)
    }
  }
})

t.test('stepwise with rate2 = 0 never turns an integer allele into a microvariant', async (t) => {
  const alleles = ['9', '9.3', '10', '11']
  const m = mutationMatrix({ model: 'stepwise', rate: 0.5, range: 0.5, rate2: 0 }, alleles, [0.25, 0.25, 0.25, 0.25])
  const sampler = transmissionSampler(m, 4)
  const rng = createRng(5)
  let mutated = 0
  let microvariant = 0
  for (let i = 0; i < 20_000; i++) {
    const j = sampler.transmit(2, rng.next())
    if (j === 1) microvariant++
    if (j !== 2) mutated++
  }
  t.equal(microvariant, 0, '10 never became 9.3')
  t.ok(Math.abs(mutated / 20_000 - 0.5) < 0.02, `mutation share ${mutated / 20_000}`)
})
