// One question (issue 13): how long does the whole joint identification take at 10^4 unidentified persons ×
// 10^4 families on 2 cores, and how many planted children does it identify beside pairwise ranking alone?
// The pairwise LRs are made as the service makes them (the candidate screen on the scan pool, the exact engine
// for every pair that may reach the floor, sex-consistent pairs only), then the identification the service runs
// after each search (src/core/identification/link-identification.ts) is run on all of them at once.
//   npx tsx bench/identification.ts                      # 10^4 × 10^4 (BENCH_IDENT_N=2000 for a fifth)
import { availableParallelism, loadavg } from 'node:os'
import type { LrOptions } from '../src/core/pedigree/kinship-case.ts'
import { identifyLinks } from '../src/core/identification/link-identification.ts'
import type { PairLink } from '../src/core/identification/link-graph.ts'
import { alleleDictionary } from '../src/core/screening/screening-population.ts'
import { simulatedCase, simulatedProfile } from '../src/core/simulation/simulate-cases.ts'
import { createRng } from '../src/core/simulation/simulate-rng.ts'
import { simulatePopulation, UNTYPED, type Population } from '../src/core/simulation/simulate-population.ts'
import { createScanPool } from '../src/runs/scan-pool.ts'
import { fmtInt, fmtMs, printTable, timed } from './lib/measure.ts'
import { benchLoci, BENCH_MUTATION } from './lib/population-model.ts'

const N = Number(process.env.BENCH_IDENT_N ?? 10_000)
const WORKERS = Number(process.env.BENCH_WORKERS ?? Math.max(1, Math.min(2, availableParallelism())))
const FLOOR = 1000 // HOMEWARD_CANDIDATE_LR
const THRESHOLD = 1e4 // HOMEWARD_LR_THRESHOLD
const SIBLING_SHARE = 0.02

/**
 * 2% of the persons become a full sibling of a planted child of a trio case (both parents typed): a second
 * child drawn from the parents' typed genotypes by Mendel's law. Siblings compete with the true child for its
 * family's slot, the case the joint decision must get right. Returns how many were made.
 */
function plantSiblings (pop: Population, share: number, seed: number): number {
  const rng = createRng(seed, 7)
  const L = pop.loci.length
  const trio = pop.shapes.findIndex((s) => s.name === 'trio')
  const planted = [...pop.personTrueCase.keys()].filter((p) => pop.personTrueCase[p] >= 0 && pop.caseShape[pop.personTrueCase[p]] === trio)
  const unrelated = [...pop.personTrueCase.keys()].filter((p) => pop.personTrueCase[p] < 0)
  const n = Math.min(Math.round(share * pop.personSex.length), planted.length, unrelated.length)
  for (let k = 0; k < n; k++) {
    const c = pop.personTrueCase[planted[k]]
    const target = unrelated[k]
    const [f, m] = [pop.refOffset[c], pop.refOffset[c] + 1] // trio's typed: F, M
    for (let l = 0; l < L; l++) {
      const a = pop.refAlleles[(f * L + l) * 2 + (rng.nextU32() & 1)]
      const b = pop.refAlleles[(m * L + l) * 2 + (rng.nextU32() & 1)]
      const typed = a !== UNTYPED && b !== UNTYPED && pop.personAlleles[(target * L + l) * 2] !== UNTYPED
      pop.personAlleles[(target * L + l) * 2] = typed ? Math.min(a, b) : UNTYPED
      pop.personAlleles[(target * L + l) * 2 + 1] = typed ? Math.max(a, b) : UNTYPED
    }
    pop.personSex[target] = rng.nextU32() & 1
  }
  return n
}

