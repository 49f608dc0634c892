import type { MitoProfile } from '../lineage/mito-profile.ts'
import type { YHaplotype } from '../lineage/y-haplotype.ts'
import { MULTI_COPY_Y_LOCI, type YLocusName } from '../lineage/y-loci.ts'
import type { Rng } from './simulate-rng.ts'

/**
 * Integer allele range per Y locus: the smallest and largest whole-repeat alleles of YHRD's observed alleles
 * (the Alleles column of malan's ystr_markers, the source of y-mutation-rates.ts). A lineage's modal allele
 * is drawn as lo + Binomial(hi − lo, 1/2), so it sits mostly mid-range, rarely at the extremes.
 */
export const Y_ALLELE_RANGES: Readonly<Record<YLocusName, readonly [number, number]>> = {
  DYS438: [5, 19],
  DYS392: [6, 20],
  DYS393: [7, 18],
  DYS437: [10, 19],
  DYS385: [6, 28],
  DYS643: [4, 17],
  DYS448: [13, 25],
  DYS390: [17, 30],
  DYS19: [9, 20],
  DYS391: [5, 16],
  DYS389I: [9, 17],
  'Y-GATA-H4': [6, 20],
  DYS533: [7, 15],
  DYS549: [5, 16],
  DYS389II: [23, 36],
  DYS456: [9, 23],
  DYS635: [13, 30],
  DYS481: [16, 34],
  DYS439: [5, 19],
  DYS460: [7, 13],
  DYS458: [10, 24],
  DYF387S1: [29, 44],
  DYS449: [22, 42],
  DYS627: [13, 27],
  DYS570: [10, 26],
  DYS576: [10, 25],
  DYS518: [28, 47]
}

/** The generator's model of a population's lineages, stated: see createYFounders and createMitoFounders. */
export interface FounderOptions {
  /** Founder lineages (haplogroup-like clusters) per system. */
  lineages: number
  /** Generations of stepwise drift between a lineage's modal haplotype and a founder: uniform in [min, max]. */
  generations: readonly [number, number]
}

/**
 * Y founders: `lineages` modal haplotypes; a founder picks one (weights 1/(rank+1), a few large lineages
 * and many small ones, as Y haplogroups are distributed) and carries it after G generations of drift, each
 * copy of each locus changing Poisson(μ·G) times by ±1 repeat (a multi-step share ±2). Founders of one
 * lineage share most alleles, so unrelated men sometimes match at many loci, as in real databases.
 */
export function createYFounders (loci: readonly YLocusName[], rate: (l: YLocusName) => number, multiStep: number, opts: FounderOptions, rng: Rng): () => YHaplotype {
  const modal = Array.from({ length: opts.lineages }, () => Object.fromEntries(loci.map((l) => {
    const [lo, hi] = Y_ALLELE_RANGES[l] ?? [10, 20]
    const draw = (): number => { let v = lo; for (let i = 0; i < hi - lo; i++) v += rng.nextU32() & 1; return v }
    return [l, MULTI_COPY_Y_LOCI.has(l) ? [draw(), draw()] : [draw()]]
  })) as Record<string, number[]>)
  const pick = lineagePicker(opts.lineages, rng)
  return () => {
    const base = modal[pick()]
    const g = opts.generations[0] + rng.below(opts.generations[1] - opts.generations[0] + 1)
    const h: Record<string, string[]> = {}
    for (const l of loci) {
      h[l] = base[l].map((v) => {
        const changes = poisson(rate(l) * g, rng)
        for (let k = 0; k < changes; k++) v += (rng.next() < multiStep ? 2 : 1) * (rng.nextU32() & 1 ? 1 : -1)
        return Math.max(1, v)
      }).sort((a, b) => a - b).map(String)
    }
    return h
  }
}

