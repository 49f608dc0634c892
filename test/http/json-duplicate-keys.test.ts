import t from 'tap'
import { HomewardError } from '../../src/core/errors.ts'
import { assertUniqueKeys, MAX_JSON_DEPTH } from '../../src/http/json-duplicate-keys.ts'

/** The refusal message for a JSON text, or 'accepted'. */
function verdict (text: string): string {
  JSON.parse(text) // the scanner is only ever given text JSON.parse accepted
  try {
    assertUniqueKeys(text)
    return 'accepted'
  } catch (err) {
    if (!(err instanceof HomewardError)) throw err
    t.equal(err.code, 'BAD_REQUEST')
    return err.message
  }
}

t.test('a key given twice is refused at any depth, naming the key and the path', async (t) => {
  t.match(verdict('{"id":"A","sex":"male","id":"B"}'), /^duplicate key "id" in body: JSON keeps only the last value/)
  t.match(verdict('{"id":"A","profile":{"TH01":["6"],"FGA":["20"],"TH01":["7"]}}'), /duplicate key "TH01" in body\.profile:/)
  t.match(verdict('{"relatives":[{"id":"f"},{"id":"m","profile":{"vWA":["14"],"vWA":["15"]}}]}'), /duplicate key "vWA" in body\.relatives\[1\]\.profile:/)
  t.match(verdict('[[1,2],{"a":{"Penta D":{"x":1,"x":2}}}]'), /duplicate key "x" in body\[1\]\.a\["Penta D"\]:/)
  t.match(verdict('{"id":"A","\\u0069d":"B"}'), /duplicate key "id"/, 'keys are compared decoded')
  t.match(verdict('{"a\\"b":1,"a\\"b":2}'), /duplicate key "a\\"b"/, 'escaped quotes inside keys')
})

t.test('what is not a duplicate passes', async (t) => {
  t.equal(verdict('{"id":"A","nested":{"id":"B"},"list":[{"id":"C"},{"id":"C"}]}'), 'accepted', 'the same key in different objects')
  t.equal(verdict('{"a":"{\\"a\\":1,\\"a\\":2}","b":"\\\\"}'), 'accepted', 'braces, quotes and backslashes inside strings')
  t.equal(verdict('{"a":1,"A":2,"é":3,"e\u0301":4}'), 'accepted', 'keys differ by case or normalisation (the id rule deals with ids)')
  t.equal(verdict('{"x":["id","id"],"y":{"k":"id","id":"k"}}'), 'accepted', 'values equal to keys')
  t.equal(verdict('[]'), 'accepted')
  t.equal(verdict('"text"'), 'accepted')
  t.equal(verdict('{}'), 'accepted')
})

t.test('nesting is bounded, and the pass is linear', async (t) => {
  t.equal(verdict('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)), 'accepted')
  t.match(verdict('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)), /nested deeper than 64 levels/)
  // 100,000 distinct keys and a 1 MB string: well under a second if linear (a quadratic pass takes minutes)
  const wide = '{' + Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',') + ',"s":"' + 'x'.repeat(1_000_000) + '"}'
  const start = performance.now()
  t.equal(verdict(wide), 'accepted')
  t.ok(performance.now() - start < 2000, `100,000 keys in ${Math.round(performance.now() - start)} ms`)
  t.match(verdict(wide.slice(0, -1) + ',"k99999":0}'), /duplicate key "k99999"/)
})