async function main (): Promise<void> {
  const loci = benchLoci()
  const options: LrOptions = { theta: 0.01, mutation: BENCH_MUTATION, unknownAllele: { rule: 'fixed', frequency: 0.001 } }
  const pop = simulatePopulation({ seed: 13, cases: N, persons: N, plantedFraction: 0.5, loci, coreLoci: 20, mutation: BENCH_MUTATION })
  const siblings = plantSiblings(pop, SIBLING_SHARE, 13)
  console.log(`\n## Joint identification: ${fmtInt(N)} persons × ${fmtInt(N)} families (${fmtInt(siblings)} persons a sibling of a planted child), floor ${FLOOR}, threshold ${THRESHOLD}, ${WORKERS} workers, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`)

  const scan = createScanPool({ workers: WORKERS })
  const dict = alleleDictionary(loci)
  const cases = Array.from({ length: N }, (_, c) => c)
  const tables = await timed(() => scan.buildFamilyTables(dict, cases.map((c) => simulatedCase(pop, c)), loci, options))
  const hits = await timed(() => scan.screenFamilies(tables.value, pop.personAlleles, N, FLOOR))
  const keep = [...hits.value.query.keys()].filter((i) => pop.caseMpSex[hits.value.query[i]] === pop.personSex[hits.value.other[i]])
  const pairs = keep.map((i) => ({ c: hits.value.query[i], p: hits.value.other[i] }))
  const scored = await timed(() => scan.scorePairs(loci, options, pairs.map(({ c, p }) => ({ kcase: simulatedCase(pop, c), profile: simulatedProfile(pop, p) }))))
  await scan.close()

  const links: PairLink[] = []
  scored.value.forEach((r, i) => {
    if (r.log10Lr !== null && r.log10Lr >= Math.log10(FLOOR) - 1e-9) links.push({ slot: `C${pairs[i].c}`, person: `P${pairs[i].p}`, log10Lr: r.log10Lr, inconsistentLoci: r.inconsistentLoci })
  })
  // Every slot and person was compared with more entries than it has stored: unseen competitors at the floor.
  const unseen = (ids: Iterable<string>): Map<string, number> => new Map([...ids].map((id) => [id, Math.log10(FLOOR)]))
  const ident = await timed(() => identifyLinks({
    slots: cases.map((c) => ({ id: `C${c}`, family: `C${c}` })),
    links,
    unseenSlot: unseen(links.map((l) => l.slot)),
    unseenPerson: unseen(links.map((l) => l.person))
  }, { log10Threshold: Math.log10(THRESHOLD), log10Floor: Math.log10(FLOOR) }))

  // The planted children, judged two ways: the joint identification's assignment and conclusion, and rank 1 of
  // the family's pairwise list (the best LR, nothing else known).
  const strong = new Set(['Undisputed', 'Match (GLR)'])
  const probable = new Set([...strong, 'Probable'])
  const bestBySlot = new Map<string, PairLink>()
  for (const l of links) if ((bestBySlot.get(l.slot)?.log10Lr ?? -Infinity) < l.log10Lr) bestBySlot.set(l.slot, l)
  const truthOf = new Map<string, string>()
  for (let p = 0; p < N; p++) if (pop.personTrueCase[p] >= 0) truthOf.set(`C${pop.personTrueCase[p]}`, `P${p}`)
  const planted = truthOf.size
  const tally = { jointRight: 0, rank1: 0, joint: [0, 0], rank: [0, 0], jointWrong: [0, 0], rankWrong: [0, 0] }
  const log10T2 = Math.log10(THRESHOLD) - 1
  for (const [slot, x] of ident.value.slots) {
    const right = x.person === truthOf.get(slot)
    if (right) tally.jointRight++
    if (x.person === null) continue
    ;[strong, probable].forEach((set, k) => { if (set.has(x.conclusion)) { if (right) tally.joint[k]++; else tally.jointWrong[k]++ } })
  }
  for (const [slot, b] of bestBySlot) {
    const right = b.person === truthOf.get(slot)
    if (right) tally.rank1++
    ;[Math.log10(THRESHOLD) - 1e-9, log10T2 + 1e-9].forEach((t, k) => { if (b.log10Lr >= t) { if (right) tally.rank[k]++; else tally.rankWrong[k]++ } })
  }
  const sizes = ident.value.components.map((c) => c.slots.length + c.persons.length)
  const counts = new Map<string, number>()
  for (const x of ident.value.slots.values()) counts.set(x.conclusion, (counts.get(x.conclusion) ?? 0) + 1)

  const total = tables.ms + hits.ms + scored.ms + ident.ms
  const pct = (k: number): string => `${(100 * k / Math.max(1, planted)).toFixed(1)}%`
  printTable('Times', ['step', 'time', 'what'], [
    ['engine tables of every family (scan pool)', fmtMs(tables.ms), fmtInt(N)],
    ['screen every family against every person', fmtMs(hits.ms), `${fmtInt(hits.value.query.length)} pairs may reach the floor`],
    ['exact LRs of those (same sex)', fmtMs(scored.ms), `${fmtInt(pairs.length)} pairs, ${fmtInt(links.length)} at or above the floor`],
    ['joint identification (main thread)', fmtMs(ident.ms), `${fmtInt(ident.value.components.length)} components, largest ${Math.max(0, ...sizes)} members, ${ident.value.components.filter((c) => !c.joint).length} unsolved`],
    ['total (the engine tables are built once per family at entry in the service, and stored)', `${(total / 1000).toFixed(1)} s`, `load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`]
  ])
  printTable(`Planted children (${fmtInt(planted)})`, ['measure', 'joint identification', 'pairwise ranking alone'], [
    ['in its family\'s slot (joint: best assignment; pairwise: rank 1)', pct(tally.jointRight), pct(tally.rank1)],
    ['identified (joint: Undisputed or Match (GLR); pairwise: rank 1 with LR ≥ threshold)', pct(tally.joint[0]), pct(tally.rank[0])],
    ['identified or probable (joint: + Probable; pairwise: rank 1 with LR > threshold/10)', pct(tally.joint[1]), pct(tally.rank[1])],
    ['families given a wrong person, at those two levels', `${tally.jointWrong[0]} / ${tally.jointWrong[1]}`, `${tally.rankWrong[0]} / ${tally.rankWrong[1]}`]
  ])
  printTable('Conclusions per slot with a candidate', ['conclusion', 'slots'], [...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, fmtInt(v)]))
}

await main()