/** Control-region positions the generator places variants at: 16024–16569 and 1–576 without the three C-stretches. */
const CONTROL_REGION = [[16024, 16183], [16194, 16569], [1, 302], [316, 567], [574, 576]] as const
const CR_LENGTH = CONTROL_REGION.reduce((n, [s, e]) => n + e - s + 1, 0)

/** A uniform control-region position outside the C-stretches. */
export function controlRegionPosition (rng: Rng): number {
  let k = rng.below(CR_LENGTH)
  for (const [s, e] of CONTROL_REGION) {
    if (k <= e - s) return s + k
    k -= e - s + 1
  }
  return 16024
}

/**
 * mtDNA founders: `lineages` haplogroup-like motifs of 6 to 14 substitutions at uniform control-region
 * positions (the base drawn among A, C, G, T: synthetic, not the rCRS's alternatives), each with 263G and,
 * in 90%, 315.1C (near-universal outside haplogroup H2a2, the rCRS's own); a founder adds Poisson(ν·1122·G)
 * private substitutions for G generations of drift. A founder's profile is the whole control region; what a
 * lab sequenced is drawn apart (typedMito).
 */
export function createMitoFounders (siteRate: number, opts: FounderOptions, rng: Rng): () => MitoProfile {
  const base = (): string => 'ACGT'[rng.below(4)]
  const motifs = Array.from({ length: opts.lineages }, () => {
    const v = new Map<number, string>([[263, 'G']])
    const n = 6 + rng.below(9)
    while (v.size < n + 1) v.set(controlRegionPosition(rng), base())
    const list = [...v].map(([p, b]) => `${p}${b}`)
    if (rng.next() < 0.9) list.push('315.1C')
    return list
  })
  const pick = lineagePicker(opts.lineages, rng)
  return () => {
    const variants = new Set(motifs[pick()])
    const g = opts.generations[0] + rng.below(opts.generations[1] - opts.generations[0] + 1)
    const own = poisson(siteRate * CR_LENGTH * g, rng)
    for (let k = 0; k < own; k++) variants.add(`${controlRegionPosition(rng)}${base()}`)
    return { ranges: FULL_CONTROL_REGION, variants: inRangesOnly([...variants], FULL_CONTROL_REGION) }
  }
}

/** The whole control region: a founder's and every carrier's true sequence, before a lab types part of it. */
export const FULL_CONTROL_REGION: ReadonlyArray<readonly [number, number]> = [[1, 576], [16024, 16569]]

/** The range a lab sequenced: 80% the whole control region, 20% HV1 and HV2 only; the variants outside it dropped. */
export function typedMito (truth: MitoProfile, rng: Rng): MitoProfile {
  const ranges: Array<[number, number]> = rng.next() < 0.8 ? [[1, 576], [16024, 16569]] : [[73, 340], [16024, 16365]]
  return { ranges, variants: inRangesOnly(truth.variants, ranges) }
}

/** Variants inside the ranges, one per position (a later one at a position replaces an earlier), sorted. */
export function inRangesOnly (variants: readonly string[], ranges: ReadonlyArray<readonly [number, number]>): string[] {
  const byPosition = new Map<string, string>()
  for (const v of variants) {
    const m = /^(\d+(?:\.\d+)?)/.exec(v)!
    const p = Math.floor(Number(m[1]))
    if (ranges.some(([s, e]) => p >= s && p <= e)) byPosition.set(m[1], v)
  }
  return [...byPosition.entries()].sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => v)
}

function lineagePicker (n: number, rng: Rng): () => number {
  const cum = new Float64Array(n)
  let acc = 0
  for (let i = 0; i < n; i++) cum[i] = (acc += 1 / (i + 1))
  return () => {
    const u = rng.next() * acc
    let i = 0
    while (i < n - 1 && u >= cum[i]) i++
    return i
  }
}

/** Knuth's Poisson draw (the means here are below ~60). */
export function poisson (mean: number, rng: Rng): number {
  const limit = Math.exp(-mean)
  let k = 0
  let p = rng.next()
  while (p > limit) { k++; p *= rng.next() }
  return k
}
