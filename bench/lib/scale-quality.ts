import type { LocusModel, LrOptions } from '../../src/core/pedigree/kinship-case.ts'
import { SCREEN_SLACK } from '../../src/core/screening/screening-bound.ts'
import type { ScreeningIndex } from '../../src/core/screening/screening-table.ts'
import { simulatedCase, simulatedProfile } from '../../src/core/simulation/simulate-cases.ts'
import type { Population } from '../../src/core/simulation/simulate-population.ts'
import type { ScanPool } from '../../src/runs/scan-pool.ts'
import { fmtInt, median, printTable } from './measure.ts'
import type { ScaleConfig } from './scale-config.ts'

interface QualityInput { pop: Population, index: ScreeningIndex, base: number[], scan: ScanPool, loci: LocusModel[], options: LrOptions, cfg: ScaleConfig }

/**
 * Quality at scale. Planted persons: exact LR with their true family; if ≥ 10^4, every family whose bound
 * reaches that LR is scored exactly, so "rank 1" is decided against all N families, not a sample.
 * Unrelated persons: every family whose bound reaches 10^3 is scored; the counts above 10^3 and 10^4 are
 * set beside the bound (pairs compared)/t from P(LR ≥ t | unrelated) ≤ 1/t.
 */
export async function scaleQuality ({ pop, index, base, scan, loci, options, cfg }: QualityInput): Promise<void> {
  const L = loci.length
  const N = index.families
  const planted: number[] = []
  const unrelated: number[] = []
  for (let p = 0; p < cfg.persons; p++) {
    const c = pop.personTrueCase[p]
    if (c >= 0 && c < N && planted.length < cfg.plantedSample) planted.push(p)
    if (c < 0 && unrelated.length < cfg.unrelatedSample) unrelated.push(p)
  }
  const trueLr = await scan.scorePairs(loci, options, planted.map((p) => ({ kcase: simulatedCase(pop, pop.personTrueCase[p]), profile: simulatedProfile(pop, p) })))
  const strong = planted.map((_, k) => k).filter((k) => (trueLr[k].log10Lr ?? -Infinity) >= 4)
  const codes = new Uint8Array(strong.length * L * 2)
  strong.forEach((k, i) => codes.set(pop.personAlleles.subarray(planted[k] * L * 2, (planted[k] + 1) * L * 2), i * L * 2))
  const hits = await scan.screenCandidates(index, base, codes, strong.length, 1e4)
  const rivals: Array<{ k: number, c: number }> = []
  for (let i = 0; i < hits.query.length; i++) {
    const k = strong[hits.query[i]]
    const p = planted[k]
    const c = hits.other[i]
    if (c === pop.personTrueCase[p] || pop.caseMpSex[c] !== pop.personSex[p]) continue
    if (hits.bound[i] >= 10 ** (trueLr[k].log10Lr!) * (1 - SCREEN_SLACK)) rivals.push({ k, c })
  }
  const rivalLr = await scan.scorePairs(loci, options, rivals.map(({ k, c }) => ({ kcase: simulatedCase(pop, c), profile: simulatedProfile(pop, planted[k]) })))
  const beaten = new Set<number>()
  rivals.forEach(({ k }, i) => { if ((rivalLr[i].log10Lr ?? -Infinity) >= trueLr[k].log10Lr!) beaten.add(k) })

  const rows = pop.shapes.map((shape, s) => {
    const ks = planted.map((_, k) => k).filter((k) => pop.caseShape[pop.personTrueCase[planted[k]]] === s)
    const above = ks.filter((k) => (trueLr[k].log10Lr ?? -Infinity) >= 4)
    const found = above.filter((k) => !beaten.has(k))
    const logs = ks.map((k) => trueLr[k].log10Lr ?? -Infinity)
    const pct = (x: number): string => ks.length === 0 ? '–' : `${(100 * x / ks.length).toFixed(1)}%`
    return [shape.name, String(ks.length), pct(above.length), pct(found.length), ks.length === 0 ? '–' : median(logs).toFixed(1)]
  })
  printTable(`Planted relatives (${fmtInt(planted.length)} true children against all ${fmtInt(N)} cases)`,
    ['family shape', 'planted', 'LR ≥ 10^4', 'rank 1 and LR ≥ 10^4', 'median log10 LR'], rows)

  const uCodes = new Uint8Array(unrelated.length * L * 2)
  unrelated.forEach((p, i) => uCodes.set(pop.personAlleles.subarray(p * L * 2, (p + 1) * L * 2), i * L * 2))
  const uHits = await scan.screenCandidates(index, base, uCodes, unrelated.length, 1e3)
  const keep = Array.from(uHits.query.keys()).filter((i) => pop.caseMpSex[uHits.other[i]] === pop.personSex[unrelated[uHits.query[i]]])
  const uLr = await scan.scorePairs(loci, options, keep.map((i) => ({ kcase: simulatedCase(pop, uHits.other[i]), profile: simulatedProfile(pop, unrelated[uHits.query[i]]) })))
  const bySex = [0, 0]
  for (let c = 0; c < N; c++) bySex[pop.caseMpSex[c]]++
  const pairs = unrelated.reduce((acc, p) => acc + bySex[pop.personSex[p]], 0)
  const count = (t: number): number => uLr.filter((r) => (r.log10Lr ?? -Infinity) >= Math.log10(t)).length
  printTable(`Unrelated persons (${fmtInt(unrelated.length)} against all ${fmtInt(N)} cases, same-sex pairs only)`,
    ['threshold t', 'pairs compared', 'pairs with LR ≥ t', 'bound pairs/t', 'screened in (bound ≥ 10^3), scored exactly'], [
      ['10^3', fmtInt(pairs), fmtInt(count(1e3)), fmtInt(Math.round(pairs / 1e3)), fmtInt(keep.length)],
      ['10^4', fmtInt(pairs), fmtInt(count(1e4)), fmtInt(Math.round(pairs / 1e4)), '']
    ])
}
