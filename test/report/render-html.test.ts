import t from 'tap'
import { buildMatchReport, type MatchReport } from '../../src/report/match-report.ts'
import { chanceNote, decisionReason, sexNote } from '../../src/report/report-wording.ts'
import { verbalText } from '../../src/report/verbal-scale.ts'
import { renderReportHtml } from '../../src/report/render-html.ts'
import { duoInput, GENERATED_AT, oracleReportInput, tenfoldLoci } from './example-input.ts'

t.test('a self-contained page: no script, no external resource, print styles, the pedigree inline', async (t) => {
  const report = buildMatchReport(oracleReportInput('parents_sib_true', { AF: 'father', AM: 'mother', SIB: 'full brother' }), GENERATED_AT)
  const html = renderReportHtml(report, { locale: 'en' })
  t.match(html, /^<!doctype html>/)
  t.notMatch(html, /<script/i)
  t.notMatch(html, /\b(src|href)=/i, 'nothing loaded from elsewhere')
  t.match(html, /Content-Security-Policy" content="default-src 'none'/)
  t.match(html, /@media print/)
  t.match(html, /<svg xmlns/)
  t.match(html, /Relationship supported/)
  t.match(html, new RegExp(report.contentHash))
  // one body row per locus, with the class as the row's class
  t.equal((html.match(/<tr class="consistent">/g) ?? []).length, report.loci.length)
  t.match(html, /<th>AF \(father\)<\/th><th>AM \(mother\)<\/th><th>SIB \(full brother\)<\/th>/)
  t.match(html, /1\.99 × 10<sup>18<\/sup>/, 'the total in scientific notation')
  t.match(html, /10<sup>18\.30<\/sup>/, 'a decimal exponent stays whole in its superscript')
})

t.test('hostile ids, relations and places are escaped everywhere', async (t) => {
  const input = duoInput(tenfoldLoci(4))
  const evil = '<script>alert("x")</script>'
  input.case.id = evil
  input.case.persons = [{ id: '"><img src=x onerror=alert(1)>', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: '"><img src=x onerror=alert(1)>', mother: 'M' }]
  input.case.references = [{ id: '"><img src=x onerror=alert(1)>', relation: '<b>father</b>', profile: input.case.references[0].profile }]
  input.person = { ...input.person, id: evil, foundWhere: '</dd><iframe src=//evil>', foundWhen: "2024' onload='x" }
  const html = renderReportHtml(buildMatchReport(input, GENERATED_AT))
  t.notMatch(html, /<script/i)
  t.notMatch(html, /<img/i)
  t.notMatch(html, /<iframe/i)
  t.notMatch(html, /<b>father/)
  t.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/)
  t.match(html, /2024&#39; onload=&#39;x/)
})

t.test('an inconsistent locus is highlighted and an exclusion prints as 0 and −∞', async (t) => {
  const html = renderReportHtml(buildMatchReport(duoInput([...tenfoldLoci(2), ['12/13', '15/16', null, 'inconsistent']]), GENERATED_AT))
  t.equal((html.match(/<tr class="inconsistent">/g) ?? []).length, 1)
  t.match(html, /<td class="num">0<\/td><td class="num">−∞<\/td>/)
  t.match(html, /class="decision excluded"/)
})

t.test('for a sex mismatch the DNA figures are marked as not making the person a candidate', async (t) => {
  const input = duoInput(tenfoldLoci(8))
  const html = renderReportHtml(buildMatchReport({ ...input, person: { ...input.person, sex: 'female' } }, GENERATED_AT), { locale: 'en' })
  t.match(html, /class="decision excluded"/)
  t.match(html, /<dt>Posterior probability<\/dt><dd>.*?\(from the DNA alone: the sexes contradict, so the person is not a candidate\)/)
})

const ISSUE = { agency: '广东省公安厅刑事技术中心', reportNumber: 'HW-2026-000042', version: 2, analyst: 'analyst-li', issuedAt: '2026-11-22T17:00:00.000Z' }
const REVIEWS = (log10Lr: number | null): MatchReport['reviews'] => [
  { decision: 'confirmed', confirmation: 'first', reviewer: 'cw-wang', note: '参照样本已复检', log10Lr, at: '2026-11-23T02:00:00.000Z', lrDecision: 'supported' },
  { decision: 'confirmed', confirmation: 'second', reviewer: 'cw-zhao', note: 'dates fit', log10Lr, at: '2026-11-23T06:30:00.000Z', lrDecision: 'supported' }
]

