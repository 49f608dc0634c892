import t from 'tap'
import { lrText, posteriorText, probabilityText, scientificFromLog10, scientificText } from '../../src/report/format-number.ts'

t.test('scientific notation from log10', async (t) => {
  t.same(scientificFromLog10(Math.log10(18710)), { mantissa: '1.87', exponent: 4 })
  t.same(scientificFromLog10(-5.426027627436605), { mantissa: '3.75', exponent: -6 }) // 10^0.573972 = 3.7497
  // 9.996 × 10^2 rounds to 10.0 at three digits: carried into the exponent
  t.same(scientificFromLog10(Math.log10(999.6)), { mantissa: '1.00', exponent: 3 })
  t.same(scientificFromLog10(300.5), { mantissa: '3.16', exponent: 300 }, 'no overflow past 10^308 either')
  t.equal(scientificText({ mantissa: '1.87', exponent: 0 }), '1.87')
  t.equal(scientificText({ mantissa: '1.87', exponent: -3 }), '1.87 × 10^-3')
  t.throws(() => scientificFromLog10(Infinity), RangeError)
})

t.test('table LRs: plain between 0.001 and 100,000, scientific outside, 0 for an exclusion', async (t) => {
  t.equal(lrText(Math.log10(1.4684426389)), '1.468')
  t.equal(lrText(Math.log10(0.007184145993075535)), '0.007184')
  t.equal(lrText(Math.log10(23663.2)), '23663')
  t.equal(lrText(5), '1.00 × 10^5')
  t.equal(lrText(-3.5), '3.16 × 10^-4')
  t.equal(lrText(null), '0')
})

t.test('posterior text keeps values next to 1 apart', async (t) => {
  t.equal(posteriorText(0.5, 0), '0.5000')
  // odds 10^6: 1 − P = 1/(1 + 10^6) = 9.99999 × 10^-7
  t.equal(posteriorText(1 - 1 / (1 + 1e6), 6), '1 − 1.00 × 10^-6')
  t.equal(posteriorText(1, 20), '1 − 1.00 × 10^-20')
  t.equal(posteriorText(0, null), '0')
})

t.test('priors as fractions', async (t) => {
  t.equal(probabilityText(1 / 250), '1/250 (0.00400)')
  t.equal(probabilityText(0.3), '0.300')
})
