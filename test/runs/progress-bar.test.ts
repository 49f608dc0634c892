import t from 'tap'
import { progressLine } from '../../src/runs/progress-bar.ts'

t.test('progress line: bar, counts, percentage, rate and ETA', async (t) => {
  t.equal(progressLine({ done: 50, total: 200, rate: 25, etaSeconds: 6 }, 20), '[#####...............] 50/200 25.0% 25.0 pairs/s ETA 6s')
  t.equal(progressLine({ done: 0, total: 0, rate: null, etaSeconds: null }, 4), '[####] 0/0 100.0% - pairs/s ETA -')
  t.match(progressLine({ done: 1, total: 10_000, rate: 1, etaSeconds: 9999 }, 4), /ETA 2h46m$/)
})
