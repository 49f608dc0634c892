import t from 'tap'
import { genotypeIndex, missingPersonLrTable } from '../../../src/core/lr/genotype-lr-table.ts'
import type { KinshipCase, LrOptions } from '../../../src/core/pedigree/kinship-case.ts'
import { kinshipLr } from '../../../src/core/lr/kinship-lr.ts'
import { parseKinshipCaseFile } from '../../../src/core/pedigree/kinship-case-file.ts'
import { loadOracleCases } from '../../helpers/oracle-cases.ts'
import { NO_MUTATION, PEDIGREES, oneLocusCase, toyLocus } from '../../helpers/kinship.ts'

const STEPWISE: LrOptions = { ...NO_MUTATION, mutation: { male: { model: 'stepwise', rate: 0.01, range: 0.5, rate2: 0.001 }, female: { model: 'equal', rate: 0.004 } } }
const freqs = [0.1, 0.2, 0.3, 0.25, 0.15]
const locus = toyLocus(freqs)

t.test('the total is the product of the per-locus LRs', async (t) => {
  for (const { file, doc } of loadOracleCases()) {
    const { kcase, loci, options } = parseKinshipCaseFile(doc)
    const r = kinshipLr(kcase, loci, options)
    if (r.log10Lr === null) {
      t.ok(r.perLocus.some((l) => l.lr === 0), `${file}: a null total comes from a zero locus`)
      continue
    }
    const sum = r.perLocus.reduce((s, l) => s + Math.log10(l.lr), 0)
    t.ok(Math.abs(sum - r.log10Lr) < 1e-9, `${file}: Σ log10 per locus = total`)
  }
})

t.test('relabelling and reordering persons changes nothing', async (t) => {
  const kcase = oneLocusCase(PEDIGREES.uncle, { S: '1/3', GM: '2/3', MP: '3/5' })
  const base = kinshipLr(kcase, [locus], STEPWISE).perLocus[0].lr
  const rename = (id: string): string => `x-${id.toLowerCase()}`
  const renamed: KinshipCase = {
    persons: [...PEDIGREES.uncle].reverse().map((p) => ({ id: rename(p.id), sex: p.sex, ...(p.father !== undefined ? { father: rename(p.father), mother: rename(p.mother!) } : {}) })),
    missingPerson: rename('MP'),
    genotypes: Object.fromEntries(Object.entries(kcase.genotypes).map(([id, g]) => [rename(id), g]))
  }
  const again = kinshipLr(renamed, [locus], STEPWISE).perLocus[0].lr
  t.ok(Math.abs(again - base) <= 1e-14 * base, `${again} vs ${base}`)
})

t.test('relabelling alleles changes nothing (order-free models)', async (t) => {
  const options: LrOptions = { ...NO_MUTATION, theta: 0.02, mutation: { model: 'proportional', rate: 0.005 } }
  const kcase = oneLocusCase(PEDIGREES.fullSib, { S: '1/2', MP: '2/4', F: '2/3' })
  const base = kinshipLr(kcase, [locus], options).perLocus[0].lr
  // The same table with its alleles listed in another order and renamed.
  const order = [3, 0, 4, 2, 1]
  const name = (a: string): string => String(10 + order.indexOf(Number(a) - 1))
  const shuffled = { name: 'L1', alleles: order.map((i) => String(10 + order.indexOf(i))), frequencies: order.map((i) => freqs[i]) }
  const renamed = oneLocusCase(PEDIGREES.fullSib, Object.fromEntries(Object.entries({ S: '1/2', MP: '2/4', F: '2/3' }).map(([id, g]) => [id, g.split('/').map(name).join('/')])))
  const again = kinshipLr(renamed, [shuffled], options).perLocus[0].lr
  t.ok(Math.abs(again - base) <= 1e-13 * base, `${again} vs ${base}`)
})

t.test('Σ_g P(g)·LR(g) = 1: the LR is a proper likelihood ratio', async (t) => {
  for (const [name, refs] of Object.entries<Record<string, string>>({ duoFather: { AF: '1/2' }, uncle: { S: '2/3', GM: '1/3' }, halfSib: { S: '4/5' }, trio: { AF: '1/2', AM: '2/5' }, mpParent: { C1: '1/2', W: '2/2' } })) {
    const kcase = oneLocusCase(PEDIGREES[name], refs)
    let sum = 0
    for (let i = 0; i < freqs.length; i++) {
      for (let j = i; j < freqs.length; j++) {
        const g = { ...kcase, genotypes: { ...kcase.genotypes, MP: { L1: [String(i + 1), String(j + 1)] as const } } }
        sum += (i === j ? freqs[i] ** 2 : 2 * freqs[i] * freqs[j]) * kinshipLr(g, [locus], STEPWISE).perLocus[0].lr
      }
    }
    t.ok(Math.abs(sum - 1) < 1e-12, `${name}: ${sum}`)
  }
})

t.test('the genotype LR table equals the engine, genotype by genotype', async (t) => {
  for (const options of [STEPWISE, { ...STEPWISE, theta: 0.03 }]) {
    for (const [name, refs] of Object.entries<Record<string, string>>({ uncle: { S: '2/3', GM: '1/3' }, fullSib: { S: '1/5', F: '1/2' }, trio: { AF: '1/2', AM: '3/4' }, mpParent: { C1: '1/2', C2: '2/3', W: '3/3' }, twoSibs: { S1: '1/2', S2: '2/4' }, uncleOnly: { S: '1/4' } })) {
      const kcase = oneLocusCase(PEDIGREES[name === 'uncleOnly' ? 'uncle' : name], refs)
      const [table] = missingPersonLrTable(kcase, [locus], options)
      t.equal(table.informative, true)
      let worst = 0
      for (let i = 0; i < freqs.length; i++) {
        for (let j = i; j < freqs.length; j++) {
          const g = { ...kcase, genotypes: { ...kcase.genotypes, MP: { L1: [String(i + 1), String(j + 1)] as const } } }
          const want = kinshipLr(g, [locus], options).perLocus[0].lr
          worst = Math.max(worst, Math.abs(table.lr[genotypeIndex(i, j, freqs.length)] - want) / want)
        }
      }
      t.ok(worst < 1e-12, `${name}, θ = ${options.theta}: worst relative difference ${worst}`)
    }
  }
  const [uninformative] = missingPersonLrTable(oneLocusCase(PEDIGREES.trio, {}), [locus], NO_MUTATION)
  t.equal(uninformative.informative, false)
  t.ok(uninformative.lr.every((x) => x === 1))
})

t.test('a mutation model keeps a true family: inconsistent loci are counted, not zeroed', async (t) => {
  const kcase = oneLocusCase(PEDIGREES.trio, { AF: '2/2', AM: '4/4', MP: '3/4' })
  const without = kinshipLr(kcase, [locus], NO_MUTATION)
  t.equal(without.log10Lr, null)
  t.equal(without.inconsistentLoci, 1)
  const withModel = kinshipLr(kcase, [locus], STEPWISE)
  t.ok(withModel.perLocus[0].lr > 0 && withModel.perLocus[0].lr < 1, `small but positive: ${withModel.perLocus[0].lr}`)
  t.equal(withModel.perLocus[0].class, 'inconsistent')
  t.equal(withModel.inconsistentLoci, 1)
  const consistent = kinshipLr(oneLocusCase(PEDIGREES.trio, { AF: '2/3', AM: '4/4', MP: '3/4' }), [locus], STEPWISE)
  t.equal(consistent.perLocus[0].class, 'consistent')
})
