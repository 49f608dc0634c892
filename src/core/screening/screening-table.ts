import { OTHER_ALLELE } from './allele-codebook.ts'

/**
 * Compact per-family screening tables: what the national-scale search keeps in memory for each family
 * case so that one candidate costs a few lookups per locus.
 *
 * For each family and locus let S be the set of alleles seen in the family's typed references
 * (sorted codes). From the exact per-genotype LR table of the engine (missingPersonLrTable) we keep:
 * - the exact LR of every MP genotype with both alleles in S  (|S|(|S|+1)/2 values);
 * - for each a in S, U_a = max LR(a, x) over the table's alleles x ∉ S  (|S| values);
 * - U_0 = max LR(x, y) over genotypes with no allele in S            (1 value).
 * Every value is stored as a float32 rounded UP (never down), so each stored number is ≥ the exact
 * table value. A trio then needs 15 floats per locus instead of the 100–300 of the full table.
 * A reference allele without a code of its own (OTHER_ALLELE, allele-codebook.ts) is in S as that code,
 * and every value involving it is +∞: a candidate coded OTHER may carry any allele, so only the engine
 * can score it; the reference allele itself stays among the x ∉ S of the other maxima.
 * Why this bounds the LR: see screening-bound.ts.
 */

/** The engine's per-locus table as the screening reads it (structurally src/core/lr/genotype-lr-table.ts's LocusLrTable). */
export interface ScreeningLocusTable {
  locus: string
  /** The adjusted allele list: the locus model's alleles first, then unknown alleles the references carry. */
  alleles: readonly string[]
  /** LR for each MP genotype (i ≤ j) at index i·n − i(i−1)/2 + (j − i). */
  lr: Float64Array
  informative: boolean
}

/** The compact tables of a block of families, all loci in one global order. */
export interface ScreeningIndex {
  loci: number
  families: number
  /** Family f's S sets start at sOffset[f] in sAlleles (loci in order). */
  sOffset: Uint32Array
  /** Family f's values start at vOffset[f] in values. */
  vOffset: Uint32Array
  /** |S| for family f, locus l at f·loci + l; 0 for a locus no reference is typed at (LR 1). */
  sCount: Uint8Array
  sAlleles: Uint8Array
  values: Float32Array
  /**
   * Early-exit ceilings (see computeCeilings), CEILING_COUNT(loci) per family; derived from `values`, so
   * never stored, recomputed wherever an index is assembled. Absent: the screen reads every locus.
   */
  ceiling?: Float32Array
}

/** Loci between two early-exit checks of the screen. */
export const CEILING_STEP = 4

/** Checks per family: before loci 4, 8, 12, … (those below the locus count). @example ceilingCount(23) // 5 */
export function ceilingCount (loci: number): number {
  return Math.max(0, Math.floor((loci - 1) / CEILING_STEP))
}

/**
 * ceiling[f·C + j] = Π over loci l ≥ (j+1)·CEILING_STEP of max(1, largest stored value of family f at l),
 * as a float32 rounded up. A candidate whose alleles all have codes in the base table (no +∞ factor)
 * gets at each such locus a factor ≤ that maximum (or exactly 1 if untyped), so its bound can grow by at
 * most the ceiling: once bound × ceiling < threshold the family can be skipped without changing the result.
 */
export function computeCeilings (ix: Omit<ScreeningIndex, 'ceiling'>, out?: Float32Array): Float32Array {
  const L = ix.loci
  const C = ceilingCount(L)
  const ceiling = out ?? new Float32Array(ix.families * C)
  const maxAt = new Float64Array(L)
  for (let f = 0; f < ix.families; f++) {
    let v = ix.vOffset[f]
    for (let l = 0; l < L; l++) {
      const k = ix.sCount[f * L + l]
      const width = (k * (k + 1)) / 2 + k + 1
      let max = 1
      for (let i = v; i < v + width; i++) if (ix.values[i] > max) max = ix.values[i]
      maxAt[l] = max
      v += width
    }
    let product = 1
    for (let l = L - 1; l >= CEILING_STEP; l--) {
      product *= maxAt[l]
      if (l % CEILING_STEP === 0) ceiling[f * C + l / CEILING_STEP - 1] = roundUpToFloat32(product)
    }
  }
  return ceiling
}

/**
 * The global allele codes per locus: `alleles[l][code]`. Codes below `base[l]` are the locus model's
 * own alleles (the engine's table lists them first, in the same order); later codes are alleles seen
 * in profiles but not in the frequency table.
 */
export interface AlleleDictionary {
  loci: readonly string[]
  alleles: readonly (readonly string[])[]
  base: readonly number[]
}

