import t from 'tap'
import { parseKinshipCaseFile } from '../../../src/core/pedigree/kinship-case-file.ts'
import { kinshipLr } from '../../../src/core/lr/kinship-lr.ts'
import { loadOracleCases, relativeDifference } from '../../helpers/oracle-cases.ts'

// Every case computed by forrel/pedprobr and Familias must be reproduced to 1e-9 per locus and in total.
const cases = loadOracleCases()

t.ok(cases.length >= 12, 'the oracle cases are in fixtures')

for (const { file, doc } of cases) {
  t.test(file, async (t) => {
    const { kcase, loci, options } = parseKinshipCaseFile(doc)
    const result = kinshipLr(kcase, loci, options)
    const byLocus = new Map(result.perLocus.map((l) => [l.locus, l]))
    t.same([...byLocus.keys()].sort(), Object.keys(doc.expected.perLocus).sort(), 'same loci')
    for (const [locus, expected] of Object.entries(doc.expected.perLocus)) {
      const got = byLocus.get(locus)!
      t.ok(relativeDifference(got.lr, expected) <= 1e-9, `${locus}: ${got.lr} vs ${expected}`)
      t.equal(got.log10Lr === null, expected === 0, `${locus}: exclusion iff expected 0`)
    }
    const total = result.log10Lr === null ? 0 : 10 ** result.log10Lr
    t.ok(relativeDifference(total, doc.expected.total) <= 1e-9, `total ${total} vs ${doc.expected.total}`)
  })
}
