import t from 'tap'
import { terminalSafe, terminalSafeJson } from '../../src/cli/terminal-text.ts'

t.test('terminalSafe shows C0, DEL, C1 and BIDI controls as \\u escapes and leaves other text alone', async (t) => {
  t.equal(terminalSafe('U1\u001b[2J'), 'U1\\u001b[2J')
  t.equal(terminalSafe('a\u009b31mb\u007f\u202ec\u2066d\u200fe\u061c\u2028\n\t'), 'a\\u009b31mb\\u007f\\u202ec\\u2066d\\u200fe\\u061c\\u2028\\u000a\\u0009')
  t.equal(terminalSafe('粤A-2024-0042 José vWA 9.3'), '粤A-2024-0042 José vWA 9.3')
})

t.test('terminalSafeJson: the same JSON value, with nothing a terminal acts on', async (t) => {
  const value = { id: 'U1\u001b[2J\u202eX\u009b31m\u2029', n: [1, 'é'] }
  const safe = terminalSafeJson(JSON.stringify(value))
  // eslint-disable-next-line no-control-regex -- looking for control characters is the test
  t.notMatch(safe, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2028\u2029]/)
  t.same(JSON.parse(safe), value)
  t.equal(terminalSafeJson(JSON.stringify({ id: 'a\u202eb' })), '{"id":"a\\u202eb"}')
})
