import t from 'tap'
import { decide, expectedChanceMatches, isUndisputed, log10PosteriorOdds, posterior } from '../../../src/core/lr/decision.ts'
import { HomewardError } from '../../../src/core/errors.ts'

t.test('GB/T 37223 support threshold: LR 10,000 supports, just below does not', async (t) => {
  t.equal(decide({ log10Lr: 4, inconsistentLoci: 0 }).decision, 'supported')
  // a sum of per-locus log10 LRs that should be exactly 4 but rounds below it still supports
  t.equal(decide({ log10Lr: 0.1 + 0.2 + 3.7 - 1e-15, inconsistentLoci: 0 }).decision, 'supported')
  const below = decide({ log10Lr: Math.log10(9999), inconsistentLoci: 0 })
  t.equal(below.decision, 'inconclusive')
  t.equal(below.rule, 'lr-between')
  t.match(below.reason, /type more loci or relatives/)
  t.match(below.reason, /between 0\.0001 and 10,000;/)
})

t.test('exclusion threshold: LR below 0.0001 excludes, 0.0001 itself is inconclusive', async (t) => {
  t.equal(decide({ log10Lr: -4, inconsistentLoci: 0 }).decision, 'inconclusive')
  const ex = decide({ log10Lr: Math.log10(0.00009), inconsistentLoci: 0 })
  t.equal(ex.decision, 'excluded')
  t.equal(ex.rule, 'lr-excludes')
  t.match(ex.reason, /below 0\.0001;/)
  t.match(decide({ log10Lr: 1, inconsistentLoci: 0 }, { log10Support: 6, log10Exclude: -1, maxInconsistentLoci: 2 }).reason, /between 0\.1 and 1,000,000;/)
  t.equal(decide({ log10Lr: null, inconsistentLoci: 0 }).rule, 'lr-zero')
})

t.test('inconsistent loci: 3 exclude whatever the LR, 1–2 defer to the mutation-aware LR', async (t) => {
  const three = decide({ log10Lr: 8, inconsistentLoci: 3 })
  t.equal(three.decision, 'excluded')
  t.equal(three.rule, 'inconsistent-loci')
  // ISFG: state both the count and the LR
  t.match(three.reason, /3 inconsistent loci/)
  t.match(three.reason, /10\^8\.00/)
  const two = decide({ log10Lr: 5, inconsistentLoci: 2 })
  t.equal(two.decision, 'supported')
  t.match(two.reason, /2 inconsistent loci/)
  t.match(two.reason, /mutation/)
  const one = decide({ log10Lr: 2, inconsistentLoci: 1 })
  t.equal(one.decision, 'inconclusive')
  t.match(one.reason, /1 inconsistent locus/)
})

t.test('bad inputs are refused', async (t) => {
  t.throws(() => decide({ log10Lr: 1, inconsistentLoci: -1 }), HomewardError)
  t.throws(() => decide({ log10Lr: 1, inconsistentLoci: 1.5 }), HomewardError)
  t.throws(() => decide({ log10Lr: NaN, inconsistentLoci: 0 }), HomewardError)
  t.throws(() => posterior(1, 1.2), HomewardError)
  t.throws(() => expectedChanceMatches(-1, 10), HomewardError)
  t.throws(() => expectedChanceMatches(10, 0), HomewardError)
})

t.test('posterior = LR·prior / (LR·prior + 1 − prior), by hand', async (t) => {
  // LR 10,000, prior 1/2: 5000 / 5000.5 = 10000/10001
  t.ok(Math.abs(posterior(4, 0.5) - 10000 / 10001) < 1e-15)
  // LR 999, prior 0.001: 0.999 / (0.999 + 0.999) = 0.5
  t.ok(Math.abs(posterior(Math.log10(999), 0.001) - 0.5) < 1e-12)
  // LR 100, prior 1/1000: 0.1 / (0.1 + 0.999) = 0.0909918...
  t.ok(Math.abs(posterior(2, 0.001) - 0.1 / 1.099) < 1e-12)
  // LR 10^-3, prior 0.01: 1e-5 / (1e-5 + 0.99)
  t.ok(Math.abs(posterior(-3, 0.01) - 1e-5 / (1e-5 + 0.99)) < 1e-18)
  t.equal(posterior(null, 0.5), 0)
  t.equal(posterior(3, 0), 0)
  t.equal(posterior(-3, 1), 1)
  // an LR of 10^400 does not overflow to NaN
  t.equal(posterior(400, 1e-6), 1)
  t.equal(log10PosteriorOdds(400, 0.5), 400)
  t.ok(Math.abs(log10PosteriorOdds(4, 1 / 101)! - 2) < 1e-12) // odds 1:100 times 10^4
})

t.test('expected chance matches N/t', async (t) => {
  t.equal(expectedChanceMatches(1_000_000, 10_000), 100)
  t.equal(expectedChanceMatches(500, 1000), 0.5)
})

t.test('undisputed (dvir): at least the threshold and threshold × every competitor', async (t) => {
  t.equal(isUndisputed(6, [2], 4), true)
  t.equal(isUndisputed(6, [2.01], 4), false)
  t.equal(isUndisputed(3.9, [], 4), false)
  t.equal(isUndisputed(4, [null, -2], 4), true)
  t.equal(isUndisputed(null, [], 4), false)
})