t.test('in Chinese: the page, its labels, the decision, the verbal scale and the dates', async (t) => {
  const findings = buildMatchReport(oracleReportInput('parents_sib_true', { AF: 'father', AM: 'mother', SIB: 'full-sibling' }), GENERATED_AT)
  const html = renderReportHtml({ ...findings, issue: ISSUE, reviews: REVIEWS(findings.total.log10Lr) }, { locale: 'zh-CN', timeZone: 'Asia/Shanghai' })
  t.match(html, /<html lang="zh-CN">/)
  t.match(html, /<h1>亲缘关系比对鉴定报告<\/h1>/)
  t.match(html, /<div class="title">支持亲缘关系<\/div>/)
  t.match(html, /累计似然比为 10<sup>18\.30<\/sup>，不小于 10,000；不一致基因座 0 个/)
  t.match(html, /<dt>语言表述<\/dt><dd>检验结果极强支持“被检人员即该失踪人员”/)
  t.match(html, /<dt>先验概率<\/dt><dd>1\/250 \(0\.00400\)：数据库中开放案件数（250）的倒数<\/dd>/)
  t.match(html, /<dt>出生日期<\/dt><dd>2009年3月14日<\/dd>/)
  t.match(html, /<th>AF（父亲）<\/th><th>AM（母亲）<\/th><th>SIB（全同胞）<\/th>/)
  t.match(html, />一致<\/td><\/tr>/, 'locus classes in Chinese')
  t.match(html, /<dt>报告编号<\/dt><dd>HW-2026-000042，第 2 版<\/dd>/)
  t.match(html, /<dt>出具时间<\/dt><dd>2026年11月23日 01:00（GMT\+8）<\/dd>/, 'in the agency\'s zone')
  t.match(html, /<td>cw-wang<\/td><td>确认（第一人，待第二人复核）<\/td><td>参照样本已复检<\/td>/)
  t.match(html, /<p class="role">复核人二<\/p>\n<div>cw-zhao<\/div>/, 'the signature block names the second reviewer')
  t.match(html, /已检测亲属/, 'the pedigree legend')
  t.notMatch(html, /Relationship supported|Per-locus|Signature/, 'no English heading left')
})

t.test('in English: agency, number, analyst, reviews with an override, and blank lines to sign', async (t) => {
  const findings = buildMatchReport(duoInput(tenfoldLoci(3)), GENERATED_AT)
  const reviews: MatchReport['reviews'] = [{ decision: 'confirmed', confirmation: 'first', reviewer: 'cw-a', note: 'family photos', overrideReason: 'the mother confirms; retyping ordered', lrDecision: 'inconclusive', log10Lr: 2.5, at: '2026-11-23T02:00:00.000Z' }]
  const html = renderReportHtml({ ...findings, issue: { ...ISSUE, agency: null }, reviews }, { locale: 'en', timeZone: 'UTC' })
  t.match(html, /<div class="agency">not configured \(set HOMEWARD_AGENCY_NAME\)<\/div>/)
  t.match(html, /<dt>Report number<\/dt><dd>HW-2026-000042, version 2<\/dd><dt>Analyst<\/dt><dd>analyst-li<\/dd>/)
  t.match(html, /Override of the standard \(Inconclusive\): the mother confirms; retyping ordered/)
  t.match(html, /The reviewer saw log10 LR 2\.500; this report shows 3\.000\./, 'a review of another result says so')
  t.match(html, /<p class="role">Reviewer 1<\/p>\n<div>cw-a<\/div>/)
  t.match(html, /<p class="role">Reviewer 2<\/p>\n<div><\/div>/, 'no second confirmation yet: a blank name line')
  const none = renderReportHtml(findings, { locale: 'en' })
  t.match(none, /No review has been recorded for this pair\./)
})

t.test('the English rendering says what the JSON says (one wording for both)', async (t) => {
  const inputs = [
    duoInput(tenfoldLoci(4)), duoInput(tenfoldLoci(3)), duoInput([...tenfoldLoci(5), ['12/13', '15/16', -2, 'inconsistent']]),
    duoInput([...tenfoldLoci(2), ['12/13', '15/16', null, 'inconsistent']]), duoInput(tenfoldLoci(1)),
    duoInput([...tenfoldLoci(9), ...Array.from({ length: 3 }, (): [string, string, number, 'inconsistent'] => ['12/13', '15/16', -1, 'inconsistent'])]),
    { ...duoInput(tenfoldLoci(6)), person: { ...duoInput(tenfoldLoci(6)).person, sex: 'female' as const } },
    { ...duoInput(tenfoldLoci(6)), person: { ...duoInput(tenfoldLoci(6)).person, sex: undefined, amelogenin: ['X'] } },
    { ...duoInput(tenfoldLoci(6)), search: { databaseSize: 1, log10Threshold: 4 } },
    oracleReportInput('parents_sib_true')
  ]
  for (const input of inputs) {
    const r = buildMatchReport(input, GENERATED_AT)
    t.equal(decisionReason('en', r), r.decision.reason, `decision: ${r.decision.reason}`)
    t.equal(verbalText('en', r.total.log10Lr), r.verbal)
    t.equal(sexNote('en', r.sex), r.sex.note)
    t.equal(chanceNote('en', r.chanceMatches), r.chanceMatches.note)
  }
})
