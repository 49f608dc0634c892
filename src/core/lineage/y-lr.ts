import type { HaplotypeFrequency } from './haplotype-frequency.ts'
import { lineLikelihood, lineSignature } from './line-likelihood.ts'
import type { LineageLr } from './lineage-lr.ts'
import type { LineageLine } from './lineage-relations.ts'
import { NULL_ALLELE, type YHaplotype } from './y-haplotype.ts'
import type { YLocusName } from './y-loci.ts'
import { yMutationRate } from './y-mutation-rates.ts'

/** The Y-STR mutation model of a line. */
export interface YMutationOptions {
  /** Per-meiosis rate of a locus (per copy at DYS385 and DYF387S1); default the YHRD rates of y-mutation-rates.ts. */
  rate?: (locus: YLocusName) => number
  /**
   * Share of mutations that are multi-step: about 3% of the Y-STR mutations seen in father–son pairs change
   * more than one repeat (Ballantyne et al. 2010, Am J Hum Genet 87:341: 96–97% single-step). Default 0.03.
   */
  multiStepShare?: number
  /**
   * A memo of per-locus ratios the caller keeps across calls (a batch of pairs, a rerun): keyed by the line's
   * tree, the rate, the references' and the candidate's values, so an entry is the same number whenever reused.
   */
  cache?: Map<string, number>
}

export const DEFAULT_MULTI_STEP_SHARE = 0.03

/**
 * One copy's change in one meiosis, stepwise: stays with 1 − μ; ±1 repeat with μ(1 − m)/2 each; ±s repeats
 * (s ≥ 2) with μ·m/2·(1/2)^(s−1) each, so the multi-step share m sums over s to μ·m. A change between
 * alleles off one ladder (17 ↔ 17.2) counts as a two-step change at least.
 *
 * @example copyTransition('14', '15', 0.002, 0.03) // 0.002 × 0.97 / 2 = 0.00097
 */
export function copyTransition (from: string, to: string, mu: number, m: number): number {
  return copyStep(Number(from), Number(to), mu, m)
}

function copyStep (from: number, to: number, mu: number, m: number): number {
  if (from === to) return 1 - mu
  const d = Math.abs(to - from)
  const whole = Math.round(d)
  const s = Math.abs(d - whole) < 1e-9 ? whole : Math.max(2, Math.ceil(d - 1e-9))
  if (s === 1) return mu * (1 - m) / 2
  return mu * m / 2 * 0.5 ** (s - 1)
}

/**
 * A locus's change in one meiosis, for its whole set of values: a multi-copy locus sums over the ways the
 * child's unordered values pair with the father's copies. A null allele appearing or going, or a change in
 * the number of copies (a duplication), is rarer than a repeat change: it is given μ·m/4, as a two-step change.
 */
export function locusTransition (from: readonly string[], to: readonly string[], mu: number, m: number): number {
  return valuesStep(from.map(asNumber), to.map(asNumber), mu, m)
}

/** A null allele as NaN, so the numeric step below sees it. */
function asNumber (a: string): number {
  return a === NULL_ALLELE ? NaN : Number(a)
}

function valuesStep (from: readonly number[], to: readonly number[], mu: number, m: number): number {
  if (Number.isNaN(from[0]) || Number.isNaN(to[0]) || from.length !== to.length) {
    const same = from.length === to.length && from.every((a, i) => Object.is(a, to[i]))
    return same ? 1 - mu : mu * m / 4
  }
  if (from.length === 1) return copyStep(from[0], to[0], mu, m)
  if (from.length === 2) { // the two pairings of the child's values with the father's copies (one if the child's are equal)
    const straight = copyStep(from[0], to[0], mu, m) * copyStep(from[1], to[1], mu, m)
    return to[0] === to[1] ? straight : straight + copyStep(from[0], to[1], mu, m) * copyStep(from[1], to[0], mu, m)
  }
  let total = 0
  for (const perm of distinctPermutations(to)) {
    let p = 1
    for (let i = 0; i < from.length; i++) p *= copyStep(from[i], perm[i], mu, m)
    total += p
  }
  return total
}

/**
 * The Y-STR LR of a candidate for the missing person against the typed references of his paternal line:
 * per compared locus, P(candidate's alleles | references' alleles, the line's tree of meioses), the line
 * peeled with each locus's own rate (loci mutate independently; the haplotype is linked, so the population
 * frequency is the whole haplotype's); divided by the candidate's haplotype frequency over the compared loci.
 * Several references on the line are taken together on the line (they share one line haplotype), not as a
 * product of pairwise LRs. Compared loci: those typed in the candidate and in at least one reference.
 * Undefined when nothing is compared (no typed reference on the line, or no common locus): no lineage evidence.
 *
 * @example father and son equal at the 25 Yfiler Plus loci: numerator Π(1 − μ_l) ≈ 0.865 (two factors at DYS385, DYF387S1); unseen among N = 999: LR ≈ 865
 */
