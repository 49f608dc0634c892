import t from 'tap'
import { buildMatchReport } from '../../src/report/match-report.ts'
import { renderReportHtml } from '../../src/report/render-html.ts'
import { duoInput, GENERATED_AT, oracleReportInput, tenfoldLoci } from './example-input.ts'

t.test('a self-contained page: no script, no external resource, print styles, the pedigree inline', async (t) => {
  const report = buildMatchReport(oracleReportInput('parents_sib_true', { AF: 'father', AM: 'mother', SIB: 'full brother' }), GENERATED_AT)
  const html = renderReportHtml(report)
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
  const html = renderReportHtml(buildMatchReport({ ...input, person: { ...input.person, sex: 'female' } }, GENERATED_AT))
  t.match(html, /class="decision excluded"/)
  t.match(html, /<dt>Posterior probability<\/dt><dd>.*?\(from the DNA alone: the sexes contradict, so the person is not a candidate\)/)
})
