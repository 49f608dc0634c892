import t from 'tap'
import { HomewardError } from '../../../src/core/errors.ts'
import { parseMitoProfile } from '../../../src/core/lineage/mito-profile.ts'
import { overlapRanges, parseMitoRange } from '../../../src/core/lineage/mito-range.ts'

function refusal (fn: () => unknown): HomewardError {
  try { fn() } catch (err) { if (err instanceof HomewardError) return err; throw err }
  throw new Error('not refused')
}
const variantsOf = (range: string, variants: string): readonly string[] => parseMitoProfile({ range, variants }).variants

t.test('ranges: several stretches, wrapping through the origin, pairs', async (t) => {
  t.same(parseMitoRange('16024-16569 1-576'), [[1, 576], [16024, 16569]])
  t.same(parseMitoRange('16024-576'), [[1, 576], [16024, 16569]])
  t.same(parseMitoRange([[16024, 16365], [73, 340]]), [[73, 340], [16024, 16365]])
  t.same(parseMitoRange('1-100, 90-200'), [[1, 200]])
  t.same(overlapRanges([[16024, 16400]], [[16100, 16569]]), [[16100, 16400]])
})

t.test('variants: canonical EMPOP text, sorted by position; deletions written DEL', async (t) => {
  const p = parseMitoProfile({ range: '16024-576', variants: '16223t 263G 249- T16519C 16093Y 73G 152del' }, { sample: 'M1' })
  t.same(p.variants, ['73G', '152DEL', '249DEL', '263G', '16093Y', '16223T', '16519C'])
  t.same(parseMitoProfile({ range: '16024-16569', variants: ['16189C', '16193.1C'] }).variants, ['16189C', '16193.1C'])
  t.same(parseMitoProfile({ range: '1-576', variants: '' }).variants, [], 'identical to the rCRS over the range')
})

t.test('C-stretch length variants: two notations of one sequence compare equal (3′ placement)', async (t) => {
  // HV2 C^8 T C^5: an extra C in the first run, written at the run's 3′ end whatever the notation.
  t.same(variantsOf('1-576', '303.1C'), ['309.1C'])
  t.same(variantsOf('1-576', '302.1C'), ['309.1C'])
  t.same(variantsOf('1-576', '309.1C'), ['309.1C'])
  t.same(variantsOf('1-576', '305.1C 306.1C'), ['309.1C', '309.2C'])
  // one C fewer in the first run
  t.same(variantsOf('1-576', '303DEL'), ['309DEL'])
  // the second run one longer: 315.1C whatever the insertion point inside it
  t.same(variantsOf('1-576', '311.1C'), ['315.1C'])
  // T310C: one C-run of 13, written 310C; one more C, at the stretch's 3′ end
  t.same(variantsOf('1-576', '310C 303.1C'), ['310C', '315.1C'])
  // HV1: 16189C with an extra C, from either end
  t.same(variantsOf('16024-16569', '16189C 16184.1C'), ['16189C', '16193.1C'])
  t.same(variantsOf('16024-16569', '16189C 16193.1C'), ['16189C', '16193.1C'])
  // HV3 568-573
  t.same(variantsOf('1-576', '568.1C'), ['573.1C'])
  // a stretch holding another base (a heteroplasmy) is left as given
  t.same(variantsOf('1-576', '303.1C 310Y'), ['303.1C', '310Y'])
})

t.test('every malformed mitotype call is refused at once, naming sample, position and value', async (t) => {
  const err = refusal(() => parseMitoProfile({
    range: '16024-16365',
    variants: '16223N 263G 16300X 16111D 16129A 16129G 99999T 16140.1DEL foo'
  }, { sample: 'UHR-9' }))
  t.equal(err.code, 'INVALID_MITOTYPE')
  t.equal(err.problems.length, 8)
  const at = (position: number): HomewardError[] => err.problems.filter((p) => p.details.position === position)
  t.match(at(16223)[0], { details: { sample: 'UHR-9', value: '16223N' } })
  t.match(at(16223)[0].message, /N is an unread base/)
  t.match(at(263)[0].message, /263G at position 263 is outside the sequenced range 16024-16365 \(sample UHR-9\)/)
  t.match(at(16300)[0].message, /"X" is not a base/)
  t.match(at(16111)[0].message, /D is ambiguous/)
  t.match(at(16129)[0].message, /two calls at position 16129 \(16129A, 16129G\)/)
  t.match(at(99999)[0].message, /position 99999 is not one of 1…16569/)
  t.match(at(16140)[0].message, /an insertion cannot be a deletion/)
  t.ok(err.problems.some((p) => p.details.value === 'foo' && /not EMPOP notation/.test(p.message)))
})

t.test('bad ranges are refused naming the value', async (t) => {
  t.match(refusal(() => parseMitoProfile({ range: '16024-17000', variants: '' }, { sample: 'S' })),
    { code: 'INVALID_MITOTYPE', details: { sample: 'S', field: 'range', value: '16024-17000' } })
  t.match(refusal(() => parseMitoProfile({ range: 'HV1', variants: '' }, { sample: 'S' })).message, /range "HV1" is not start-end/)
  t.match(refusal(() => parseMitoProfile({ range: '', variants: '' }, { sample: 'S' })).message, /no sequenced range/)
  t.match(refusal(() => parseMitoProfile({ range: [[0, 10]], variants: '' }, { sample: 'S' })).message, /position 0 is not one of/)
})
