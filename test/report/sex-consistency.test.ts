import t from 'tap'
import { sexConsistency, sexFromAmelogenin } from '../../src/report/sex-consistency.ts'

t.test('amelogenin', async (t) => {
  t.equal(sexFromAmelogenin(['X', 'Y']), 'male')
  t.equal(sexFromAmelogenin(['X', 'X']), 'female')
  t.equal(sexFromAmelogenin(['x']), 'female')
  t.equal(sexFromAmelogenin(['X', 'OL']), undefined)
  t.equal(sexFromAmelogenin([]), undefined)
  t.equal(sexFromAmelogenin(undefined), undefined)
})

t.test('consistency with the missing person', async (t) => {
  t.equal(sexConsistency('male', 'male', undefined).consistent, true)
  t.equal(sexConsistency('male', 'female', undefined).consistent, false)
  t.equal(sexConsistency('male', undefined, ['X']).consistent, false)
  t.match(sexConsistency('male', undefined, ['X']).note, /female by amelogenin/)
  t.equal(sexConsistency('female', undefined, undefined).consistent, null)
  const odd = sexConsistency('male', 'male', ['X', 'X'])
  t.equal(odd.consistent, false)
  t.match(odd.note, /disagree/)
})

t.test('a sex override: the declared sex decides, as in the search; amelogenin and the reason are still shown', async (t) => {
  const reason = { reason: 'AMEL-Y deletion confirmed by Y-STRs' }
  t.equal(sexConsistency('male', 'male', ['X', 'X']).consistent, false, 'without it the report excludes')
  const s = sexConsistency('male', 'male', ['X', 'X'], reason)
  t.equal(s.consistent, true)
  t.match(s, { person: 'male', amelogenin: 'female', sexOverride: reason })
  t.equal(sexConsistency('female', 'male', ['X', 'X'], reason).consistent, false, 'the declared sex must still fit')
})
