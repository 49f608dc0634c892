import t from 'tap'
import { alertKind } from '../../src/runs/alert-rule.ts'

t.test('an alert when a pair becomes a candidate or a match, none when it stays where it was', async (t) => {
  // floor 10^3, threshold 10^4
  t.equal(alertKind(undefined, 3.2, 3, 4), 'new-candidate', 'first stored at the floor')
  t.equal(alertKind(undefined, 4.0, 3, 4), 'new-match', 'first stored at the threshold')
  t.equal(alertKind(null, 4.5, 3, 4), 'new-match', 'an exclusion that now scores')
  t.equal(alertKind(2.1, 3.5, 3, 4), 'new-candidate', 'below the floor before (stored on request)')
  t.equal(alertKind(3.5, 4.2, 3, 4), 'crossed-threshold', 'a candidate that crossed the threshold')
  t.equal(alertKind(3.5, 3.9, 3, 4), null, 'still a candidate')
  t.equal(alertKind(4.5, 4.7, 3, 4), null, 'still a match')
  t.equal(alertKind(4.5, 3.5, 3, 4), null, 'a match that fell back raises nothing')
  t.equal(alertKind(undefined, 2.9, 3, 4), null, 'below the floor')
  t.equal(alertKind(undefined, null, 3, 4), null, 'an exclusion')
  // floor 0 (every pair stored): an LR below 1 is never an alert
  t.equal(alertKind(undefined, -0.5, -Infinity, 4), null)
  t.equal(alertKind(undefined, 0.5, -Infinity, 4), 'new-candidate')
})
