import { fail } from '../errors.ts'

/** Length of the revised Cambridge Reference Sequence (rCRS, GenBank NC_012920), the numbering of every position. */
export const MT_LENGTH = 16569

/** A sequenced stretch of the mitochondrial genome, rCRS positions start…end inclusive, start ≤ end. */
export type MitoRange = readonly [number, number]

/**
 * Reads a sequenced range: text such as "16024-16569 1-576" (several stretches, spaces, commas or semicolons
 * between them) or "16024-576" (wrapping through the circular origin, 16569 → 1), or [start, end] pairs.
 * Returns non-wrapping stretches, sorted and merged (a wrapping one is split at the origin).
 * Refuses positions outside 1…16569 and text that is not a range, naming the value.
 *
 * @example parseMitoRange('16024-576') // [[1, 576], [16024, 16569]]
 */
export function parseMitoRange (input: unknown, where: { sample?: string } = {}): MitoRange[] {
  const pairs: Array<[unknown, unknown, string]> = []
  if (typeof input === 'string') {
    const parts = input.split(/[\s,;]+/).filter((s) => s !== '')
    for (const part of parts) {
      const m = /^(\d+)-(\d+)$/.exec(part)
      if (m === null) fail('INVALID_MITOTYPE', `range "${part}" is not start-end (e.g. 16024-16569)${at(where)}`, { ...where, field: 'range', value: part })
      pairs.push([Number(m[1]), Number(m[2]), part])
    }
  } else if (Array.isArray(input)) {
    for (const p of input) {
      if (!Array.isArray(p) || p.length !== 2) fail('INVALID_MITOTYPE', `range ${JSON.stringify(p)} is not a [start, end] pair${at(where)}`, { ...where, field: 'range', value: JSON.stringify(p) })
      pairs.push([p[0], p[1], JSON.stringify(p)])
    }
  } else {
    fail('INVALID_MITOTYPE', `the sequenced range must be text such as "16024-16569 1-576" or [start, end] pairs${at(where)}`, { ...where, field: 'range', value: JSON.stringify(input) })
  }
  if (pairs.length === 0) fail('INVALID_MITOTYPE', `no sequenced range${at(where)}`, { ...where, field: 'range', value: JSON.stringify(input) })
  const ranges: Array<[number, number]> = []
  for (const [s, e, text] of pairs) {
    for (const v of [s, e]) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MT_LENGTH) {
        fail('INVALID_MITOTYPE', `range ${text}: position ${String(v)} is not one of 1…${MT_LENGTH}${at(where)}`, { ...where, field: 'range', value: text })
      }
    }
    const start = s as number
    const end = e as number
    if (start <= end) ranges.push([start, end])
    else ranges.push([start, MT_LENGTH], [1, end])
  }
  return mergeRanges(ranges)
}

/** Sorted, with overlapping and adjacent stretches joined. */
export function mergeRanges (ranges: readonly MitoRange[]): MitoRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0])
  const out: Array<[number, number]> = []
  for (const [s, e] of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && s <= last[1] + 1) last[1] = Math.max(last[1], e)
    else out.push([s, e])
  }
  return out
}

/**
 * The positions both profiles cover: the intersection of two range lists (each sorted and merged).
 *
 * @example overlapRanges([[16024, 16365]], [[16100, 16569]]) // [[16100, 16365]]
 */
export function overlapRanges (a: readonly MitoRange[], b: readonly MitoRange[]): MitoRange[] {
  const out: MitoRange[] = []
  for (const [s1, e1] of a) {
    for (const [s2, e2] of b) {
      const s = Math.max(s1, s2)
      const e = Math.min(e1, e2)
      if (s <= e) out.push([s, e])
    }
  }
  return mergeRanges(out)
}

/** True when the position is in one of the stretches. */
export function inRanges (position: number, ranges: readonly MitoRange[]): boolean {
  return ranges.some(([s, e]) => position >= s && position <= e)
}

/** How many positions the stretches cover. */
export function rangeLength (ranges: readonly MitoRange[]): number {
  return ranges.reduce((n, [s, e]) => n + e - s + 1, 0)
}

/** Text form, e.g. "16024-16569 1-576" → "1-576 16024-16569". */
export function formatRanges (ranges: readonly MitoRange[]): string {
  return ranges.map(([s, e]) => `${s}-${e}`).join(' ')
}

function at (where: { sample?: string }): string {
  return where.sample !== undefined ? ` (sample ${where.sample})` : ''
}
