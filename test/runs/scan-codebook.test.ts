// Allele codes of alleles outside the table are handed out once and mean the same in every process.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { createAlleleCodebook } from '../../src/runs/scan-codebook.ts'
import { UNTYPED } from '../../src/core/simulation/simulate-population.ts'
import { openDatabase } from '../../src/storage/database.ts'
import { SCAN_TEST_LOCI } from '../helpers/scan-loci.ts'

t.test('two connections extending one codebook agree on every code', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-codebook-'))
  const file = join(dir, 'h.sqlite')
  const a = openDatabase(file)
  const b = openDatabase(file)
  t.teardown(() => { a.close(); b.close(); rmSync(dir, { recursive: true, force: true }) })
  const locus = SCAN_TEST_LOCI[0]
  const base = locus.alleles.length
  const inA = createAlleleCodebook(a, 'T@1', SCAN_TEST_LOCI)
  const inB = createAlleleCodebook(b, 'T@1', SCAN_TEST_LOCI)
  const codes = (book: typeof inA, x: string, y: string): number[] => [...book.encode({ [locus.name]: [x, y] }).subarray(0, 2)]

  t.same(codes(inA, locus.alleles[0], '99'), [0, base], 'A gives 99 the first extra code')
  t.same(codes(inB, locus.alleles[0], '98'), [0, base + 1], 'B, which had not seen 99, learns it and gives 98 the next code')
  t.same(codes(inA, '98', '99'), [base, base + 1], 'A reads 98\'s code from B instead of handing out its own')
  t.same(codes(inB, '99', '99'), [base, base], 'and B reads 99\'s from A')
  t.same(inA.dict.alleles[0], inB.dict.alleles[0], 'one dictionary in both')
  const restarted = createAlleleCodebook(a, 'T@1', SCAN_TEST_LOCI)
  t.same(codes(restarted, '98', '99'), [base, base + 1], 'a restart reads the same codes')
  t.equal(inA.encode({})[0], UNTYPED, 'an untyped locus is UNTYPED')
})
