import { UNTYPED } from '../simulation/simulate-population.ts'
import { CEILING_STEP, ceilingCount, genotypeSlot, type AlleleDictionary, type ScreeningIndex, type ScreeningLocusTable } from './screening-table.ts'

/**
 * Screening bounds. Why no pair with LR ≥ t is ever dropped:
 *
 * 1. The engine's LR of a candidate U for a family is the product over loci of per-locus LRs, and at a
 *    locus it depends only on U's genotype there (the references are fixed): LR = Π_l LR_l(g_l), where
 *    LR_l(g) is exactly the entry of the engine's table missingPersonLrTable for genotype g. A locus
 *    where U or every reference is untyped contributes exactly 1.
 * 2. For each locus we use a factor u_l(g_l) ≥ LR_l(g_l) ≥ 0:
 *    - both alleles in S: the stored table value, rounded up to float32 (≥ the value);
 *    - one allele a in S, the other x ∉ S but in the table: U_a = max over such x, rounded up (≥ LR(a, x));
 *    - no allele in S, both in the table: U_0 = max over all such genotypes, rounded up;
 *    - an allele that is not in the family's table (an allele the frequency table lacks and no reference
 *      carries): adding it renormalises the locus and changes every LR, so no stored number covers it:
 *      u = +∞, which forces the exact engine;
 *    - an allele without a code of its own (OTHER_ALLELE, allele-codebook.ts: not a plausible repeat
 *      number, or beyond the codes a byte holds): the code stands for many alleles, so u = +∞ again,
 *      on the candidate's side (OTHER is ≥ base, and where S holds it every value involving it is +∞)
 *      and on the family side (OTHER is beyond every dictionary, see screenFamily).
 * 3. All factors are ≥ 0, so the product of upper bounds is an upper bound of the product:
 *    Π u_l ≥ Π LR_l = LR. Hence LR ≥ t ⇒ bound ≥ t: a pair is discarded only if bound < t, which
 *    implies LR < t. Floating point: the product of ≤ 50 doubles is within 50·2^-53 of the exact product,
 *    and the engine's own rounding is of the same order, so we keep pairs whose bound ≥ t·(1 − 1e-9):
 *    a margin a million times wider than any rounding.
 * 4. Early exit (screenCandidate): every CEILING_STEP loci, if bound × ceiling < t·(1 − slack), where the
 *    ceiling bounds the product of the remaining factors (screening-table.ts, computeCeilings), then the
 *    final bound is < t too and the family is skipped. Only for candidates without a +∞ factor possible
 *    (all allele codes in the base table), since the ceiling does not cover +∞.
 * Pairs that pass are then scored by the exact engine; only its LRs are stored.
 */
export const SCREEN_SLACK = 1e-9

/** Pairs that passed a screen: parallel arrays of the other side's index and the bound. */
export interface ScreenHits {
  index: Int32Array
  bound: Float64Array
  count: number
}

/**
 * Screens one candidate (codes: loci × 2 allele codes, smaller first, UNTYPED = 255) against families
 * from … to−1 of a screening index. Returns the families whose bound ≥ threshold·(1 − SCREEN_SLACK).
 * `base[l]` is the number of the locus model's own alleles (codes below it are in every family's table).
 *
 * @example screenCandidate(index, base, codes, 0, index.families, 1e4) // families worth an exact LR
 */
