import t from 'tap'
import { readFileSync } from 'node:fs'
import { HomewardError } from '../../src/core/errors.ts'
import { buildMatchReport } from '../../src/report/match-report.ts'
import { duoInput, GENERATED_AT, oracleReportInput, tenfoldLoci } from './example-input.ts'

t.test('LR exactly 10,000 (four loci of 1/p with p = 0.1) supports; 9,804 is inconclusive', async (t) => {
  const at = buildMatchReport(duoInput(tenfoldLoci(4)), GENERATED_AT)
  t.equal(at.total.log10Lr, 4)
  t.equal(at.total.lrText, '1.00 × 10^4')
  t.equal(at.decision.decision, 'supported')
  t.equal(at.decision.rule, 'lr-supports')
  t.match(at.decision.standard, /GB\/T 37223-2018/)
  // child 12/12, father 12/13, p(12) = 0.051: LR 1/(2p) = 9.8039; total 9803.9
  const below = buildMatchReport(duoInput([...tenfoldLoci(3), ['12/12', '12/13', Math.log10(1 / (2 * 0.051)), 'consistent']]), GENERATED_AT)
  t.equal(below.decision.decision, 'inconclusive')
  t.match(below.decision.reason, /type more loci or relatives/)
  t.equal(below.total.lrText, '9.80 × 10^3')
})

t.test('1–2 inconsistent loci defer to the mutation-aware LR; 3 exclude; both are stated', async (t) => {
  const mutation: [string, string, number, 'inconsistent'] = ['12/14', '15/16', -2.5, 'inconsistent']
  const two = buildMatchReport(duoInput([...tenfoldLoci(8), mutation, mutation]), GENERATED_AT) // 10^(8 − 5) = 10^3
  t.equal(two.total.inconsistentLoci, 2)
  t.equal(two.decision.decision, 'inconclusive')
  t.match(two.decision.reason, /2 inconsistent loci/)
  t.match(two.decision.reason, /10\^3\.00/)
  const twoStrong = buildMatchReport(duoInput([...tenfoldLoci(10), mutation, mutation]), GENERATED_AT) // 10^5
  t.equal(twoStrong.decision.decision, 'supported')
  const three = buildMatchReport(duoInput([...tenfoldLoci(15), mutation, mutation, mutation]), GENERATED_AT) // 10^7.5
  t.equal(three.decision.decision, 'excluded')
  t.equal(three.decision.rule, 'inconsistent-loci')
  t.match(three.decision.reason, /3 inconsistent loci/)
  t.match(three.decision.reason, /10\^7\.50/)
  t.same(three.loci.filter((l) => l.class === 'inconsistent').map((l) => l.locus), ['L16', 'L17', 'L18'])
})

t.test('an exclusion without a mutation model: LR 0, log10 null, verbal and posterior follow', async (t) => {
  // child 12/13, father 15/16: LR 0 (DOMAIN.md closed forms)
  const r = buildMatchReport(duoInput([...tenfoldLoci(5), ['12/13', '15/16', null, 'inconsistent']]), GENERATED_AT)
  t.equal(r.total.log10Lr, null)
  t.equal(r.total.lrText, '0')
  t.equal(r.total.scientific, null)
  t.equal(r.decision.rule, 'lr-zero')
  t.equal(r.loci[5].lrText, '0')
  t.equal(r.posterior.posterior, 0)
  t.equal(r.posterior.log10PosteriorOdds, null)
  t.match(r.verbal, /exclude/)
  t.equal(r.chanceMatches.aboveThreshold, false)
})

t.test('posterior, prior and chance matches, by hand', async (t) => {
  const even = buildMatchReport(duoInput(tenfoldLoci(4)), GENERATED_AT)
  t.ok(Math.abs(even.posterior.posterior - 10000 / 10001) < 1e-15)
  t.equal(even.posterior.priorBasis, 'even odds, for hand checks')
  // LR 10^4, prior 1/250: 40 / (40 + 0.996)
  const r = buildMatchReport(duoInput(tenfoldLoci(4), { prior: { value: 1 / 250, basis: '1/number of open cases' } }), GENERATED_AT)
  t.ok(Math.abs(r.posterior.posterior - 40 / 40.996) < 1e-12)
  t.equal(r.posterior.priorText, '1/250 (0.00400)')
  t.equal(r.posterior.text, '0.9757') // 40/40.996 = 0.975705
  // 10^6 families at 10^4: up to 100 chance candidates
  t.equal(r.chanceMatches.expected, 100)
  t.equal(r.chanceMatches.aboveThreshold, true)
  t.match(r.chanceMatches.note, /Searching 1000000 entries at LR ≥ 10\^4, at most 100 unrelated entries/)
  t.equal(r.verbal, 'very strong support for the person being the missing person rather than the person being unrelated to the family')
})

