import type { MitoVariant } from './mito-profile.ts'
import type { MitoRange } from './mito-range.ts'

/**
 * The three C-stretches whose length varies between and within persons, with their rCRS bases:
 * HV2 303–315 CCCCCCCTCCCCC (T at 310), HV1 16184–16193 CCCCCTCCCC (T at 16189), HV3 568–573 CCCCCC.
 * The bases beside them are not C (302 A, 316 G; 16183 A, 16194 A; 567 A, 574 A), so a run ends there.
 */
export const C_STRETCHES: ReadonlyArray<{ start: number, end: number, reference: string, name: string }> = [
  { name: 'HV2', start: 303, end: 315, reference: 'CCCCCCCTCCCCC' },
  { name: 'HV3', start: 568, end: 573, reference: 'CCCCCC' },
  { name: 'HV1', start: 16184, end: 16193, reference: 'CCCCCTCCCC' }
]

/**
 * Rewrites the variants inside each C-stretch by one convention, so that two notations of one sequence are
 * equal. The rule (EMPOP, following Wilson et al. 2002 and the ISFG recommendations of Parson et al. 2014:
 * length variants of a homopolymer are placed at its 3′ end): the stretch's observed bases are rebuilt from
 * the variants; if they are C-runs around the reference T (C^x T C^y), each run's length difference is
 * written at the run's 3′ end, insertions as 309.1C, 309.2C … (HV2 first run), 315.1C (second run),
 * 16188.1C, 16193.1C, 573.1C, and deletions as the run's last positions (309DEL; 308DEL 309DEL). If the T
 * became C (one C-run, C^n), the substitution is kept (310C, 16189C) and the length difference is written
 * at the stretch's 3′ end (315.1C, 16193.1C). Thus "303.1C", "302.1C" and "309.1C" are one sequence, written
 * 309.1C. A stretch with other bases (a heteroplasmy code, an A or G) or not wholly sequenced is left as given.
 *
 * @example normaliseCStretches([{ position: 302, insert: 1, base: 'C' }], [[1, 576]]) // [{ position: 309, insert: 1, base: 'C' }]
 */
export function normaliseCStretches (variants: readonly MitoVariant[], ranges: readonly MitoRange[]): MitoVariant[] {
  let out = [...variants]
  for (const stretch of C_STRETCHES) {
    const covered = ranges.some(([s, e]) => s <= stretch.start - 1 && e >= stretch.end)
    if (!covered) continue
    const inside = (v: MitoVariant): boolean =>
      (v.position >= stretch.start && v.position <= stretch.end) || (v.position === stretch.start - 1 && v.insert > 0)
    const mine = out.filter(inside)
    if (mine.length === 0) continue
    const observed = observedBases(stretch, mine)
    const rewritten = observed === undefined ? undefined : encode(stretch, observed)
    if (rewritten === undefined) continue
    out = [...out.filter((v) => !inside(v)), ...rewritten]
  }
  return out
}

/** The bases of the stretch with its variants applied (insertions after their position), or undefined when not C/T only. */
function observedBases (stretch: { start: number, reference: string }, variants: readonly MitoVariant[]): string | undefined {
  let seq = ''
  const at = (p: number, insert: number): MitoVariant | undefined => variants.find((v) => v.position === p && v.insert === insert)
  const inserted = (p: number): void => {
    for (let k = 1; ; k++) {
      const ins = at(p, k)
      if (ins === undefined) break
      seq += ins.base
    }
  }
  inserted(stretch.start - 1)
  for (let i = 0; i < stretch.reference.length; i++) {
    const p = stretch.start + i
    const sub = at(p, 0)
    if (sub === undefined) seq += stretch.reference[i]
    else if (sub.base !== 'DEL') seq += sub.base
    inserted(p)
  }
  return /^[CT]*$/.test(seq) ? seq : undefined
}

function encode (stretch: { start: number, end: number, reference: string }, observed: string): MitoVariant[] | undefined {
  const t = stretch.reference.indexOf('T')
  if (t < 0) {
    if (!/^C*$/.test(observed)) return undefined
    return lengthDifference(stretch.end, observed.length - stretch.reference.length)
  }
  const tPosition = stretch.start + t
  const twoRuns = /^(C*)T(C*)$/.exec(observed)
  if (twoRuns !== null) {
    return [
      ...lengthDifference(tPosition - 1, twoRuns[1].length - t),
      ...lengthDifference(stretch.end, twoRuns[2].length - (stretch.reference.length - t - 1))
    ]
  }
  const d = observed.length - stretch.reference.length
  // A run shorter than its 3′ part cannot be written by this rule without deleting the substituted T.
  if (!/^C+$/.test(observed) || -d > stretch.reference.length - t - 1) return undefined
  return [{ position: tPosition, insert: 0, base: 'C' }, ...lengthDifference(stretch.end, d)]
}

/** A run ending at `end` longer by d (insertions end.1C … end.dC) or shorter (deletions of its last −d positions). */
function lengthDifference (end: number, d: number): MitoVariant[] {
  const out: MitoVariant[] = []
  for (let k = 1; k <= d; k++) out.push({ position: end, insert: k, base: 'C' })
  for (let k = 0; k < -d; k++) out.push({ position: end - k, insert: 0, base: 'DEL' })
  return out
}