export function yLineLr (
  line: LineageLine | undefined,
  haplotypes: Readonly<Record<string, YHaplotype>>,
  candidate: YHaplotype,
  frequencyOf: (candidate: YHaplotype, loci: readonly YLocusName[]) => HaplotypeFrequency,
  options: YMutationOptions = {}
): LineageLr | undefined {
  if (line === undefined) return undefined
  const relatives = line.relatives.filter((r) => haplotypes[r.id] !== undefined)
  if (relatives.length === 0) return undefined
  const compared = Object.keys(candidate).filter((l) => relatives.some((r) => haplotypes[r.id][l] !== undefined)).sort()
  if (compared.length === 0) return undefined
  const rate = options.rate ?? yMutationRate
  const m = options.multiStepShare ?? DEFAULT_MULTI_STEP_SHARE
  const lineKey = lineSignature(line)
  let log10Numerator = 0
  let differences = 0
  for (const locus of compared) {
    const refs = relatives.filter((r) => haplotypes[r.id][locus] !== undefined).map((r) => ({ id: r.id, alleles: haplotypes[r.id][locus] }))
    const mine = candidate[locus]
    if (refs.every((r) => r.alleles.join(',') !== mine.join(','))) differences++
    const mu = rate(locus)
    const key = options.cache === undefined ? '' : `${lineKey}|${mu}|${m}|${refs.map((r) => `${r.id}:${r.alleles.join(',')}`).join(';')}|${mine.join(',')}`
    let ratio = options.cache?.get(key)
    if (ratio === undefined) {
      ratio = locusLog10Ratio(line, refs, mine, mu, m)
      options.cache?.set(key, ratio)
    }
    log10Numerator += ratio
  }
  const frequency = frequencyOf(candidate, compared)
  const log10Lr = Number.isFinite(log10Numerator) ? log10Numerator - Math.log10(frequency.frequency) : null
  return { kind: 'paternal', log10Lr, log10Numerator, frequency, compared, differences, relatives }
}

/** log10 P(candidate's values | the references' values at this locus, the line). */
function locusLog10Ratio (line: LineageLine, refs: ReadonlyArray<{ id: string, alleles: readonly string[] }>, mine: readonly string[], mu: number, m: number): number {
  const states = locusStates([mine, ...refs.map((r) => r.alleles)])
  const n = states.length
  const index = new Map(states.map((s, i) => [s.join(','), i]))
  const values = states.map((st) => st.map(asNumber))
  const transition = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) transition[i * n + j] = valuesStep(values[i], values[j], mu, m)
  const seen = (alleles: readonly string[]): Float64Array => {
    const v = new Float64Array(n)
    v[index.get(alleles.join(','))!] = 1
    return v
  }
  const refEvidence = new Map(refs.map((r) => [r.id, seen(r.alleles)]))
  const withCandidate = new Map(refEvidence).set(line.missingPerson, seen(mine))
  return Math.log10(lineLikelihood(line.members, { n, transition, evidence: withCandidate })) -
    Math.log10(lineLikelihood(line.members, { n, transition, evidence: refEvidence }))
}

/** The observed value sets and their neighbours within ±2 repeats per copy (±1 beyond two copies), sorted. */
function locusStates (observed: ReadonlyArray<readonly string[]>): string[][] {
  const out = new Map<string, string[]>()
  for (const alleles of observed) {
    out.set(alleles.join(','), [...alleles])
    if (alleles[0] === NULL_ALLELE) continue
    const w = alleles.length > 2 ? 1 : 2
    let sets: string[][] = [[]]
    for (const a of alleles) {
      const next: string[][] = []
      for (const s of sets) for (let d = -w; d <= w; d++) { const v = round(Number(a) + d); if (v > 0) next.push([...s, String(v)]) }
      sets = next
    }
    for (const s of sets) { const sorted = s.sort((x, y) => Number(x) - Number(y)); out.set(sorted.join(','), sorted) }
  }
  return [...out.values()]
}

function round (x: number): number {
  return Math.round(x * 10) / 10
}

function distinctPermutations (values: readonly number[]): number[][] {
  if (values.length <= 1) return [[...values]]
  const out = new Map<string, number[]>()
  for (let i = 0; i < values.length; i++) {
    for (const rest of distinctPermutations([...values.slice(0, i), ...values.slice(i + 1)])) {
      const p = [values[i], ...rest]
      out.set(p.join(','), p)
    }
  }
  return [...out.values()]
}
