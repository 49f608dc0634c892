// One question (issue 14): how much do lineage markers (Y-STR, mtDNA) add to the autosomal search? Per family
// shape, the share of true children found at rank 1 with LR ≥ 10^4 against every case, without and with the
// lineage LRs (combined LR = autosomal × Y × mtDNA, independent given the pedigree); and for unrelated persons
// the pairs reaching 10^3 and 10^4 against the bound pairs/t. Computed from the core directly, not through the
// service: autosomal LRs from the national bench's screen and engine (src/runs/scan-pool.ts), lineage LRs from
// src/core/lineage, frequencies by counting in the persons' haplotypes (the candidate left out).
//
//   node --import tsx bench/lineage.ts                        # 1,000 cases × 10,000 persons, 300 planted, 300 unrelated: ~15 min here
//   HOMEWARD_BENCH_LINEAGE_CASES=10000 HOMEWARD_BENCH_LINEAGE_PERSONS=100000 HOMEWARD_BENCH_LINEAGE_PLANTED=2000 \
//   HOMEWARD_BENCH_LINEAGE_UNRELATED=2000 node --import tsx bench/lineage.ts   # the full one (hours on 2 cores)
//
// One run here (2026-12-01, default size, seed 14, load average ~18 on the shared 2 cores; 13 min wall), rank 1 with
// LR >= 10^4, autosomal -> with lineage, among boys: uncle 0% -> 57%, paternal grandparents 29% -> 94%, half sibling
// 0% -> 62%, sibling 86% -> 90%; all shapes pooled over both sexes: uncle 0% -> 28%, half sibling 0% -> 28%. Unrelated:
// 150,266 same-sex pairs, LR >= 10^3: 2 autosomal, 1 with lineage (bound 150); >= 10^4: 1 and 0 (bound 15). At this
// size the frequency database holds ~5,000 Y haplotypes and 10,000 mitotypes, so an unseen haplotype's LR is capped
// near 5,000 and 5,000: a national database's larger N makes the lineage LRs larger than here.
import { loadavg } from 'node:os'
import { createMitoHaplotypeIndex, createYHaplotypeIndex } from '../src/core/lineage/haplotype-frequency.ts'
import { lineageRelations, type LineageRelations } from '../src/core/lineage/lineage-relations.ts'
import { mitoLineLr } from '../src/core/lineage/mito-lr.ts'
import type { MitoProfile } from '../src/core/lineage/mito-profile.ts'
import type { YHaplotype } from '../src/core/lineage/y-haplotype.ts'
import { yLineLr } from '../src/core/lineage/y-lr.ts'
import { SCREEN_SLACK } from '../src/core/screening/screening-bound.ts'
import { alleleDictionary, referenceCodes } from '../src/core/screening/screening-population.ts'
import { simulatedCase, simulatedProfile } from '../src/core/simulation/simulate-cases.ts'
import { simulateLineage } from '../src/core/simulation/simulate-lineage.ts'
import { simulatePopulation } from '../src/core/simulation/simulate-population.ts'
import { FAMILY_SHAPES } from '../src/core/simulation/simulate-shapes.ts'
import { createScanPool } from '../src/runs/scan-pool.ts'
import { fmtInt, fmtMs, median, printTable, timed } from './lib/measure.ts'
import { benchLoci, BENCH_OPTIONS } from './lib/population-model.ts'

const env = (name: string, fallback: number): number => Number(process.env[`HOMEWARD_BENCH_LINEAGE_${name}`] ?? fallback)

