import { comparedVariants, type HaplotypeFrequency } from './haplotype-frequency.ts'
import { lineLikelihood, lineSignature } from './line-likelihood.ts'
import type { LineageLr } from './lineage-lr.ts'
import type { LineageLine } from './lineage-relations.ts'
import { HETEROPLASMY_CODES, type MitoProfile } from './mito-profile.ts'
import { formatRanges, inRanges, MT_LENGTH, mergeRanges, overlapRanges, type MitoRange } from './mito-range.ts'

/**
 * The mtDNA substitution rate per site per meiosis: Parson et al. 1997 (Nat Genet 15:363) observed 10
 * substitutions in 327 mother–child transmissions over HV1 and HV2 (610 sites), about one per 33 meioses,
 * as that pedigree study is quoted; per site 10/327/610 = 5.0e-5. Pedigree rates are higher than
 * phylogenetic ones (they include heteroplasmic shifts at hot spots), which is what a one-difference mismatch
 * between a mother's line and her child needs. A parameter: options.siteRate.
 */
export const MITO_SITE_RATE = 10 / 327 / 610

/**
 * The mtDNA LR of a candidate for the missing person against the typed references of her or his maternal
 * line. Compared: the candidate's range intersected with the references' ranges (each site counts where the
 * candidate and at least one reference were sequenced); C-stretch length variants are left out (see
 * comparedVariants). Each site is a marker on the line: the rCRS base, each other base seen there, and the
 * bases not seen (one class), a change to a given base with siteRate/3 per meiosis; a point heteroplasmy
 * (IUPAC code) is compatible with the rCRS base and with either base of its code seen at that site (the code
 * is taken to include the rCRS base, as a heteroplasmy arising on the line does). Sites equal in everyone are
 * counted in groups, not one by one. Divided by the candidate's frequency over the compared range.
 * Undefined when nothing is compared.
 *
 * @example identical over 1122 sites, a maternal aunt (3 meioses): numerator ≈ (1 − 5e-5)^(3·1122) ≈ 0.85;
 *   unseen among n = 998: LR ≈ 0.85 × 500
 */
export function mitoLineLr (
  line: LineageLine,
  profiles: Readonly<Record<string, MitoProfile>>,
  candidate: MitoProfile,
  frequencyOf: (candidate: MitoProfile, overlap: readonly MitoRange[]) => HaplotypeFrequency,
  options: { siteRate?: number, cache?: Map<string, number> } = {}
): LineageLr | undefined {
  const relatives = line.relatives.filter((r) => profiles[r.id] !== undefined)
  if (relatives.length === 0) return undefined
  const compared = overlapRanges(candidate.ranges, mergeRanges(relatives.flatMap((r) => profiles[r.id].ranges)))
  if (compared.length === 0) return undefined
  const nu = options.siteRate ?? MITO_SITE_RATE
  // A memo the caller may keep across pairs (as in y-lr.ts): a site's ratio depends only on the line and the calls.
  const lineKey = options.cache === undefined ? '' : `${lineSignature(line)}|${nu}`
  const ratioOf = (calls: ReadonlyArray<{ id: string, call: string }>): number => {
    if (options.cache === undefined) return siteRatio(line, calls, nu)
    const key = `${lineKey}|${calls.map((c) => `${c.id}:${c.call}`).join(';')}`
    let r = options.cache.get(key)
    if (r === undefined) options.cache.set(key, (r = siteRatio(line, calls, nu)))
    return r
  }
  const typed = [{ id: line.missingPerson, profile: candidate }, ...relatives.map((r) => ({ id: r.id, profile: profiles[r.id] }))]
  const calls = typed.map((t) => ({ id: t.id, ranges: t.profile.ranges, at: siteCalls(comparedVariants(t.profile, compared)) }))
  const sites = new Set(calls.flatMap((c) => [...c.at.keys()]))

  let log10Numerator = 0
  let differences = 0
  const polymorphicAt = new Map<string, number>() // coverage pattern → sites counted one by one
  for (const site of sites) {
    const position = Math.floor(Number(site))
    const here = calls.filter((c) => inRanges(position, c.ranges))
    const mine = calls[0].at.get(site) ?? 'REF'
    const others = here.slice(1).map((c) => c.at.get(site) ?? 'REF')
    if (others.every((o) => !compatible(mine, o))) differences++
    log10Numerator += ratioOf(here.map((c) => ({ id: c.id, call: c.at.get(site) ?? 'REF' })))
    if (!site.includes('.')) {
      const key = here.map((c) => c.id).join('|')
      polymorphicAt.set(key, (polymorphicAt.get(key) ?? 0) + 1)
    }
  }
  // Sites where everyone covering them has the rCRS base: one ratio per coverage pattern, raised to the count.
  const patterns = new Map<string, { ids: string[], length: number }>()
  for (const { ids, length } of coverageSegments(compared, calls)) {
    const key = ids.join('|')
    const p = patterns.get(key)
    if (p === undefined) patterns.set(key, { ids, length })
    else p.length += length
  }
  for (const [key, { ids, length }] of patterns) {
    const count = length - (polymorphicAt.get(key) ?? 0)
    if (count > 0) log10Numerator += count * ratioOf(ids.map((id) => ({ id, call: 'REF' })))
  }
  const frequency = frequencyOf(candidate, compared)
  const log10Lr = Number.isFinite(log10Numerator) ? log10Numerator - Math.log10(frequency.frequency) : null
  return { kind: 'maternal', log10Lr, log10Numerator, frequency, compared: [formatRanges(compared)], differences, relatives }
}

