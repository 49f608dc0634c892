import t from 'tap'
import { verbalEquivalent } from '../../src/report/verbal-scale.ts'

t.test('ENFSI bands include their lower bound, mirrored below 1', async (t) => {
  const strength = (log10: number | null): string => verbalEquivalent(log10).split(' support')[0]
  t.equal(strength(6), 'extremely strong')
  t.equal(strength(5.999), 'very strong')
  t.equal(strength(4), 'very strong')
  t.equal(strength(4 - 1e-14), 'very strong', 'a sum of logs equal to 4 up to rounding')
  t.equal(strength(3.99), 'strong')
  t.equal(strength(3), 'strong')
  t.equal(strength(2), 'moderately strong')
  t.equal(strength(1), 'moderate')
  t.equal(strength(0.999), 'weak')
  t.equal(strength(Math.log10(2)), 'weak')
  t.match(verbalEquivalent(0.2), /no meaningful support/) // LR 1.58
  t.match(verbalEquivalent(0), /no meaningful support/)
  t.match(verbalEquivalent(-0.2), /no meaningful support/)
  t.equal(verbalEquivalent(-4), 'very strong support for the person being unrelated to the family rather than the person being the missing person')
  t.equal(verbalEquivalent(4), 'very strong support for the person being the missing person rather than the person being unrelated to the family')
  t.match(verbalEquivalent(null), /exclude/)
})
