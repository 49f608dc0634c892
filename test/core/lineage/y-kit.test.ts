// The smallest Y-STR kit a haplotype's loci fit in, or none when they come from two kits.
import t from 'tap'
import { yKitOf } from '../../../src/core/lineage/y-kit.ts'
import { Y_KITS } from '../../../src/core/lineage/y-loci.ts'

t.test('the smallest kit holding every typed locus', async (t) => {
  t.match(yKitOf(Y_KITS.Yfiler), { kit: 'Yfiler', typed: 16 }, 'Yfiler, though Yfiler Plus and PowerPlex Y23 hold its loci too')
  t.equal(yKitOf(Y_KITS.Yfiler)?.loci.length, 16)
  t.match(yKitOf(['DYS19', 'DYS385', 'DYS643']), { kit: 'PowerPlex Y23', typed: 3 })
  t.equal(yKitOf(['DYS19', 'DYS385', 'DYS643'])?.loci.length, 22)
  t.match(yKitOf(Y_KITS['Yfiler Plus']), { kit: 'Yfiler Plus', typed: 25 })
})

t.test('no kit for loci of two kits, or for none', async (t) => {
  t.equal(yKitOf(['DYS643', 'DYS627']), undefined, 'DYS643 is only in PowerPlex Y23, DYS627 only in Yfiler Plus')
  t.equal(yKitOf([]), undefined)
})
