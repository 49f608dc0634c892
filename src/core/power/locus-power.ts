import { fail } from '../errors.ts'
import { missingPersonLrTable, type LocusLrTable } from '../lr/genotype-lr-table.ts'
import type { KinshipCase, LocusModel, LrOptions } from '../pedigree/kinship-case.ts'
import type { LocusAtoms } from './log-lr-distribution.ts'

/** What one locus contributes to a family's power, for the true child (H1) and an unrelated person (H2). */
export interface LocusPower {
  locus: string
  /** False when no reference is typed here (LR 1 for everyone). */
  informative: boolean
  /** log10 LR of each distinct LR value, weighted by P(genotype | references, H1). */
  trueChild: LocusAtoms
  /** The same values weighted by P(genotype | references, H2). */
  unrelated: LocusAtoms
  /** P(the true child is inconsistent here without mutation): what the rule of inconsistent loci counts. */
  trueInconsistent: number
  /** P(an unrelated person is inconsistent here without mutation): the locus's exclusion power. */
  unrelatedInconsistent: number
  /** E[log10 LR] and Var[log10 LR] of the true child here (finite: a genotype of LR 0 has H1 probability 0). */
  trueMean: number
  trueVariance: number
}

const NO_MUTATION_OPTIONS = (options: LrOptions): LrOptions => ({ ...options, theta: 0, mutation: { model: 'none' } })

/**
 * Per locus, from the engine's exact genotype tables: the true child's genotype probabilities are
 * LR(g)·P(g | refs, H2) (they sum to 1 because the references have the same probability under both hypotheses);
 * a genotype is inconsistent where its LR without mutation is 0. That second table is computed at θ = 0: θ
 * changes no probability to or from 0, so the set of inconsistent genotypes is the same, at a fraction of the cost.
 * A locus where the references already need a mutation among themselves counts no one inconsistent (as kinshipLr).
 */
export function locusPowers (kcase: KinshipCase, loci: readonly LocusModel[], options: LrOptions): LocusPower[] {
  const family: KinshipCase = { ...kcase, genotypes: { ...kcase.genotypes } }
  delete family.genotypes[kcase.missingPerson]
  const tables = missingPersonLrTable(family, loci, options)
  const plainLoci = loci.map((l) => ({ ...l, mutation: undefined }))
  const plain = missingPersonLrTable(family, plainLoci, NO_MUTATION_OPTIONS(options))
  return tables.map((t, l) => locusPower(t, plain[l]))
}

/** The same from two tables already computed (the model's and the one without mutation), e.g. by nextRelatives. */
export function locusPower (table: LocusLrTable, plain: LocusLrTable): LocusPower {
  const { lr, unrelated } = table
  const size = lr.length
  if (table.informative && !(unrelated[0] >= 0)) {
    fail('INVALID_CASE', `the references' genotypes at locus ${table.locus} are impossible in this pedigree under the model; check the pedigree or use a mutation model`, { locus: table.locus })
  }
  let referencesNeedMutation = true
  for (let k = 0; k < size; k++) if (plain.lr[k] > 0) { referencesNeedMutation = false; break }
  let trueInconsistent = 0
  let unrelatedInconsistent = 0
  let mean = 0
  let square = 0
  // Distinct LR values (to 12 digits) become one atom: most genotypes share their LR with others.
  const atoms = new Map<number, { x: number, pTrue: number, pUnrelated: number }>()
  for (let k = 0; k < size; k++) {
    const pTrue = lr[k] * unrelated[k]
    const x = lr[k] === 0 ? -Infinity : Math.log10(lr[k])
    if (table.informative && !referencesNeedMutation && plain.lr[k] === 0) {
      trueInconsistent += pTrue
      unrelatedInconsistent += unrelated[k]
    }
    if (pTrue > 0) { mean += pTrue * x; square += pTrue * x * x }
    const key = x === -Infinity ? x : Number(x.toPrecision(12))
    const atom = atoms.get(key)
    if (atom === undefined) atoms.set(key, { x, pTrue, pUnrelated: unrelated[k] })
    else { atom.pTrue += pTrue; atom.pUnrelated += unrelated[k] }
  }
  const list = [...atoms.values()]
  const values = Float64Array.from(list, (a) => a.x)
  return {
    locus: table.locus,
    informative: table.informative,
    trueChild: { log10Lr: values, weight: Float64Array.from(list, (a) => a.pTrue) },
    unrelated: { log10Lr: values, weight: Float64Array.from(list, (a) => a.pUnrelated) },
    trueInconsistent: Math.min(1, trueInconsistent),
    unrelatedInconsistent: Math.min(1, unrelatedInconsistent),
    trueMean: mean,
    trueVariance: Math.max(0, square - mean * mean)
  }
}
