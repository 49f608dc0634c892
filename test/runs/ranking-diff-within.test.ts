import t from 'tap'
import { diffWithin, type RankingDiff } from '../../src/runs/ranking-diff.ts'

// Unit A holds case C-A and person P-A; unit B holds C-B and P-B. P-B was a candidate of C-A (a stored
// result), so that pair is visible to A; C-B's and P-B's own lists are not.
const mine = new Set(['C-A', 'P-A'])
const candidatePairs = new Set(['C-A|P-B'])
const visibility = {
  caseVisible: (id: string) => mine.has(id),
  personVisible: (id: string) => mine.has(id),
  pairVisible: (c: string, p: string) => (mine.has(c) && mine.has(p)) || ((mine.has(c) || mine.has(p)) && candidatePairs.has(`${c}|${p}`))
}

const diff: RankingDiff = {
  top: 10,
  minLog10Lr: 3,
  cases: [
    { id: 'C-A', added: [{ id: 'P-B', rank: 1, log10Lr: 6 }, { id: 'P-X', rank: 2, log10Lr: 4 }], dropped: [{ id: 'P-A', previousRank: 1, previousLog10Lr: 5 }], moved: [] },
    { id: 'C-B', added: [{ id: 'P-A', rank: 1, log10Lr: 4 }], dropped: [], moved: [] }
  ],
  persons: [
    { id: 'P-A', added: [], dropped: [{ id: 'C-A', previousRank: 1, previousLog10Lr: 5 }], moved: [{ id: 'C-Y', from: 2, to: 1, log10Lr: 4 }] },
    { id: 'P-B', added: [{ id: 'C-A', rank: 1, log10Lr: 6 }], dropped: [], moved: [] }
  ]
}

t.test('a reader sees the lists of their own records, and in them only the pairs they may read', async (t) => {
  const seen = diffWithin(diff, visibility)
  t.same(seen.cases, [{ id: 'C-A', added: [{ id: 'P-B', rank: 1, log10Lr: 6 }], dropped: [{ id: 'P-A', previousRank: 1, previousLog10Lr: 5 }], moved: [] }],
    "C-A's list without P-X (another unit's person that was never its candidate); C-B's list not at all")
  t.same(seen.persons, [{ id: 'P-A', added: [], dropped: [{ id: 'C-A', previousRank: 1, previousLog10Lr: 5 }], moved: [] }],
    "P-A's list without C-Y; P-B's list not at all, though its entry is a visible pair")
  t.equal(seen.top, 10)
  t.equal(seen.minLog10Lr, 3)
})

t.test('everything visible: the diff unchanged; nothing visible: empty lists', async (t) => {
  const all = { caseVisible: () => true, personVisible: () => true, pairVisible: () => true }
  t.same(diffWithin(diff, all), diff)
  const none = { caseVisible: () => false, personVisible: () => false, pairVisible: () => false }
  t.same(diffWithin(diff, none), { ...diff, cases: [], persons: [] })
})