t.test('sex: a contradiction makes the person not a candidate, whatever the LR', async (t) => {
  const input = duoInput(tenfoldLoci(8))
  const female = buildMatchReport({ ...input, person: { ...input.person, sex: 'female' } }, GENERATED_AT)
  t.equal(female.decision.decision, 'excluded')
  t.equal(female.decision.rule, 'sex-mismatch')
  t.match(female.decision.reason, /not a candidate/)
  t.equal(female.sex.consistent, false)
  t.match(female.sex.note, /recorded as female but the missing person is male/)
  const amel = buildMatchReport({ ...input, person: { ...input.person, sex: undefined, amelogenin: ['X', 'Y'] } }, GENERATED_AT)
  t.equal(amel.sex.consistent, true)
  t.equal(amel.sex.amelogenin, 'male')
  t.equal(amel.decision.decision, 'supported')
  const unknown = buildMatchReport({ ...input, person: { ...input.person, sex: undefined } }, GENERATED_AT)
  t.equal(unknown.sex.consistent, null)
  t.notOk('sex' in unknown.person)
})

t.test('per-locus rows carry every reference genotype, the person, LR text and class; untyped loci are listed', async (t) => {
  const input = duoInput(tenfoldLoci(2))
  input.person.profile = { ...input.person.profile, AMEL_LIKE: ['1', '2'] }
  const r = buildMatchReport(input, GENERATED_AT)
  t.same(r.loci[0], { locus: 'L1', references: { AF: '12/12' }, person: '12/12', log10Lr: 1, lrText: '10.00', class: 'consistent', adjustments: [] })
  t.same(r.lociNotEvaluated, ['AMEL_LIKE'])
  t.same(r.case.pedigree.map((p) => [p.id, p.isMissingPerson, p.typed, p.relation]), [['AF', false, true, 'father'], ['M', false, false, undefined], ['MP', true, false, undefined]])
  t.equal(r.generatedAt, GENERATED_AT)
})

t.test('inputs that do not fit together are refused', async (t) => {
  const input = duoInput(tenfoldLoci(2))
  const bad = (mutate: (i: typeof input) => void, pattern: RegExp): void => {
    const copy = structuredClone(input)
    mutate(copy)
    const err = t.throws(() => buildMatchReport(copy, GENERATED_AT)) as HomewardError
    t.ok(err instanceof HomewardError)
    t.match(err.message, pattern)
  }
  bad((i) => { i.case.references = [{ id: 'X', profile: {} }] }, /reference X is not a person of the pedigree/)
  bad((i) => { i.result.inconsistentLoci = 1 }, /counts 1 inconsistent loci but its rows show 0/)
  bad((i) => { i.result.log10Lr = 3 }, /not the sum/)
  bad((i) => { i.prior = { value: 0, basis: '' } }, /prior/)
  t.throws(() => buildMatchReport(input, 'yesterday'), HomewardError)
})

t.test('oracle cases through the real engine: the report total is the oracle total', async (t) => {
  for (const name of ['parents_sib_true', 'trio_excl_stepwise', 'fullsib_unrelated']) {
    const expected = JSON.parse(readFileSync(new URL(`../../fixtures/oracle-cases/${name}.json`, import.meta.url), 'utf8')).expected
    const r = buildMatchReport(oracleReportInput(name), GENERATED_AT)
    t.ok(Math.abs(r.total.log10Lr! - expected.log10Total) < 1e-9, `${name} log10 total`)
    for (const row of r.loci) t.ok(Math.abs(10 ** row.log10Lr! / expected.perLocus[row.locus] - 1) < 1e-9, `${name} ${row.locus}`)
  }
  // the stepwise trio: one inconsistent locus (D21S11), LR 10^16.37 → supported, both facts stated
  const trio = buildMatchReport(oracleReportInput('trio_excl_stepwise'), GENERATED_AT)
  t.equal(trio.decision.decision, 'supported')
  t.match(trio.decision.reason, /1 inconsistent locus, explained by the mutation model/)
  t.equal(trio.loci.find((l) => l.locus === 'D21S11')!.class, 'inconsistent')
  // the unrelated full-sib case: 10^-5.43 < 10^-4 → excluded by LR
  t.equal(buildMatchReport(oracleReportInput('fullsib_unrelated'), GENERATED_AT).decision.rule, 'lr-excludes')
})