export async function runLineage (): Promise<void> {
  const N = env('CASES', 1000)
  const M = env('PERSONS', 10000)
  const P = Math.min(N, env('PLANTED', 300))
  const U = env('UNRELATED', 300)
  const seed = env('SEED', 14)
  const loci = benchLoci()
  const L = loci.length
  const options = BENCH_OPTIONS
  // Every shape equally often, so each row has P/10 true children (the national mix has 4% uncles).
  const shapes = FAMILY_SHAPES.map((s) => ({ ...s, weight: 1 / FAMILY_SHAPES.length }))
  const pop = simulatePopulation({ seed, cases: N, persons: M, plantedFraction: P / M, loci, coreLoci: 20, mutation: options.mutation, shapes })
  const lin = simulateLineage(pop, { seed })
  console.log(`\n## Lineage markers (issue 14): ${fmtInt(N)} cases × ${fmtInt(M)} persons (${fmtInt(P)} planted, ${fmtInt(U)} unrelated compared), θ = ${options.theta}, Yfiler Plus and control-region mtDNA for every typed person; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`)

  // Frequencies: the persons' haplotypes are the database (a candidate is left out of his own count).
  const yIndex = createYHaplotypeIndex()
  const mtIndex = createMitoHaplotypeIndex()
  for (let p = 0; p < M; p++) {
    const y = lin.personY[p]
    if (y !== undefined) yIndex.add(`P${p}`, y)
    const m = lin.personMito[p]
    if (m !== undefined) mtIndex.add(`P${p}`, m)
  }
  const lines: LineageRelations[] = []
  const refY: Array<Record<string, YHaplotype>> = []
  const refMito: Array<Record<string, MitoProfile>> = []
  for (let c = 0; c < N; c++) {
    const kcase = simulatedCase(pop, c)
    const typed = pop.shapes[pop.caseShape[c]].typed
    lines.push(lineageRelations(kcase, typed))
    refY.push({})
    refMito.push({})
    typed.forEach((id, r) => {
      const y = lin.refY[pop.refOffset[c] + r]
      if (y !== undefined) refY[c][id] = y
      const m = lin.refMito[pop.refOffset[c] + r]
      if (m !== undefined) refMito[c][id] = m
    })
  }
  let lineageCount = 0
  const yCache = new Map<string, number>() // per-locus and per-site ratios shared across pairs (y-lr.ts, mito-lr.ts)
  const mtCache = new Map<string, number>()
  const lineageLog10 = (c: number, p: number): number => {
    lineageCount++
    const exclude = new Set([`P${p}`])
    const cy = lin.personY[p]
    const cm = lin.personMito[p]
    const y = cy === undefined ? undefined : yLineLr(lines[c].paternal, refY[c], cy, (h, l) => yIndex.frequency(h, l, exclude), { cache: yCache })
    const m = cm === undefined ? undefined : mitoLineLr(lines[c].maternal, refMito[c], cm, (h, o) => mtIndex.frequency(h, o, exclude), { cache: mtCache })
    return (y?.log10Lr ?? 0) + (m?.log10Lr ?? 0)
  }

  const scan = createScanPool({ workers: env('WORKERS', 2) })
  const dict = alleleDictionary(loci)
  const base = [...dict.base]
  const build = await timed(() => scan.buildIndex(dict, N, (from, to) => ({
    kcases: Array.from({ length: to - from }, (_, i) => simulatedCase(pop, from + i)),
    refCodes: Array.from({ length: to - from }, (_, i) => referenceCodes(pop.refAlleles, pop.refOffset[from + i], pop.refOffset[from + i + 1], L))
  }), loci, options))
  const index = build.value
  const codesOf = (p: number): Uint8Array => pop.personAlleles.slice(p * L * 2, (p + 1) * L * 2)
  const sameSex = (c: number, p: number): boolean => pop.caseMpSex[c] === pop.personSex[p]
  const score = async (pairs: Array<{ c: number, p: number }>): Promise<number[]> =>
    (await scan.scorePairs(loci, options, pairs.map(({ c, p }) => ({ kcase: simulatedCase(pop, c), profile: simulatedProfile(pop, p) })))).map((r) => r.log10Lr ?? -Infinity)

  // Autosomal LRs of every family whose screening bound could put it at or above `log10Needed(c)`: exact, else −∞.
  const rivalsOf = async (p: number, log10Floor: number, log10Needed: (c: number) => number): Promise<Map<number, number>> => {
    const hits = await scan.screenCandidates(index, base, codesOf(p), 1, 10 ** log10Floor)
    const pairs: Array<{ c: number, p: number }> = []
    for (let i = 0; i < hits.other.length; i++) {
      const c = hits.other[i]
      if (sameSex(c, p) && Math.log10(hits.bound[i]) >= log10Needed(c) + Math.log10(1 - SCREEN_SLACK)) pairs.push({ c, p })
    }
    const lrs = await score(pairs)
    return new Map(pairs.map(({ c }, i) => [c, lrs[i]]))
  }

  // Planted persons: rank 1 with LR ≥ 10^4 among every same-sex case, autosomal alone and combined.
  const planted = Array.from({ length: M }, (_, p) => p).filter((p) => pop.personTrueCase[p] >= 0)
  const plantedRun = await timed(async () => {
    const trueAuto = await score(planted.map((p) => ({ c: pop.personTrueCase[p], p })))
    const rows: Array<{ shape: number, male: boolean, auto: number, combined: number, foundAuto: boolean, foundCombined: boolean }> = []
    for (let k = 0; k < planted.length; k++) {
      const p = planted[k]
      const c0 = pop.personTrueCase[p]
      const linLog = new Float64Array(N).fill(-Infinity)
      for (let c = 0; c < N; c++) if (sameSex(c, p)) linLog[c] = lineageLog10(c, p)
      const auto = trueAuto[k]
      const combined = auto + linLog[c0]
      const maxLin = Math.max(0, ...linLog.filter((x, c) => c !== c0 && Number.isFinite(x)))
      let foundAuto = false
      let foundCombined = false
      if (auto >= 4 || combined >= 4) {
        const floor = Math.min(auto, combined - maxLin)
        const rivals = await rivalsOf(p, floor, (c) => Math.min(auto, combined - linLog[c]))
        rivals.delete(c0)
        foundAuto = auto >= 4 && [...rivals.values()].every((lr) => lr < auto)
        foundCombined = combined >= 4 && [...rivals.entries()].every(([c, lr]) => lr + linLog[c] < combined)
      }
      rows.push({ shape: pop.caseShape[c0], male: pop.personSex[p] === 0, auto, combined, foundAuto, foundCombined })
    }
    return rows
  })
  const pct = (n: number, of: number): string => (of === 0 ? '–' : `${(100 * n / of).toFixed(0)}%`)
  printTable(`Planted true children: found at rank 1 with LR ≥ 10^4 among all ${fmtInt(N)} cases (same sex), without and with lineage markers`,
    ['family shape', 'planted (male)', 'LR ≥ 10^4 autosomal', 'with lineage', 'rank 1, LR ≥ 10^4 autosomal', 'with lineage', 'of the boys, with lineage', 'median log10 LR autosomal', 'with lineage'],
    pop.shapes.map((shape, s) => {
      const r = plantedRun.value.filter((x) => x.shape === s)
      const boys = r.filter((x) => x.male)
      return [shape.name, `${r.length} (${boys.length})`, pct(r.filter((x) => x.auto >= 4).length, r.length), pct(r.filter((x) => x.combined >= 4).length, r.length),
        pct(r.filter((x) => x.foundAuto).length, r.length), pct(r.filter((x) => x.foundCombined).length, r.length),
        `${pct(boys.filter((x) => x.foundAuto).length, boys.length)} → ${pct(boys.filter((x) => x.foundCombined).length, boys.length)}`,
        median(r.map((x) => x.auto)).toFixed(1), median(r.map((x) => x.combined)).toFixed(1)]
    }))

  // Unrelated persons: every same-sex pair with a combined (or autosomal) LR ≥ 10^3, exactly.
  const unrelated = Array.from({ length: M }, (_, p) => p).filter((p) => pop.personTrueCase[p] < 0).slice(0, U)
  const unrelatedRun = await timed(async () => {
    let pairs = 0
    const counts = { auto3: 0, auto4: 0, comb3: 0, comb4: 0, lin3: 0 }
    for (const p of unrelated) {
      const linLog = new Float64Array(N).fill(-Infinity)
      for (let c = 0; c < N; c++) {
        if (!sameSex(c, p)) continue
        pairs++
        linLog[c] = lineageLog10(c, p)
        if (linLog[c] >= 3) counts.lin3++
      }
      const maxLin = Math.max(0, ...linLog.filter(Number.isFinite))
      const lrs = await rivalsOf(p, 3 - maxLin, (c) => Math.min(3, 3 - linLog[c]))
      for (const [c, lr] of lrs) {
        if (lr >= 3) counts.auto3++
        if (lr >= 4) counts.auto4++
        if (lr + linLog[c] >= 3) counts.comb3++
        if (lr + linLog[c] >= 4) counts.comb4++
      }
    }
    return { pairs, counts }
  })
  const { pairs, counts } = unrelatedRun.value
  printTable(`Unrelated persons (${fmtInt(unrelated.length)} against all ${fmtInt(N)} cases, same-sex pairs)`,
    ['threshold t', 'pairs compared', 'LR ≥ t autosomal', 'LR ≥ t with lineage', 'bound pairs/t'], [
      ['10^3', fmtInt(pairs), fmtInt(counts.auto3), fmtInt(counts.comb3), fmtInt(Math.round(pairs / 1e3))],
      ['10^4', fmtInt(pairs), fmtInt(counts.auto4), fmtInt(counts.comb4), fmtInt(Math.round(pairs / 1e4))]
    ])
  console.log(`\nPairs whose lineage LR alone reaches 10^3: ${fmtInt(counts.lin3)}.`)
  printTable('Times (shared 2-core machine: see the load average above)', ['step', 'time', 'note'], [
    [`screening index of ${fmtInt(N)} cases`, fmtMs(build.ms), ''],
    [`${fmtInt(planted.length)} planted persons against every case`, fmtMs(plantedRun.ms), ''],
    [`${fmtInt(unrelated.length)} unrelated persons against every case`, fmtMs(unrelatedRun.ms), ''],
    ['lineage LRs computed (Y + mtDNA per pair)', fmtInt(lineageCount), `${((plantedRun.ms + unrelatedRun.ms) * 1000 / lineageCount).toFixed(0)} µs per pair, autosomal work included`]
  ])
  await scan.close()
}

if (import.meta.url === `file://${process.argv[1]}`) await runLineage()
