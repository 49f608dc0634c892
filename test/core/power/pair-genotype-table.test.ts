// The joint genotype table of a relative and the missing person (nextRelatives' exact projection): hand-derived
// values, and the compatibility without mutation read off the reduced allele set equals the full table's zeros.
import t from 'tap'
import { prepareLocus, preparePedigree, locusPersons, withoutMutation } from '../../../src/core/pedigree/case-locus.ts'
import type { KinshipCase, LrOptions } from '../../../src/core/pedigree/kinship-case.ts'
import { pairCompatibility, pairGenotypeTable } from '../../../src/core/power/pair-genotype-table.ts'
import { genotypeIndex } from '../../../src/core/lr/genotype-lr-table.ts'
import { NO_MUTATION, PEDIGREES, toyLocus } from '../../helpers/kinship.ts'

function tableOf (kcase: KinshipCase, relative: string, frequencies: number[], options: LrOptions) {
  const locus = toyLocus(frequencies)
  const prepared = prepareLocus(locus, kcase, options)
  const pedigree = preparePedigree(kcase)
  const persons = locusPersons(pedigree, kcase, prepared, 'L1', 'H1', null)
  return { prepared, persons, a: pedigree.index.get(relative)!, b: pedigree.missing }
}

t.test('father and child, no one typed, two alleles of ½: P(father, child) by hand', async (t) => {
  const kcase: KinshipCase = { persons: PEDIGREES.trio, missingPerson: 'MP', genotypes: {} }
  const { prepared, persons, a, b } = tableOf(kcase, 'AF', [0.5, 0.5], NO_MUTATION)
  const { joint, size } = pairGenotypeTable(persons, prepared.params, a, b)
  const total = joint.reduce((x, y) => x + y, 0)
  const p = (r: [number, number], g: [number, number]): number => joint[genotypeIndex(...r, 2) * size + genotypeIndex(...g, 2)] / total
  t.ok(Math.abs(p([0, 0], [0, 0]) - 0.125) < 1e-15, 'father 1/1 (¼), passes 1, mother passes 1 (½)')
  t.ok(Math.abs(p([0, 1], [0, 1]) - 0.25) < 1e-15, 'father 1/2 (½), child 1/2 with probability ½')
  t.equal(p([0, 0], [1, 1]), 0, 'father 1/1 cannot have a 2/2 child without mutation')
})

t.test('compatibility without mutation from typed alleles plus four stand-ins equals the zeros of the full table', async (t) => {
  // Six alleles, two typed: the reduced pedigree has 2 + 4 alleles, yet every (relative, child) pair is classed as the full one does.
  const frequencies = [0.3, 0.2, 0.15, 0.15, 0.1, 0.1]
  const stepwise: LrOptions = { theta: 0, mutation: { model: 'stepwise', rate: 0.005, range: 0.1, rate2: 0 }, unknownAllele: { rule: 'fixed', frequency: 0.001 } }
  const cases: Array<[KinshipCase, string]> = [
    [{ persons: PEDIGREES.duoFather, missingPerson: 'MP', genotypes: { AF: { L1: ['2', '5'] } } }, 'M'],
    [{ persons: PEDIGREES.grandparent, missingPerson: 'MP', genotypes: { GM: { L1: ['1', '3'] }, S: { L1: ['3', '3'] } } }, 'F']
  ]
  for (const [kcase, relative] of cases) {
    const { prepared, persons, a, b } = tableOf(kcase, relative, frequencies, stepwise)
    const plain = pairGenotypeTable(persons, withoutMutation(prepared.params), a, b)
    const compatible = pairCompatibility(persons, prepared.params.n, a, b)
    let mismatches = 0
    let possible = 0
    for (let k = 0; k < compatible.length; k++) {
      if ((plain.joint[k] > 0 ? 1 : 0) !== compatible[k]) mismatches++
      possible += compatible[k]
    }
    t.equal(mismatches, 0, `${relative}: no pair classed otherwise`)
    t.ok(possible > 0 && possible < compatible.length, 'some pairs possible, some not')
  }
})
