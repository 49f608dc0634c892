import t from 'tap'
import { canonicalAllele, compareAlleles } from '../../../src/core/markers/allele.ts'
import { HomewardError } from '../../../src/core/errors.ts'

t.test('canonical allele text', async (t) => {
  t.equal(canonicalAllele('12.0'), '12')
  t.equal(canonicalAllele(' 9.3 '), '9.3')
  t.equal(canonicalAllele('08'), '8')
  t.equal(canonicalAllele('8.3000000000000007'), '8.3')
  t.equal(canonicalAllele('31.2'), '31.2')
  t.equal(canonicalAllele(15), '15')
})

t.test('not an allele', async (t) => {
  for (const bad of ['OL', '?', '<6', '>15', '', '  ', 'X', '1e3']) {
    t.throws(() => canonicalAllele(bad, { locus: 'TH01', sample: 'S1' }), HomewardError, bad)
  }
  const err = t.throws(() => canonicalAllele('OL', { locus: 'TH01', sample: 'S1' })) as HomewardError
  t.match(err.message, /off-ladder.*sample S1.*locus TH01/)
  t.equal(err.code, 'INVALID_ALLELE')
})

t.test('numeric order', async (t) => {
  t.same(['10', '9.3', '9', '11'].sort(compareAlleles), ['9', '9.3', '10', '11'])
})

t.test('a profile allele is a plausible repeat number', async (t) => {
  const { profileAllele } = await import('../../../src/core/markers/allele.ts')
  t.equal(profileAllele('9.30'), '9.3')
  t.equal(profileAllele('31.2'), '31.2')
  t.equal(profileAllele('1'), '1')
  t.equal(profileAllele('99'), '99')
  for (const bad of ['999.123', '100', '208', '0', '12.34', '0.5']) {
    const err = t.throws(() => profileAllele(bad, { locus: 'vWA', sample: 'S1' })) as HomewardError
    t.equal(err.code, 'INVALID_ALLELE', bad)
    t.match(err.message, /not a plausible repeat number/)
    t.match(err.message, /vWA/)
  }
})