/** Genotype index of the engine's table: alleles i ≤ j among n. @example genotypeSlot(1, 2, 3) // 4 */
export function genotypeSlot (i: number, j: number, n: number): number {
  return i * n - (i * (i - 1)) / 2 + (j - i)
}

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/**
 * The smallest float32 ≥ x (x ≥ 0): rounding up keeps a stored bound a bound.
 *
 * @example roundUpToFloat32(0.1) > 0.1 // true (0.1 is not a float32; Math.fround(0.1) is just above)
 */
export function roundUpToFloat32 (x: number): number {
  f32[0] = x
  if (f32[0] < x) u32[0]++
  return f32[0]
}

/**
 * Builds the compact tables of `tables.length` families. `tables[f][l]` is family f's engine table for
 * global locus l (undefined: no reference typed there); `refCodes[f][l]` the codes of the alleles its
 * typed references carry there (the set S, any order, duplicates allowed).
 */
export function buildScreeningIndex (dict: AlleleDictionary, tables: ReadonlyArray<ReadonlyArray<ScreeningLocusTable | undefined>>, refCodes: ReadonlyArray<ReadonlyArray<readonly number[]>>): ScreeningIndex {
  const L = dict.loci.length
  const F = tables.length
  const sets: number[][][] = refCodes.map((fam) => fam.map((codes) => [...new Set(codes)].sort((a, b) => a - b)))
  const sOffset = new Uint32Array(F + 1)
  const vOffset = new Uint32Array(F + 1)
  const sCount = new Uint8Array(F * L)
  for (let f = 0; f < F; f++) {
    let s = 0
    let v = 0
    for (let l = 0; l < L; l++) {
      const informative = tables[f][l]?.informative === true
      const k = informative ? sets[f][l].length : 0
      if (k > 255) throw new RangeError(`family ${f} locus ${dict.loci[l]}: ${k} reference alleles`)
      sCount[f * L + l] = k
      s += k
      v += (k * (k + 1)) / 2 + k + 1
    }
    sOffset[f + 1] = sOffset[f] + s
    vOffset[f + 1] = vOffset[f] + v
  }
  const sAlleles = new Uint8Array(sOffset[F])
  const values = new Float32Array(vOffset[F])
  for (let f = 0; f < F; f++) {
    let s = sOffset[f]
    let v = vOffset[f]
    for (let l = 0; l < L; l++) {
      const k = sCount[f * L + l]
      if (k === 0) { values[v++] = 1; continue }
      const table = tables[f][l]!
      const S = sets[f][l]
      const pos = tablePositions(dict, l, table, S)
      for (let a = 0; a < k; a++) sAlleles[s++] = S[a]
      for (let a = 0; a < k; a++) for (let b = a; b < k; b++) values[v++] = pos[a] < 0 || pos[b] < 0 ? Infinity : roundUpToFloat32(lrAt(table, pos[a], pos[b]))
      const inS = new Uint8Array(table.alleles.length)
      for (const p of pos) if (p >= 0) inS[p] = 1
      const n = table.alleles.length
      for (let a = 0; a < k; a++) {
        if (pos[a] < 0) { values[v++] = Infinity; continue }
        let max = 0
        for (let x = 0; x < n; x++) if (!inS[x]) max = Math.max(max, lrAt(table, pos[a], x))
        values[v++] = roundUpToFloat32(max)
      }
      let max0 = 0
      for (let x = 0; x < n; x++) for (let y = x; y < n; y++) if (!inS[x] && !inS[y]) max0 = Math.max(max0, table.lr[genotypeSlot(x, y, n)])
      values[v++] = roundUpToFloat32(max0)
    }
  }
  const index = { loci: L, families: F, sOffset, vOffset, sCount, sAlleles, values }
  return { ...index, ceiling: computeCeilings(index) }
}

function lrAt (table: ScreeningLocusTable, i: number, j: number): number {
  return i <= j ? table.lr[genotypeSlot(i, j, table.alleles.length)] : table.lr[genotypeSlot(j, i, table.alleles.length)]
}

/** Positions in the engine's table of the codes in S (−1 for OTHER_ALLELE); a code's allele must be in the table. */
function tablePositions (dict: AlleleDictionary, l: number, table: ScreeningLocusTable, S: readonly number[]): number[] {
  return S.map((code) => {
    if (code === OTHER_ALLELE) return -1
    const name = dict.alleles[l][code]
    const at = code < dict.base[l] && table.alleles[code] === name ? code : table.alleles.indexOf(name)
    if (at < 0) throw new RangeError(`locus ${dict.loci[l]}: reference allele ${name} is missing from the engine's table`)
    return at
  })
}
