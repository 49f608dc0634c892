// Allele codes are computed from the locus models: the same in every process and after every restart,
// with no write, and no upload can use them up (issue 15, items 1 and 3).
import t from 'tap'
import { createAlleleCodebook, OTHER_ALLELE } from '../../../src/core/screening/allele-codebook.ts'
import { UNTYPED } from '../../../src/core/simulation/simulate-population.ts'
import { SCAN_TEST_LOCI } from '../../helpers/scan-loci.ts'

const TH01 = SCAN_TEST_LOCI[0] // 6 7 8 9 9.3 10

t.test('the table\'s alleles are their positions; extras follow nearest to the table\'s range first', async (t) => {
  const book = createAlleleCodebook(SCAN_TEST_LOCI)
  TH01.alleles.forEach((a, i) => t.equal(book.codeOf(0, a), i, `TH01 ${a}`))
  t.equal(book.codeOf(0, '6.1'), 6, 'the first allele of the range the table lacks gets the first extra code')
  t.equal(book.codeOf(0, '6.2'), 7)
  t.equal(book.codeOf(0, '9.1'), 6 + 4 + 4 + 4, 'after 6.1–6.4, 7.1–7.4 and 8.1–8.4')
  t.equal(book.codeOf(0, '9.4'), 6 + 4 + 4 + 4 + 2, '9.3 is in the table: 9.1, 9.2, then 9.4')
  t.ok(book.codeOf(0, '11') > book.codeOf(0, '10.4'), 'one repeat outside the range comes after everything inside it')
  t.ok(book.codeOf(0, '5') < book.codeOf(0, '12'), 'and before two repeats out')
  for (const odd of ['150', '9.123', '0', '7.5', '100']) t.equal(book.codeOf(0, odd), OTHER_ALLELE, `${odd}: no code of its own`)
  t.equal(book.codeOf(0, '99.4'), OTHER_ALLELE, 'beyond the byte: the shared code')
  t.same(book.dict.base, SCAN_TEST_LOCI.map((l) => l.alleles.length))
})

t.test('two codebooks that see alleles in a different order agree, and the dictionary names every code used', async (t) => {
  const seen = ['11.1', '13', '5', '9.2', '45', '150', '6.3']
  const a = createAlleleCodebook(SCAN_TEST_LOCI)
  const b = createAlleleCodebook(SCAN_TEST_LOCI)
  const inA = seen.map((x) => a.codeOf(0, x))
  const inB = [...seen].reverse().map((x) => b.codeOf(0, x)).reverse()
  t.same(inA, inB, 'one code per allele, whatever the order')
  t.same(a.dict.alleles[0], b.dict.alleles[0], 'and one dictionary')
  seen.forEach((x, i) => { if (inA[i] !== OTHER_ALLELE) t.equal(a.dict.alleles[0][inA[i]], x, `code ${inA[i]} is named ${x}`) })
  t.ok(a.dict.alleles[0].length <= OTHER_ALLELE, 'a dictionary never reaches the shared code')
  t.equal(a.dict.alleles[1].length, SCAN_TEST_LOCI[1].alleles.length, 'a locus without extras seen keeps the table\'s size')
})

t.test('encode: smaller code first, UNTYPED where untyped', async (t) => {
  const book = createAlleleCodebook(SCAN_TEST_LOCI)
  const codes = book.encode({ TH01: ['9.3', '6'], vWA: ['150', '14'] })
  t.same([...codes], [0, 4, UNTYPED, UNTYPED, UNTYPED, UNTYPED, 0, OTHER_ALLELE, UNTYPED, UNTYPED])
})

t.test('10^4 hostile alleles: the codes of every plausible allele stay what they were', async (t) => {
  const fresh = createAlleleCodebook(SCAN_TEST_LOCI)
  const flooded = createAlleleCodebook(SCAN_TEST_LOCI)
  let hostile = 0
  for (let i = 0; hostile < 10_000; i++) {
    for (let l = 0; l < SCAN_TEST_LOCI.length; l++, hostile++) {
      flooded.encode({ [SCAN_TEST_LOCI[l].name]: [`${100 + (i % 900)}.${i}`, `${1 + (i % 99)}.${1 + (i % 4)}`] })
    }
  }
  let differ = 0
  for (let l = 0; l < SCAN_TEST_LOCI.length; l++) {
    for (let n = 1; n <= 60; n++) for (const f of ['', '.1', '.2', '.3', '.4']) if (flooded.codeOf(l, `${n}${f}`) !== fresh.codeOf(l, `${n}${f}`)) differ++
    t.ok(flooded.dict.alleles[l].length <= OTHER_ALLELE, `${SCAN_TEST_LOCI[l].name}: ${flooded.dict.alleles[l].length} codes at most`)
  }
  t.equal(differ, 0, 'no code was taken from a later, legitimate allele')
  t.ok(flooded.codeOf(3, '11.1') < OTHER_ALLELE, 'vWA 11.1 still has a code of its own')
})
