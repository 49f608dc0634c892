import t from 'tap'
import { identificationView } from '../../src/runs/identification-view.ts'
import type { StoredConclusion } from '../../src/storage/identification-repository.ts'

const stored: StoredConclusion = {
  componentId: 'c1',
  caseId: 'CASE-A',
  slot: 'MP',
  personId: 'U-1',
  log10Lr: 6,
  log10Glr: 0.2,
  conclusion: 'Disputed',
  posterior: 0.6,
  competitor: { caseId: 'CASE-B', slot: 'MP', personId: 'U-1', log10Lr: 5.8 },
  joint: true,
  modelVersion: 'm',
  frequencyTable: { id: 't', version: '1' },
  computedAt: '2026-12-01T00:00:00.000Z'
}

t.test('a competing claim of a pair the reader may not see keeps its figure and loses its names', async (t) => {
  const v = identificationView(stored, 'slot', (caseId) => caseId === 'CASE-A')
  t.same([v.personId, v.withheld], ['U-1', false], 'the own case\'s pair is shown')
  t.same(v.competitor, { caseId: null, slot: null, personId: null, log10Lr: 5.8, withheld: true })
  t.notMatch(v.summary, /CASE-B/)
  t.match(v.summary, /^Disputed; this assignment is best; the next best is 1\.585 times less likely; strongest competing claim: a record of another unit, LR 6\.31 × 10\^5$/)
})

t.test('seen from a person whose case is another unit\'s, the case is withheld', async (t) => {
  const v = identificationView(stored, 'person', () => false)
  t.same([v.caseId, v.slot, v.personId, v.withheld], [null, null, 'U-1', true])
})

t.test('everything visible: every name shown', async (t) => {
  const v = identificationView(stored, 'slot', () => true)
  t.same(v.competitor, { ...stored.competitor, withheld: false })
  t.match(v.summary, /U-1 in CASE-B \(MP\), LR 6\.31 × 10\^5/)
})