export function screenCandidate (ix: ScreeningIndex, base: ArrayLike<number>, codes: Uint8Array, from: number, to: number, threshold: number): ScreenHits {
  const L = ix.loci
  const min = threshold * (1 - SCREEN_SLACK)
  const { sOffset, vOffset, sCount, sAlleles, values } = ix
  let canExit = ix.ceiling !== undefined
  for (let l = 0; l < L; l++) if (codes[2 * l] !== UNTYPED && codes[2 * l + 1] >= base[l]) canExit = false
  const ceiling = ix.ceiling ?? new Float32Array(0)
  const C = ceilingCount(L)
  let hitIndex: Int32Array = new Int32Array(64)
  let hitBound: Float64Array = new Float64Array(64)
  let count = 0
  for (let f = from; f < to; f++) {
    let s = sOffset[f]
    let v = vOffset[f]
    let bound = 1
    const row = f * L
    let skipped = false
    for (let l = 0; l < L; l++) {
      if (canExit && l > 0 && l % CEILING_STEP === 0 && l / CEILING_STEP <= C && bound * ceiling[f * C + l / CEILING_STEP - 1] < min) {
        skipped = true
        break
      }
      const k = sCount[row + l]
      const width = (k * (k + 1)) / 2 + k + 1
      const a = codes[2 * l]
      if (a !== UNTYPED && k > 0) {
        const b = codes[2 * l + 1]
        let pa = -1
        let pb = -1
        for (let q = 0; q < k; q++) {
          const c = sAlleles[s + q]
          if (c === a) pa = q
          if (c === b) pb = q
        }
        if ((pa < 0 && a >= base[l]) || (pb < 0 && b >= base[l])) {
          bound = Infinity
        } else if (pa >= 0 && pb >= 0) {
          bound *= values[v + pa * k - (pa * (pa - 1)) / 2 + (pb - pa)]
        } else if (pa >= 0 || pb >= 0) {
          bound *= values[v + (k * (k + 1)) / 2 + (pa >= 0 ? pa : pb)]
        } else {
          bound *= values[v + width - 1]
        }
      }
      s += k
      v += width
    }
    if (!skipped && bound >= min) {
      if (count === hitIndex.length) {
        hitIndex = grow(hitIndex)
        hitBound = growF(hitBound)
      }
      hitIndex[count] = f
      hitBound[count++] = bound
    }
  }
  return { index: hitIndex, bound: hitBound, count }
}

/**
 * One family's exact tables laid out by allele code: lr[l][a·n_l + b] for codes a ≤ b < n_l (n_l the
 * dictionary size at locus l); +∞ where a code is not in the family's table (the engine must decide);
 * a locus with no typed reference is all 1.
 */
export interface FamilyCodeTables {
  sizes: Int32Array
  lr: Float64Array[]
}

/** Lays out a family's engine tables by dictionary code (see FamilyCodeTables). */
export function familyCodeTables (dict: AlleleDictionary, tables: ReadonlyArray<ScreeningLocusTable | undefined>): FamilyCodeTables {
  const sizes = new Int32Array(dict.loci.length)
  const lr = dict.loci.map((_, l) => {
    const n = dict.alleles[l].length
    sizes[l] = n
    const out = new Float64Array(n * n)
    const table = tables[l]
    if (table === undefined || !table.informative) return out.fill(1)
    const pos = dict.alleles[l].map((name) => table.alleles.indexOf(name))
    const m = table.alleles.length
    for (let a = 0; a < n; a++) {
      for (let b = a; b < n; b++) {
        const i = Math.min(pos[a], pos[b])
        const j = Math.max(pos[a], pos[b])
        out[a * n + b] = i < 0 ? Infinity : table.lr[genotypeSlot(i, j, m)]
      }
    }
    return out
  })
  return { sizes, lr }
}

/**
 * Screens persons from … to−1 (codes: persons × loci × 2) against one family's exact code tables.
 * The factor is the engine's own table value (or +∞), so the product is the LR up to rounding; the
 * same argument and slack as screenCandidate apply. A code beyond the dictionary also gives +∞: so does
 * OTHER_ALLELE, since a dictionary holds at most OTHER_ALLELE codes.
 */
export function screenFamily (fam: FamilyCodeTables, personCodes: Uint8Array, from: number, to: number, threshold: number): ScreenHits {
  const L = fam.sizes.length
  const min = threshold * (1 - SCREEN_SLACK)
  let hitIndex: Int32Array = new Int32Array(64)
  let hitBound: Float64Array = new Float64Array(64)
  let count = 0
  for (let p = from; p < to; p++) {
    let bound = 1
    const row = p * L * 2
    for (let l = 0; l < L; l++) {
      const a = personCodes[row + 2 * l]
      if (a === UNTYPED) continue
      const b = personCodes[row + 2 * l + 1]
      const n = fam.sizes[l]
      bound *= b < n ? fam.lr[l][a * n + b] : Infinity
    }
    if (bound >= min) {
      if (count === hitIndex.length) {
        hitIndex = grow(hitIndex)
        hitBound = growF(hitBound)
      }
      hitIndex[count] = p
      hitBound[count++] = bound
    }
  }
  return { index: hitIndex, bound: hitBound, count }
}

function grow (a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2)
  b.set(a)
  return b
}

function growF (a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2)
  b.set(a)
  return b
}
