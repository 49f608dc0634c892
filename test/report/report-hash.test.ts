import t from 'tap'
import { createHash } from 'node:crypto'
import { buildMatchReport, verifyReportHash, type MatchReport, type MatchReportInput } from '../../src/report/match-report.ts'
import { duoInput, GENERATED_AT, oracleReportInput } from './example-input.ts'

/** The hash recomputed the way report-hash.ts documents it, with JSON.stringify on a key-sorted copy. */
function independentHash (report: MatchReport): string {
  const { contentHash: _h, generatedAt: _g, ...content } = report
  const sorted = (v: unknown): unknown => Array.isArray(v)
    ? v.map(sorted)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]))
      : v
  return `sha256:${createHash('sha256').update(JSON.stringify(sorted(content))).digest('hex')}`
}

t.test('the hash is SHA-256 of the sorted-key JSON without the generation time, and stable', async (t) => {
  const input = oracleReportInput('trio_excl_stepwise')
  const a = buildMatchReport(input, GENERATED_AT)
  const b = buildMatchReport(oracleReportInput('trio_excl_stepwise'), '2031-01-01T00:00:00Z')
  t.match(a.contentHash, /^sha256:[0-9a-f]{64}$/)
  t.equal(a.contentHash, independentHash(a))
  t.equal(a.contentHash, b.contentHash, 'the generation time is outside the hash')
  t.ok(verifyReportHash(a))
  // over the wire and back
  t.ok(verifyReportHash(JSON.parse(JSON.stringify(a))))
})

t.test('the hash changes when any per-locus value changes', async (t) => {
  const base = oracleReportInput('parents_sib_true')
  const hash = buildMatchReport(base, GENERATED_AT).contentHash
  const seen = new Set([hash])
  base.result.perLocus.forEach((l, i) => {
    const changed: MatchReportInput = structuredClone(base)
    const delta = 1e-12 // the smallest change still shows: the hash is over exact numbers
    changed.result.perLocus[i].log10Lr = l.log10Lr! + delta
    changed.result.log10Lr = base.result.log10Lr! + delta
    const h = buildMatchReport(changed, GENERATED_AT).contentHash
    t.not(h, hash, `log10 LR at ${l.locus}`)
    seen.add(h)
  })
  t.equal(seen.size, base.result.perLocus.length + 1, 'every change gives its own hash')
  const genotype = structuredClone(base)
  const ref = genotype.case.references[0]
  const locus = Object.keys(ref.profile)[0]
  ref.profile[locus] = ['99', '99']
  t.not(buildMatchReport(genotype, GENERATED_AT).contentHash, hash, 'a reference genotype')
  const prior = structuredClone(base)
  prior.prior.value = 1 / 251
  t.not(buildMatchReport(prior, GENERATED_AT).contentHash, hash, 'the prior')
  const version = structuredClone(base)
  version.model.frequencyTable.version = '2017-2'
  t.not(buildMatchReport(version, GENERATED_AT).contentHash, hash, 'the frequency table version')
  const cls = duoInput([['12/12', '12/12', 1, 'consistent']])
  const clsChanged = duoInput([['12/12', '12/12', 1, 'untyped']])
  clsChanged.result.comparedLoci = 1 // only the class differs
  t.not(buildMatchReport(cls, GENERATED_AT).contentHash, buildMatchReport(clsChanged, GENERATED_AT).contentHash, 'a locus class')
})

t.test('verifyReportHash detects tampering', async (t) => {
  const report = buildMatchReport(oracleReportInput('parents_sib_true'), GENERATED_AT)
  const tamper = (change: (r: MatchReport) => void): boolean => {
    const copy = structuredClone(report)
    change(copy)
    return verifyReportHash(copy)
  }
  t.notOk(tamper((r) => { r.loci[3].log10Lr = r.loci[3].log10Lr! + 1 }), 'a per-locus log10 LR')
  t.notOk(tamper((r) => { r.loci[3].person = '8/8' }), 'a genotype')
  t.notOk(tamper((r) => { r.total.lrText = '2.00 × 10^18' }), 'the total text')
  t.notOk(tamper((r) => { r.decision.decision = 'inconclusive' }), 'the decision')
  t.notOk(tamper((r) => { r.posterior.prior = 0.5 }), 'the prior')
  t.notOk(tamper((r) => { r.case.pedigree.pop() }), 'the pedigree')
  t.notOk(tamper((r) => { (r as unknown as Record<string, unknown>).extra = 1 }), 'an added field')
  t.notOk(tamper((r) => { r.contentHash = r.contentHash.replace(/.$/, (c) => c === '0' ? '1' : '0') }), 'the hash itself')
  t.notOk(tamper((r) => { r.loci[0].log10Lr = Infinity }), 'a non-finite number')
  t.ok(tamper((r) => { r.generatedAt = '2030-01-01T00:00:00Z' }), 'the generation time is not covered')
  t.notOk(verifyReportHash({} as MatchReport))
  t.notOk(verifyReportHash(null as unknown as MatchReport))
})
