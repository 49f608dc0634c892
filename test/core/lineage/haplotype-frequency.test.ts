import t from 'tap'
import { createMitoHaplotypeIndex, createYHaplotypeIndex, mitoCountingFrequency, yCountingFrequency } from '../../../src/core/lineage/haplotype-frequency.ts'
import { parseMitoProfile } from '../../../src/core/lineage/mito-profile.ts'

t.test('counting with the stated corrections', async (t) => {
  t.equal(yCountingFrequency(0, 999), 1 / 1000)
  t.equal(yCountingFrequency(4, 999), 5 / 1000)
  t.equal(mitoCountingFrequency(0, 998), 2 / 1000)
})

t.test('Y index: comparable only when typed at every compared locus; exclusions; kept up to date', async (t) => {
  const idx = createYHaplotypeIndex()
  idx.add('A', { DYS19: ['14'], DYS391: ['10'] })
  idx.add('B', { DYS19: ['14'], DYS391: ['10'], DYS385: ['11', '14'] })
  idx.add('C', { DYS19: ['15'], DYS391: ['10'] })
  idx.add('D', { DYS19: ['14'] }) // not typed at DYS391: not comparable
  const h = { DYS19: ['14'], DYS391: ['10'] }
  t.match(idx.frequency(h, ['DYS19', 'DYS391']), { matches: 2, size: 3, frequency: 3 / 4 })
  t.match(idx.frequency(h, ['DYS391', 'DYS19'], new Set(['A'])), { matches: 1, size: 2, frequency: 2 / 3 }, 'the candidate himself left out')
  idx.remove('B')
  t.match(idx.frequency(h, ['DYS19', 'DYS391']), { matches: 1, size: 2 })
  idx.add('C', { DYS19: ['14'], DYS391: ['10'] }) // C retyped
  t.match(idx.frequency(h, ['DYS19', 'DYS391']), { matches: 2, size: 2 })
  t.match(idx.frequency({ DYS19: ['16'], DYS391: ['10'] }, ['DYS19', 'DYS391']), { matches: 0, size: 2, frequency: 1 / 3 })
  t.equal(idx.size, 3)
})

t.test('mtDNA index: comparable only when the whole overlap is covered; equal inside it, C-stretch lengths aside', async (t) => {
  const idx = createMitoHaplotypeIndex()
  idx.add('A', parseMitoProfile({ range: '16024-576', variants: '16223T 263G 315.1C' }))
  idx.add('B', parseMitoProfile({ range: '16024-16400', variants: '16223T' }))
  idx.add('C', parseMitoProfile({ range: '16100-16365', variants: '16223T' })) // does not cover 16024-16099
  idx.add('D', parseMitoProfile({ range: '16024-576', variants: '16223T 16311C 263G' }))
  const candidate = parseMitoProfile({ range: '16024-16569', variants: '16223T 16519C' })
  t.match(idx.frequency(candidate, [[16024, 16400]]), { matches: 2, size: 3, frequency: 4 / 5 })
})
