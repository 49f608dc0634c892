import { ceilingCount, computeCeilings, type ScreeningIndex } from '../core/screening/screening-table.ts'

/**
 * Concatenates the screening indexes of consecutive family blocks into one, in SharedArrayBuffers so the
 * scan workers read it without a copy. Offsets of later blocks are shifted by the earlier blocks' sizes.
 */
export function concatShared (parts: readonly ScreeningIndex[]): ScreeningIndex {
  const loci = parts[0]?.loci ?? 0
  let families = 0
  let s = 0
  let v = 0
  for (const p of parts) {
    families += p.families
    s += p.sOffset[p.families]
    v += p.vOffset[p.families]
  }
  const sOffset = new Uint32Array(new SharedArrayBuffer(4 * (families + 1)))
  const vOffset = new Uint32Array(new SharedArrayBuffer(4 * (families + 1)))
  const sCount = new Uint8Array(new SharedArrayBuffer(families * loci))
  const sAlleles = new Uint8Array(new SharedArrayBuffer(Math.max(1, s)))
  const values = new Float32Array(new SharedArrayBuffer(4 * Math.max(1, v)))
  let f = 0
  let sAt = 0
  let vAt = 0
  for (const p of parts) {
    for (let i = 0; i < p.families; i++) {
      sOffset[f + i] = p.sOffset[i] + sAt
      vOffset[f + i] = p.vOffset[i] + vAt
    }
    sCount.set(p.sCount, f * loci)
    sAlleles.set(p.sAlleles.subarray(0, p.sOffset[p.families]), sAt)
    values.set(p.values.subarray(0, p.vOffset[p.families]), vAt)
    f += p.families
    sAt += p.sOffset[p.families]
    vAt += p.vOffset[p.families]
  }
  sOffset[families] = sAt
  vOffset[families] = vAt
  return withSharedCeilings({ loci, families, sOffset, vOffset, sCount, sAlleles, values })
}

/** The index with its early-exit ceilings computed into a SharedArrayBuffer. */
export function withSharedCeilings (ix: Omit<ScreeningIndex, 'ceiling'>): ScreeningIndex {
  const ceiling = new Float32Array(new SharedArrayBuffer(4 * Math.max(1, ix.families * ceilingCount(ix.loci))))
  return { ...ix, ceiling: computeCeilings(ix, ceiling) }
}

/** Bytes held by an index (what 10^6 families cost in memory). */
export function indexBytes (ix: ScreeningIndex): number {
  return ix.sOffset.byteLength + ix.vOffset.byteLength + ix.sCount.byteLength + ix.sAlleles.byteLength + ix.values.byteLength + (ix.ceiling?.byteLength ?? 0)
}

/** A copy of a typed array in a SharedArrayBuffer. */
export function sharedCopy (a: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(Math.max(1, a.byteLength)))
  out.set(a)
  return out
}

/**
 * A new index of chosen families (block index, family within it), in that order: the in-process search
 * compacts its one-family blocks and leaves replaced or dropped families behind this way.
 */
export function selectFamilies (blocks: readonly ScreeningIndex[], chosen: ReadonlyArray<{ block: number, f: number }>, loci: number): ScreeningIndex {
  let s = 0
  let v = 0
  for (const { block, f } of chosen) {
    const ix = blocks[block]
    s += ix.sOffset[f + 1] - ix.sOffset[f]
    v += ix.vOffset[f + 1] - ix.vOffset[f]
  }
  const families = chosen.length
  const sOffset = new Uint32Array(new SharedArrayBuffer(4 * (families + 1)))
  const vOffset = new Uint32Array(new SharedArrayBuffer(4 * (families + 1)))
  const sCount = new Uint8Array(new SharedArrayBuffer(Math.max(1, families * loci)))
  const sAlleles = new Uint8Array(new SharedArrayBuffer(Math.max(1, s)))
  const values = new Float32Array(new SharedArrayBuffer(4 * Math.max(1, v)))
  chosen.forEach(({ block, f }, i) => {
    const ix = blocks[block]
    sCount.set(ix.sCount.subarray(f * loci, (f + 1) * loci), i * loci)
    sAlleles.set(ix.sAlleles.subarray(ix.sOffset[f], ix.sOffset[f + 1]), sOffset[i])
    values.set(ix.values.subarray(ix.vOffset[f], ix.vOffset[f + 1]), vOffset[i])
    sOffset[i + 1] = sOffset[i] + ix.sOffset[f + 1] - ix.sOffset[f]
    vOffset[i + 1] = vOffset[i] + ix.vOffset[f + 1] - ix.vOffset[f]
  })
  return withSharedCeilings({ loci, families, sOffset, vOffset, sCount, sAlleles, values })
}
