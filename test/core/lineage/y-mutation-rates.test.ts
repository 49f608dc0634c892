import t from 'tap'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Y_MUTATION_COUNTS, yMutationRate, DEFAULT_Y_MUTATION_RATE } from '../../../src/core/lineage/y-mutation-rates.ts'
import { lookupYLocus, Y_KITS } from '../../../src/core/lineage/y-loci.ts'

const fixture = (name: string): string[][] => readFileSync(fileURLToPath(new URL(`../../../fixtures/lineage/${name}`, import.meta.url)), 'utf8')
  .trim().split('\n').slice(1).map((l) => l.split('\t'))

t.test('the rates are the YHRD table of fixtures/lineage, copy for copy', async (t) => {
  const rows = fixture('yhrd-mutation-rates.tsv')
  t.equal(rows.length, 29)
  for (const [marker, mutations, meioses] of rows) {
    const locus = lookupYLocus(marker)!.locus // DYS385a → DYS385
    t.same(Y_MUTATION_COUNTS[locus], { mutations: Number(mutations), meioses: Number(meioses) }, marker)
  }
  t.equal(Object.keys(Y_MUTATION_COUNTS).length, 27)
  t.equal(yMutationRate('DYS19'), 36 / 16090)
  t.equal(yMutationRate('DYS999'), DEFAULT_Y_MUTATION_RATE)
})

t.test('the kits are those of fixtures/lineage/y-kits.tsv', async (t) => {
  const rows = fixture('y-kits.tsv')
  for (const kit of ['Yfiler', 'Yfiler Plus', 'PowerPlex Y23'] as const) {
    const loci = new Set(rows.filter((r) => r[1] === kit).map((r) => lookupYLocus(r[0])!.locus))
    t.same([...loci].sort(), [...Y_KITS[kit]].sort(), kit)
  }
})
