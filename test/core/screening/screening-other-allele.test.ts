// Alleles without a code of their own share OTHER_ALLELE; the screen must stay exact around them, in
// references (S holds OTHER, even alone) and in candidates, from both sides: checked on every pair
// against kinshipLr (issue 15 item 3: "never a silently missed pair").
import t from 'tap'
import { kinshipLr } from '../../../src/core/lr/kinship-lr.ts'
import type { Profile } from '../../../src/core/markers/profile.ts'
import type { KinshipCase, LrOptions } from '../../../src/core/pedigree/kinship-case.ts'
import { createAlleleCodebook, OTHER_ALLELE } from '../../../src/core/screening/allele-codebook.ts'
import { familyCodeTables, SCREEN_SLACK, screenCandidate, screenFamily } from '../../../src/core/screening/screening-bound.ts'
import { familyTables } from '../../../src/core/screening/screening-population.ts'
import { buildScreeningIndex } from '../../../src/core/screening/screening-table.ts'
import { UNTYPED } from '../../../src/core/simulation/simulate-population.ts'
import { withCandidate } from '../../../src/core/simulation/simulate-cases.ts'
import { SCAN_TEST_LOCI } from '../../helpers/scan-loci.ts'
import { createRng } from '../../helpers/simulate-family.ts'

const loci = SCAN_TEST_LOCI
const L = loci.length
const options: LrOptions = { theta: 0, mutation: { model: 'stepwise', rate: 0.02, range: 0.3 }, unknownAllele: { rule: 'fixed', frequency: 0.001 } }
// Uncodable (not a plausible repeat number, or an implausible decimal), codable extras, and the table's own.
const UNCODABLE = ['150', '7.7', '9.123']
const EXTRA = ['11.1', '5', '13.2']
const rng = createRng(4242)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]

function allele (l: number, odd: boolean): string {
  const u = odd ? rng() : 1
  return u < 0.12 ? pick(UNCODABLE) : u < 0.2 ? pick(EXTRA) : pick(loci[l].alleles)
}
/** A random profile; `odd`: with uncodable and extra alleles among the table's. */
function profile (odd = true): Profile {
  return Object.fromEntries(loci.map((locus, l) => [locus.name, [allele(l, odd), allele(l, odd)] as const]))
}
function child (father: Profile, mother: Profile): Profile {
  return Object.fromEntries(loci.map((locus) => [locus.name, [pick(father[locus.name]), pick(mother[locus.name])] as const]))
}

const trio = [{ id: 'F', sex: 'male' as const }, { id: 'M', sex: 'female' as const }, { id: 'MP', sex: 'male' as const, father: 'F', mother: 'M' }]
const families: KinshipCase[] = []
const candidates: Profile[] = []
for (let f = 0; f < 12; f++) {
  // Family 0: the table's alleles only, but the father homozygous for an uncodable allele at TH01, so S
  // holds OTHER alone there and only that locus can keep the children's pairs for the engine.
  const F = profile(f !== 0)
  const M = profile(f !== 0)
  if (f === 0) F.TH01 = ['150', '150']
  families.push({ persons: trio, missingPerson: 'MP', genotypes: f % 3 === 0 ? { F } : { F, M } })
  candidates.push(child(F, M), child(F, M))
}
for (let p = 0; p < 60; p++) candidates.push(profile())

t.test('with uncodable alleles on both sides, no pair is bounded below its LR, from either side', async (t) => {
  const book = createAlleleCodebook(loci)
  const refCodes = families.map((k) => {
    const refs: number[][] = Array.from({ length: L }, () => [])
    for (const [id, g] of Object.entries(k.genotypes)) {
      if (id === k.missingPerson) continue
      const codes = book.encode(g)
      for (let l = 0; l < L; l++) if (codes[2 * l] !== UNTYPED) refs[l].push(codes[2 * l], codes[2 * l + 1])
    }
    return refs
  })
  const tables = families.map((k) => familyTables(k, loci, options))
  const index = buildScreeningIndex(book.dict, tables, refCodes)
  t.same(Array.from(index.sAlleles.subarray(index.sOffset[0], index.sOffset[0] + index.sCount[0])), [OTHER_ALLELE], 'family 0, TH01: S = {OTHER}')
  const personCodes = new Uint8Array(candidates.length * L * 2)
  candidates.forEach((c, p) => personCodes.set(book.encode(c), p * L * 2))
  const codeTables = tables.map((x) => familyCodeTables(book.dict, x))

  let pairs = 0
  let withOther = 0
  let lowByCandidate = 0
  let lowByFamily = 0
  let trueAbove = 0
  for (let p = 0; p < candidates.length; p++) {
    const codes = personCodes.subarray(p * L * 2, (p + 1) * L * 2)
    // Threshold 0: every family comes back but those proven at LR 0 (a bound of 0, or 0 × +∞).
    const hits = screenCandidate(index, book.dict.base, codes, 0, families.length, 0)
    const byCandidate = new Float64Array(families.length)
    for (let h = 0; h < hits.count; h++) byCandidate[hits.index[h]] = hits.bound[h]
    const hasOther = codes.includes(OTHER_ALLELE)
    for (let f = 0; f < families.length; f++) {
      const r = kinshipLr(withCandidate(families[f], candidates[p]), loci, options)
      const lr = r.log10Lr === null ? 0 : 10 ** r.log10Lr
      const familyHits = screenFamily(codeTables[f], personCodes, p, p + 1, 0)
      const byFamily = familyHits.count === 1 ? familyHits.bound[0] : 0
      pairs++
      if (hasOther) withOther++
      if (p < 2 * families.length && Math.floor(p / 2) === f && lr >= 100) trueAbove++
      if (byCandidate[f] < lr * (1 - SCREEN_SLACK)) lowByCandidate++
      if (byFamily < lr * (1 - SCREEN_SLACK)) lowByFamily++
    }
  }
  t.ok(withOther > pairs / 4, `${withOther} of ${pairs} pairs involve a candidate allele coded OTHER`)
  t.ok(trueAbove > 12, `${trueAbove} true children with LR ≥ 100`)
  t.equal(lowByCandidate, 0, 'the per-candidate bound (compact tables) is never below the LR')
  t.equal(lowByFamily, 0, 'the per-family bound (code tables) is never below the LR')
})
