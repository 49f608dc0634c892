import t from 'tap'
import type { LrOptions } from '../../src/core/pedigree/kinship-case.ts'
import { kinshipLr } from '../../src/core/lr/kinship-lr.ts'
import { screenCandidate } from '../../src/core/screening/screening-bound.ts'
import { alleleDictionary, buildFamiliesIndex, referenceCodes } from '../../src/core/screening/screening-population.ts'
import { simulatedCase, simulatedProfile, withCandidate } from '../../src/core/simulation/simulate-cases.ts'
import { simulatePopulation } from '../../src/core/simulation/simulate-population.ts'
import { sharedCopy } from '../../src/runs/scan-index.ts'
import { createScanPool } from '../../src/runs/scan-pool.ts'
import { SCAN_TEST_LOCI } from '../helpers/scan-loci.ts'

const loci = SCAN_TEST_LOCI
const mutation = { model: 'stepwise' as const, rate: 0.005, range: 0.3 }
const options: LrOptions = { theta: 0, mutation, unknownAllele: { rule: 'fixed', frequency: 0.001 } }
const L = loci.length

t.test('sharded scans through a real piscina pool give the in-process hits, and stored LRs are the engine\'s', async (t) => {
  const pop = simulatePopulation({ seed: 9, cases: 60, persons: 200, plantedFraction: 0.3, loci, coreLoci: 5, mutation })
  const dict = alleleDictionary(loci)
  const kcases = Array.from({ length: 60 }, (_, c) => simulatedCase(pop, c))
  const refCodes = kcases.map((_, c) => referenceCodes(pop.refAlleles, pop.refOffset[c], pop.refOffset[c + 1], L))
  const scan = createScanPool({ workers: 2, shards: 3 })
  t.teardown(() => scan.close())
  const index = await scan.buildIndex(dict, 60, (from, to) => ({ kcases: kcases.slice(from, to), refCodes: refCodes.slice(from, to) }), loci, options, 7)
  const local = buildFamiliesIndex(dict, kcases, refCodes, loci, options)
  t.same(Array.from(index.values), Array.from(local.values), 'the pooled index (built in 9 batches) equals the one built in one piece')
  t.same(Array.from(index.vOffset), Array.from(local.vOffset))

  const threshold = 100
  const codes = pop.personAlleles.subarray(0, 40 * L * 2)
  const pooled = await scan.screenCandidates(index, [...dict.base], codes, 40, threshold)
  const expected: string[] = []
  for (let k = 0; k < 40; k++) {
    const hits = screenCandidate(local, dict.base, codes.subarray(k * L * 2, (k + 1) * L * 2), 0, 60, threshold)
    for (let h = 0; h < hits.count; h++) expected.push(`${k}:${hits.index[h]}`)
  }
  const got = Array.from(pooled.query, (k, i) => `${k}:${pooled.other[i]}`)
  t.same(got.sort(), expected.sort(), 'candidate scan: same hits as in-process')
  t.ok(got.length > 0, `${got.length} hits`)

  const tables = await scan.buildFamilyTables(dict, kcases.slice(0, 5), loci, options)
  const fam = await scan.screenFamilies(tables, sharedCopy(pop.personAlleles), 200, threshold)
  const viaCandidates = new Set<string>()
  for (let p = 0; p < 200; p++) {
    const hits = screenCandidate(local, dict.base, pop.personAlleles.subarray(p * L * 2, (p + 1) * L * 2), 0, 5, threshold)
    for (let h = 0; h < hits.count; h++) viaCandidates.add(`${hits.index[h]}:${p}`)
  }
  for (let i = 0; i < fam.query.length; i++) {
    if (!viaCandidates.has(`${fam.query[i]}:${fam.other[i]}`)) t.fail(`family hit ${fam.query[i]}:${fam.other[i]} not kept by the per-person bound`)
  }

  const pairs = Array.from(fam.query, (c, i) => ({ kcase: kcases[c], profile: simulatedProfile(pop, fam.other[i]) }))
  const scored = await scan.scorePairs(loci, options, pairs)
  t.equal(scored.length, pairs.length)
  scored.forEach((s, i) => {
    const r = kinshipLr(withCandidate(pairs[i].kcase, pairs[i].profile), loci, options)
    if (s.log10Lr !== r.log10Lr) t.fail(`pair ${i}: ${s.log10Lr} vs ${r.log10Lr}`)
    if (!(r.log10Lr !== null && r.log10Lr >= Math.log10(threshold) - 1e-9) && Number.isFinite(fam.bound[i])) {
      // The family screen's bound is the engine's LR up to rounding, so every hit reaches the threshold.
      t.fail(`pair ${i} was screened in with LR ${r.log10Lr}`)
    }
  })
  const plain = await scan.plainPass({ personCodes: sharedCopy(pop.personAlleles), loci: L, count: 200, repeat: 1 })
  t.equal(plain, pop.personAlleles.reduce((a, b) => a + b, 0), 'the plain pass reads every byte once')
})
