import t from 'tap'
import { buildMatchReport, type MatchReport } from '../../src/report/match-report.ts'
import { renderReportPdf } from '../../src/report/render-pdf.ts'
import { duoInput, GENERATED_AT, oracleReportInput, tenfoldLoci } from './example-input.ts'
import { pdfToText } from './pdf-to-text.ts'

const pdfText = pdfToText

function pageCount (pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\n/g) ?? []).length
}

function chineseReport (): MatchReport {
  const input = oracleReportInput('parents_sib_true', { AF: 'father', AM: 'mother', SIB: 'full-sibling' })
  input.case.id = '粤A-2014-0173'
  input.person.id = 'UHR-张-0042'
  input.person.foundWhere = '云南省昆明市'
  const findings = buildMatchReport(input, GENERATED_AT)
  return {
    ...findings,
    issue: { agency: '广东省公安厅刑事技术中心 DNA 实验室', reportNumber: 'HW-2026-000042', version: 1, analyst: 'analyst-li', issuedAt: GENERATED_AT },
    reviews: [{ decision: 'confirmed', confirmation: 'first', reviewer: 'cw-wang', note: '参照样本已复检', log10Lr: findings.total.log10Lr, at: GENERATED_AT, lrDecision: 'supported' }]
  }
}

t.test('Chinese prints on any machine: the embedded, subset font round-trips through pdftotext', async (t) => {
  const report = chineseReport()
  const pdf = await renderReportPdf(report, { locale: 'zh-CN', timeZone: 'Asia/Shanghai' })
  const text = pdfText(pdf)
  for (const s of ['广东省公安厅刑事技术中心 DNA 实验室', '亲缘关系比对鉴定报告', '支持亲缘关系', '粤A-2014-0173', 'UHR-张-0042', '云南省昆明市',
    '累计似然比', '不一致基因座', '先验概率', '后验概率', '语言表述', '家系图', '各基因座似然比', '方法与版本', '复核记录', '参照样本已复检',
    '复核人一', '复核人二', '分析人', 'HW-2026-000042，第 1 版', '全同胞', '已检测亲属', '失踪人员', '2009年3月14日']) {
    t.ok(text.includes(s), `"${s}" is in the PDF's text`)
  }
  t.notOk(text.includes('?????'), 'no character replaced by "?"')
  const raw = pdf.toString('latin1')
  t.match(raw, /\/FontFile2/, 'a TrueType font is embedded')
  t.match(raw, /\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/, 'as a subset (tagged XXXXXX+)')
  t.notMatch(raw, /\/BaseFont \/(Helvetica|Courier|Times)/, 'no font left to the reader\'s machine')
  // the font file is 10.5 MB per face; a subset of the glyphs used keeps the report small
  t.ok(pdf.length < 250_000, `${pdf.length} bytes`)
  const pages = pageCount(pdf)
  for (let i = 1; i <= pages; i++) t.ok(text.includes(`第 ${i} 页，共 ${pages} 页`), `footer of page ${i}`)
})

t.test('in English, the same findings and the same hash', async (t) => {
  const report = chineseReport()
  const text = pdfText(await renderReportPdf(report, { locale: 'en', timeZone: 'Asia/Shanghai' }))
  for (const s of ['Kinship match report', 'Relationship supported', 'Per-locus likelihood ratios', 'Methods and versions', 'Reviews', 'Signatures',
    'Reviewer 1', 'HW-2026-000042, version 1', '粤A-2014-0173', 'UHR-张-0042', 'norwegian, version 2017-1, population Norwegian', 'March 14, 2009']) {
    t.ok(text.includes(s), `"${s}"`)
  }
  t.ok(text.includes(report.contentHash), 'the full hash is printed')
  t.match(text, /1\.99 × 10\^18/, 'the total')
  for (const row of report.loci) t.match(text, new RegExp(`^\\s*${row.locus.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`, 'm'), `locus ${row.locus} row`)
  const zh = pdfText(await renderReportPdf(report, { locale: 'zh-CN' }))
  t.ok(zh.includes(report.contentHash), 'the Chinese report carries the same hash')
})

t.test('the same report renders to the same bytes (no clock inside)', async (t) => {
  const report = buildMatchReport(duoInput(tenfoldLoci(4)), GENERATED_AT)
  t.same(await renderReportPdf(report), await renderReportPdf(report))
})

t.test('a long table flows over pages with its head repeated', async (t) => {
  const short = await renderReportPdf(buildMatchReport(duoInput(tenfoldLoci(5)), GENERATED_AT), { locale: 'en' })
  const long = await renderReportPdf(buildMatchReport(duoInput(tenfoldLoci(120)), GENERATED_AT), { locale: 'en' })
  t.ok(pageCount(long) > pageCount(short) + 1, `${pageCount(long)} pages for 120 loci, ${pageCount(short)} for 5`)
  const text = pdfText(long)
  const heads = text.split('\n').filter((l) => /^\s*Locus\s/.test(l)).length
  // at 13 pt a row, an A4 page holds at most ~55 rows: 120 rows need at least 3 table pages
  t.ok(heads >= 3, `the table head appears ${heads} times`)
  for (let i = 1; i <= 120; i++) t.match(text, new RegExp(`^\\s*L${i}\\s`, 'm'), `row L${i}`)
})
