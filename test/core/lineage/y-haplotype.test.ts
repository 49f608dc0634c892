import t from 'tap'
import { HomewardError } from '../../../src/core/errors.ts'
import { parseYHaplotype } from '../../../src/core/lineage/y-haplotype.ts'
import { lookupYLocus, Y_KITS, Y_LOCI } from '../../../src/core/lineage/y-loci.ts'

function refusal (fn: () => unknown): HomewardError {
  try { fn() } catch (err) { if (err instanceof HomewardError) return err; throw err }
  throw new Error('not refused')
}

t.test('kits: Yfiler 17, Yfiler Plus 27, PowerPlex Y23 23 loci, multi-copy loci counted twice', async (t) => {
  const count = (loci: readonly string[]): number => loci.reduce((n, l) => n + (l === 'DYS385' || l === 'DYF387S1' ? 2 : 1), 0)
  t.equal(count(Y_KITS.Yfiler), 17)
  t.equal(count(Y_KITS['Yfiler Plus']), 27)
  t.equal(count(Y_KITS['PowerPlex Y23']), 23)
  t.equal(Y_LOCI.length, 27) // Yfiler Plus's 25 names and PowerPlex Y23's DYS549, DYS643
})

t.test('locus spellings', async (t) => {
  t.same(lookupYLocus('Y GATA H4'), { locus: 'Y-GATA-H4' })
  t.same(lookupYLocus('YGATAH4'), { locus: 'Y-GATA-H4' })
  t.same(lookupYLocus('dys389 ii'), { locus: 'DYS389II' })
  t.same(lookupYLocus('DYS385a/b'), { locus: 'DYS385' })
  t.same(lookupYLocus('DYS385 b'), { locus: 'DYS385', copy: 'b' })
  t.same(lookupYLocus('DYS387S1a'), { locus: 'DYF387S1', copy: 'a' })
  t.equal(lookupYLocus('DYS19a'), undefined) // a single-copy locus has no copies
  t.equal(lookupYLocus('D3S1358'), undefined)
})

t.test('a haplotype: canonical names, sorted values, multi-copy sets, null, duplication, intermediate alleles', async (t) => {
  const h = parseYHaplotype({
    DYS19: 14,
    'DYS385a/b': '14,11',
    'Y GATA H4': '12',
    DYS387S1a: '36',
    DYS387S1b: 37,
    DYS448: 'NULL',
    DYS390: ['24', '23'],
    DYS458: '17.2',
    DYS439: '12,12'
  }, { sample: 'R1' })
  t.same(h, {
    DYF387S1: ['36', '37'],
    DYS19: ['14'],
    DYS385: ['11', '14'],
    DYS390: ['23', '24'], // a duplicated single-copy locus keeps both
    DYS439: ['12'], // a duplication of one length is not seen
    DYS448: ['null'],
    DYS458: ['17.2'],
    'Y-GATA-H4': ['12']
  })
  t.same(parseYHaplotype({ DYS385: '13' }).DYS385, ['13', '13'], 'one peak at a multi-copy locus: both copies')
  t.same(parseYHaplotype({ DYS385a: '13', DYS385b: '13' }).DYS385, ['13', '13'])
})

t.test('every malformed call is refused at once, naming sample, locus and value', async (t) => {
  const err = refusal(() => parseYHaplotype({
    DYS19: 'OL',
    DYS999: '12',
    DYS390: '21,22,23',
    DYS385a: '11',
    dys391: '10',
    DYS391: '10',
    DYS392: '',
    DYS393: 'null,13',
    DYS437: '208'
  }, { sample: 'UHR-7' }))
  t.equal(err.problems.length, 8)
  const by = (locus: string): HomewardError | undefined => err.problems.find((p) => p.details.locus === locus)
  t.match(by('DYS19')!, { code: 'INVALID_ALLELE', details: { sample: 'UHR-7', allele: 'OL' } })
  t.match(by('DYS999')!, { code: 'UNKNOWN_LOCUS', details: { sample: 'UHR-7' } })
  t.match(by('DYS390')!, { code: 'INVALID_HAPLOTYPE', details: { sample: 'UHR-7', value: '21,22,23' } })
  t.match(by('DYS390')!.message, /3 alleles.*sample UHR-7.*locus DYS390.*single-copy/)
  t.match(by('DYS385a')!.message, /one copy of DYS385/)
  t.match(by('DYS391')!.message, /given twice/)
  t.match(by('DYS392')!, { code: 'INVALID_HAPLOTYPE', details: { sample: 'UHR-7' } })
  t.match(by('DYS393')!.message, /null allele beside other values/)
  t.match(by('DYS437')!, { code: 'INVALID_ALLELE', details: { allele: '208' } })
  t.match(err.message, /^8 problems/)
})

t.test('more than four values at a multi-copy locus is a mixture', async (t) => {
  const err = refusal(() => parseYHaplotype({ DYS385: '11,12,13,14,15' }, { sample: 'S' }))
  t.match(err, { code: 'INVALID_HAPLOTYPE', details: { sample: 'S', locus: 'DYS385', value: '11,12,13,14,15' } })
})
