import t from 'tap'
import { canonicalJson } from '../../src/report/canonical-json.ts'

t.test('sorted keys, no whitespace, undefined dropped, stable through a JSON round trip', async (t) => {
  t.equal(canonicalJson({ b: 1, a: [true, null, 'x'] }), '{"a":[true,null,"x"],"b":1}')
  t.equal(canonicalJson({ z: { y: 2, x: undefined }, a: 'é"\n' }), '{"a":"é\\"\\n","z":{"y":2}}')
  t.equal(canonicalJson([undefined, 0.1 + 0.2, -0]), '[null,0.30000000000000004,0]')
  const value = { n: 1e-300, m: 123456789.123, s: '<script>', arr: [{ b: 2, a: 1 }] }
  t.equal(canonicalJson(JSON.parse(JSON.stringify(value))), canonicalJson(value))
})

t.test('what JSON cannot carry is refused', async (t) => {
  t.throws(() => canonicalJson({ a: Infinity }), /non-finite number Infinity at \$\.a/)
  t.throws(() => canonicalJson({ a: [NaN] }), /\$\.a\[0\]/)
  t.throws(() => canonicalJson({ f: () => 1 }), TypeError)
})
