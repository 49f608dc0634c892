import { C_STRETCHES } from './mito-c-stretch.ts'
import type { MitoProfile } from './mito-profile.ts'
import { formatRanges, type MitoRange } from './mito-range.ts'
import type { YHaplotype } from './y-haplotype.ts'
import type { YLocusName } from './y-loci.ts'

/**
 * A lineage haplotype's population frequency by counting: `matches` of the `size` database haplotypes
 * comparable with it (typed at the same loci, or covering the same range) are equal to it.
 */
export interface HaplotypeFrequency {
  frequency: number
  matches: number
  size: number
  method: 'y-counting (x+1)/(N+1)' | 'mito-counting (x+2)/(n+2)'
}

/**
 * Y-STR: the counting method with the candidate added to the database, (x + 1)/(N + 1), as the ISFG DNA
 * Commission on Y-STRs (Roewer et al. 2020, FSI:Genetics 48:102308) allows for a haplotype's match
 * probability; a haplotype never seen gets 1/(N + 1), never 0. The kappa method (Brenner 2010) and
 * discrete-Laplace models give smaller frequencies for unseen haplotypes, so larger LRs; counting is used
 * because it is the conservative one, needs no model fit, and a national database's N grows with every entry.
 *
 * @example yCountingFrequency(0, 999) // 1/1000
 */
export function yCountingFrequency (matches: number, size: number): number {
  return (matches + 1) / (size + 1)
}

/**
 * mtDNA: counting with the candidate and the reference added, (x + 2)/(n + 2) (DOMAIN.md §8; the augmented
 * counting of the ISFG mtDNA recommendations, Parson et al. 2014, FSI:Genetics 13:134, which ask for the
 * database count behind every frequency and a correction for the database's size).
 *
 * @example mitoCountingFrequency(0, 998) // 2/1000
 */
export function mitoCountingFrequency (matches: number, size: number): number {
  return (matches + 2) / (size + 2)
}

/** The database's haplotypes of one system, in memory, kept up to date on entry, queried per comparison. */
export interface HaplotypeIndex<H, Over> {
  add: (id: string, haplotype: H) => void
  remove: (id: string) => void
  /** The candidate's frequency over the compared loci / range, leaving out `exclude` (the candidate himself, the case's references). */
  frequency: (candidate: H, over: Over, exclude?: ReadonlySet<string>) => HaplotypeFrequency
  readonly size: number
}

/**
 * An index of Y haplotypes. A query counts the haplotypes typed at every compared locus (N) and those equal
 * there (x); each locus set's counts are built once, then kept up to date by add and remove, so a query
 * costs a map lookup after the first.
 *
 * @example const idx = createYHaplotypeIndex(); idx.add('P1', { DYS19: ['14'] })
 *   idx.frequency({ DYS19: ['14'] }, ['DYS19']) // { matches: 1, size: 1, frequency: 1 }
 */
export function createYHaplotypeIndex (): HaplotypeIndex<YHaplotype, readonly YLocusName[]> {
  return createIndex<YHaplotype, readonly YLocusName[]>(
    (loci) => [...loci].sort().join('|'),
    (h, loci) => {
      const parts: string[] = []
      for (const l of [...loci].sort()) {
        const a = h[l]
        if (a === undefined) return undefined
        parts.push(a.join(','))
      }
      return parts.join('|')
    },
    yCountingFrequency,
    'y-counting (x+1)/(N+1)'
  )
}

/**
 * An index of mtDNA profiles. Comparable: a profile whose ranges cover the whole overlap; equal: the same
 * variants inside it. C-stretch length variants (insertions and deletions in 303–315, 568–573 and
 * 16184–16193) are left out of the comparison, as EMPOP's database queries leave them out: their length is
 * unstable within a person and between a mother and her children.
 */
export function createMitoHaplotypeIndex (): HaplotypeIndex<MitoProfile, readonly MitoRange[]> {
  return createIndex<MitoProfile, readonly MitoRange[]>(
    (over) => formatRanges(over),
    (p, over) => {
      const covers = over.every(([s, e]) => p.ranges.some(([ps, pe]) => ps <= s && pe >= e))
      return covers ? comparedVariants(p, over).join(' ') : undefined
    },
    mitoCountingFrequency,
    'mito-counting (x+2)/(n+2)'
  )
}

/**
 * The variants of a profile that count in a comparison over `over`: inside it, C-stretch length variants left out.
 *
 * @example comparedVariants({ ranges: [[1, 576]], variants: ['263G', '315.1C'] }, [[1, 576]]) // ['263G']
 */
export function comparedVariants (p: MitoProfile, over: readonly MitoRange[]): string[] {
  return p.variants.filter((v) => {
    const m = /^(\d+)(\.\d+)?(.+)$/.exec(v)!
    const position = Number(m[1])
    if (!over.some(([s, e]) => position >= s && position <= e)) return false
    const length = m[2] !== undefined || m[3] === 'DEL'
    return !(length && C_STRETCHES.some((c) => position >= c.start - 1 && position <= c.end))
  })
}

function createIndex<H, Over> (
  overKey: (over: Over) => string,
  project: (h: H, over: Over) => string | undefined,
  correct: (matches: number, size: number) => number,
  method: HaplotypeFrequency['method']
): HaplotypeIndex<H, Over> {
  const entries = new Map<string, H>()
  // over key → (projected haplotype → ids), and the ids comparable at all: built on the first query of that key.
  const views = new Map<string, { over: Over, byKey: Map<string, Set<string>>, comparable: Set<string> }>()
  const place = (view: { over: Over, byKey: Map<string, Set<string>>, comparable: Set<string> }, id: string, h: H): void => {
    const key = project(h, view.over)
    if (key === undefined) return
    view.comparable.add(id)
    let ids = view.byKey.get(key)
    if (ids === undefined) view.byKey.set(key, (ids = new Set()))
    ids.add(id)
  }
  const unplace = (id: string, h: H): void => {
    for (const view of views.values()) {
      const key = project(h, view.over)
      if (key === undefined) continue
      view.comparable.delete(id)
      view.byKey.get(key)?.delete(id)
    }
  }
  return {
    add (id, h) {
      const before = entries.get(id)
      if (before !== undefined) unplace(id, before)
      entries.set(id, h)
      for (const view of views.values()) place(view, id, h)
    },
    remove (id) {
      const before = entries.get(id)
      if (before === undefined) return
      unplace(id, before)
      entries.delete(id)
    },
    frequency (candidate, over, exclude = new Set()) {
      const k = overKey(over)
      let view = views.get(k)
      if (view === undefined) {
        view = { over, byKey: new Map(), comparable: new Set() }
        for (const [id, h] of entries) place(view, id, h)
        views.set(k, view)
      }
      const key = project(candidate, over)
      const same = key === undefined ? undefined : view.byKey.get(key)
      let matches = same?.size ?? 0
      let size = view.comparable.size
      for (const id of exclude) {
        if (view.comparable.has(id)) size--
        if (same?.has(id) === true) matches--
      }
      return { frequency: correct(matches, size), matches, size, method }
    },
    get size () { return entries.size }
  }
}
