import t from 'tap'
import { founderPartitions, lnSequenceProbability, partitionSymmetryKey } from '../../../src/core/likelihood/balding-nichols.ts'

t.test('sequential Balding–Nichols probability', async (t) => {
  t.ok(Math.abs(Math.exp(lnSequenceProbability([0, 0], [0.1], 0)) - 0.01) < 1e-15)
  // a, a under θ: p·(θ + (1−θ)p)
  t.ok(Math.abs(Math.exp(lnSequenceProbability([0, 0], [0.1], 0.01)) - 0.1 * (0.01 + 0.99 * 0.1)) < 1e-15)
  // exchangeable: the order of the alleles does not matter
  const p = [0.2, 0.3, 0.5]
  const a = lnSequenceProbability([0, 1, 0, 2, 1], p, 0.05)
  const b = lnSequenceProbability([2, 1, 1, 0, 0], p, 0.05)
  t.ok(Math.abs(a - b) < 1e-14)
})

t.test('set partitions: Bell numbers, weights Π (s−1)!·θ^(s−1)', async (t) => {
  const bell = [1, 1, 2, 5, 15, 52, 203]
  for (let m = 1; m <= 6; m++) t.equal([...founderPartitions(m, 0.1)].length, bell[m], `Bell(${m})`)
  t.equal([...founderPartitions(5, 0)].length, 1, 'θ = 0: singletons only')
  const all = [...founderPartitions(3, 0.1)]
  const oneBlock = all.find((p) => p.blocks === 1)!
  t.ok(Math.abs(oneBlock.weight - 2 * 0.01) < 1e-15, 'one block of 3: 2!·θ²')
  // Σ over partitions of weight·Π_blocks Σ_a w(a) with w = p(1−θ) reproduces the urn's total mass Π D_i
  const theta = 0.1
  let total = 0
  for (const part of founderPartitions(4, theta)) total += part.weight * (1 - theta) ** part.blocks
  let denominators = 1
  for (let i = 1; i <= 4; i++) denominators *= 1 + (i - 2) * theta
  t.ok(Math.abs(total - denominators) < 1e-14, `${total} vs ${denominators}`)
})

t.test('partitions that differ by a founder allele swap share a key', async (t) => {
  t.equal(partitionSymmetryKey(Int32Array.of(0, 1, 0), [[0, 1]]), partitionSymmetryKey(Int32Array.of(0, 1, 1), [[0, 1]]))
  t.not(partitionSymmetryKey(Int32Array.of(0, 0, 1), [[0, 1]]), partitionSymmetryKey(Int32Array.of(0, 1, 1), [[0, 1]]))
  t.not(partitionSymmetryKey(Int32Array.of(0, 1, 0), []), partitionSymmetryKey(Int32Array.of(0, 1, 1), []))
})
