import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Piscina } from 'piscina'
import type { KinshipCase, LocusModel, LrOptions } from '../core/pedigree/kinship-case.ts'
import type { Profile } from '../core/markers/profile.ts'
import type { FamilyCodeTables } from '../core/screening/screening-bound.ts'
import type { AlleleDictionary, ScreeningIndex } from '../core/screening/screening-table.ts'
import type { ScoredPair } from '../../workers/scan-worker.ts'
import { concatShared } from './scan-index.ts'

/**
 * A plain-JS entry that registers tsx and then loads workers/scan-worker.ts: with Node 20, piscina's
 * threads started with execArgv ['--import', 'tsx'] (worker-file.ts) still fail on the .ts file.
 */
export const SCAN_WORKER_FILE = fileURLToPath(new URL('../../workers/scan-worker-entry.mjs', import.meta.url))

/** Hits of a sharded scan, merged: parallel arrays (query k, other side's index, bound). */
export interface MergedHits { query: Int32Array, other: Int32Array, bound: Float64Array }

/**
 * The national-scale scan on a piscina pool: each scan is cut into `shards` ranges run in parallel;
 * the main thread only merges what the workers hand back (typed arrays, moved).
 */
export interface ScanPool {
  threads: number
  /**
   * The screening index of `count` families, built in batches in the workers; `batchFor(from, to)` makes
   * a batch's cases on demand, so 10^6 families are never all held as objects at once.
   */
  buildIndex: (dict: AlleleDictionary, count: number, batchFor: (from: number, to: number) => { kcases: KinshipCase[], refCodes: number[][][] }, loci: LocusModel[], options: LrOptions, batch?: number) => Promise<ScreeningIndex>
  buildFamilyTables: (dict: AlleleDictionary, kcases: KinshipCase[], loci: LocusModel[], options: LrOptions) => Promise<FamilyCodeTables[]>
  /** K candidates (codes K × loci × 2) against every family of the index. */
  screenCandidates: (index: ScreeningIndex, base: number[], codes: Uint8Array, candidates: number, threshold: number) => Promise<MergedHits>
  /** K families against every person (codes in a SharedArrayBuffer). */
  screenFamilies: (families: FamilyCodeTables[], personCodes: Uint8Array, persons: number, threshold: number) => Promise<MergedHits>
  plainPass: (task: { index?: ScreeningIndex, personCodes?: Uint8Array, loci: number, count: number, repeat: number }) => Promise<number>
  scorePairs: (loci: LocusModel[], options: LrOptions, pairs: Array<{ kcase: KinshipCase, profile: Profile }>) => Promise<ScoredPair[]>
  close: () => Promise<void>
}

export function createScanPool (options: { workers?: number, shards?: number } = {}): ScanPool {
  const threads = options.workers !== undefined && options.workers > 0 ? options.workers : availableParallelism()
  const shards = options.shards ?? threads
  const pool = new Piscina({ filename: SCAN_WORKER_FILE, minThreads: threads, maxThreads: threads, idleTimeout: 60_000 })
  const ranges = (count: number): Array<[number, number]> => {
    const out: Array<[number, number]> = []
    const step = Math.ceil(count / shards)
    for (let from = 0; from < count; from += step) out.push([from, Math.min(count, from + step)])
    return out
  }
  const merge = (parts: Float64Array[]): MergedHits => {
    const n = parts.reduce((acc, p) => acc + p.length / 3, 0)
    const query = new Int32Array(n)
    const other = new Int32Array(n)
    const bound = new Float64Array(n)
    let i = 0
    for (const p of parts) {
      for (let j = 0; j < p.length; j += 3, i++) {
        query[i] = p[j]
        other[i] = p[j + 1]
        bound[i] = p[j + 2]
      }
    }
    return { query, other, bound }
  }
  return {
    threads,
    async buildIndex (dict, count, batchFor, loci, lrOptions, batch = 200) {
      const parts: ScreeningIndex[] = []
      let next = 0
      const lane = async (): Promise<void> => {
        while (next < count) {
          const from = next
          const to = Math.min(count, from + batch)
          next = to
          const { kcases, refCodes } = batchFor(from, to)
          parts[from / batch] = await pool.run({ dict, kcases, refCodes, loci, options: lrOptions }, { name: 'buildIndex' })
        }
      }
      // Two tasks in flight per thread keep every worker busy while the next batch is being made.
      await Promise.all(Array.from({ length: threads * 2 }, lane))
      return concatShared(parts)
    },
    async buildFamilyTables (dict, kcases, loci, lrOptions) {
      const per = Math.ceil(kcases.length / threads)
      const tasks: Array<Promise<FamilyCodeTables[]>> = []
      for (let i = 0; i < kcases.length; i += per) tasks.push(pool.run({ dict, kcases: kcases.slice(i, i + per), loci, options: lrOptions }, { name: 'buildFamilyTables' }))
      return (await Promise.all(tasks)).flat()
    },
    async screenCandidates (index, base, codes, candidates, threshold) {
      const parts = await Promise.all(ranges(index.families).map(([from, to]) =>
        pool.run({ index, base, codes, candidates, from, to, threshold }, { name: 'screenCandidatesShard' }) as Promise<Float64Array>))
      return merge(parts)
    },
    async screenFamilies (families, personCodes, persons, threshold) {
      const parts = await Promise.all(ranges(persons).map(([from, to]) =>
        pool.run({ families, personCodes, from, to, threshold }, { name: 'screenFamiliesShard' }) as Promise<Float64Array>))
      return merge(parts)
    },
    async plainPass ({ index, personCodes, loci, count, repeat }) {
      const sums = await Promise.all(ranges(count).map(([from, to]) => pool.run({ index, personCodes, loci, from, to, repeat }, { name: 'plainPass' }) as Promise<number>))
      return sums.reduce((a, b) => a + b, 0)
    },
    async scorePairs (loci, lrOptions, pairs) {
      const per = Math.max(1, Math.ceil(pairs.length / (threads * 4)))
      const tasks: Array<Promise<ScoredPair[]>> = []
      for (let i = 0; i < pairs.length; i += per) tasks.push(pool.run({ loci, options: lrOptions, pairs: pairs.slice(i, i + per) }, { name: 'scorePairs' }))
      return (await Promise.all(tasks)).flat()
    },
    close: async () => { await pool.destroy() }
  }
}