/** site ("16223", or "315.1" for an insertion) → the call there: a base, DEL, or an IUPAC code. */
function siteCalls (variants: readonly string[]): Map<string, string> {
  const at = new Map<string, string>()
  for (const v of variants) {
    const m = /^(\d+(?:\.\d+)?)(.+)$/.exec(v)!
    at.set(m[1], m[2])
  }
  return at
}

/** Two calls that can be the same base: equal, or a heteroplasmy code holding the other's base (or the rCRS base). */
function compatible (a: string, b: string): boolean {
  if (a === b || b === `~${a}`) return true
  const set = (c: string): string => HETEROPLASMY_CODES[c] ?? c
  if (HETEROPLASMY_CODES[a] !== undefined && (b === 'REF' || set(a).includes(b))) return true
  if (HETEROPLASMY_CODES[b] !== undefined && (a === 'REF' || set(b).includes(a))) return true
  return false
}

/** log10 of P(candidate's call | references' calls, the line) at one site; calls[0] is the candidate's. */
function siteRatio (line: LineageLine, calls: ReadonlyArray<{ id: string, call: string }>, nu: number): number {
  const letters = [...new Set(calls.map((c) => c.call).filter((c) => c !== 'REF' && HETEROPLASMY_CODES[c] === undefined))]
  // A heteroplasmy's other base (not the rCRS one) is a state of its own when nobody shows it homoplasmic,
  // so "T/C against T" and "T/C against C" weigh alike.
  const codes = [...new Set(calls.map((c) => c.call).filter((c) => HETEROPLASMY_CODES[c] !== undefined))]
  const others = codes.filter((c) => ![...HETEROPLASMY_CODES[c]].some((b) => letters.includes(b))).map((c) => `~${c}`)
  const states = ['REF', ...letters, ...others]
  const unseen = Math.max(0, 4 - states.length) // bases nobody shows here, one class
  const n = states.length + (unseen > 0 ? 1 : 0)
  const transition = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const into = j === states.length ? unseen : 1
      transition[i * n + j] = i === j ? 1 - nu + (j === states.length ? (unseen - 1) * nu / 3 : 0) : into * nu / 3
    }
  }
  // Flat over bases, not over states: the unseen class holds `unseen` bases (else the ratio loses its symmetry).
  const prior = new Float64Array(n).fill(1 / 4)
  if (unseen > 0) prior[states.length] = unseen / 4
  const evidence = (c: string): Float64Array => {
    const v = new Float64Array(n)
    states.forEach((s, i) => { if (compatible(c, s)) v[i] = 1 })
    return v
  }
  const refs = new Map(calls.slice(1).map((c) => [c.id, evidence(c.call)]))
  const all = new Map(refs).set(calls[0].id, evidence(calls[0].call))
  return Math.log10(lineLikelihood(line.members, { n, transition, evidence: all, prior })) - Math.log10(lineLikelihood(line.members, { n, transition, evidence: refs, prior }))
}

/** The compared range cut where coverage changes: each piece's length and who (candidate first) covers it. */
function coverageSegments (compared: readonly MitoRange[], calls: ReadonlyArray<{ id: string, ranges: readonly MitoRange[] }>): Array<{ ids: string[], length: number }> {
  const cuts = new Set<number>()
  for (const [s, e] of compared) { cuts.add(s); cuts.add(e + 1) }
  for (const c of calls) for (const [s, e] of c.ranges) { cuts.add(s); cuts.add(e + 1) }
  const points = [...cuts].filter((p) => p >= 1 && p <= MT_LENGTH + 1).sort((a, b) => a - b)
  const out: Array<{ ids: string[], length: number }> = []
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]
    if (!inRanges(start, compared)) continue
    const ids = calls.filter((c) => inRanges(start, c.ranges)).map((c) => c.id)
    out.push({ ids, length: points[i + 1] - start })
  }
  return out
}
