import t from 'tap'
import { existsSync } from 'node:fs'
import { buildMatchReport } from '../../src/report/match-report.ts'
import { renderReportPdf } from '../../src/report/render-pdf.ts'
import { duoInput, GENERATED_AT, oracleReportInput, tenfoldLoci } from './example-input.ts'

/**
 * The text of an uncompressed pdfkit PDF: pdfkit writes each line as a TJ array of hex strings
 * (Windows-1252 bytes) with kerning numbers between them; one line of output per TJ.
 */
function pdfText (pdf: Buffer): string[] {
  const lines: string[] = []
  // [^<\]]* between the hex strings: one way to match, so no backtracking blow-up on other PDFs
  for (const m of pdf.toString('latin1').matchAll(/\[((?:<[0-9a-fA-F]*>[^<\]]*)+)\] TJ/g)) {
    lines.push([...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => new TextDecoder('windows-1252').decode(Buffer.from(h[1], 'hex'))).join(''))
  }
  return lines
}

function pageCount (pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\n/g) ?? []).length
}

t.test('a PDF with the report\'s content, greppable when uncompressed', async (t) => {
  const report = buildMatchReport(oracleReportInput('parents_sib_true', { AF: 'father', AM: 'mother', SIB: 'full brother' }), GENERATED_AT)
  const pdf = await renderReportPdf(report, { compress: false })
  t.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-')
  t.match(pdf.subarray(-6).toString('latin1'), /%%EOF\s*$/)
  const text = pdfText(pdf)
  const all = text.join('\n')
  t.ok(text.includes('Kinship match report'))
  t.ok(text.includes('Relationship supported'))
  t.ok(text.includes(`Content hash ${report.contentHash}`), 'the full hash is printed')
  t.ok(text.includes('1.99 × 10^18'), 'the total, with a WinAnsi multiplication sign')
  t.match(all, /norwegian, version 2017-1, population Norwegian/)
  for (const row of report.loci) {
    t.ok(text.includes(row.locus), `locus ${row.locus} row`)
  }
  t.ok(text.includes('SIB (full brother)'), 'a reference column head')
  // a footer on every page, numbered against the page count
  const pages = pageCount(pdf)
  t.ok(pages >= 2)
  for (let i = 1; i <= pages; i++) t.match(all, new RegExp(`page ${i} of ${pages} · sha256:`))
  t.notMatch(all, new RegExp(`page ${pages + 1} of`))
})

t.test('the same report renders to the same bytes (no clock inside)', async (t) => {
  const report = buildMatchReport(duoInput(tenfoldLoci(4)), GENERATED_AT)
  t.same(await renderReportPdf(report), await renderReportPdf(report))
})

t.test('a long table flows over pages with its head repeated', async (t) => {
  const short = await renderReportPdf(buildMatchReport(duoInput(tenfoldLoci(5)), GENERATED_AT), { compress: false })
  const long = await renderReportPdf(buildMatchReport(duoInput(tenfoldLoci(120)), GENERATED_AT), { compress: false })
  t.ok(pageCount(long) > pageCount(short) + 1, `${pageCount(long)} pages for 120 loci, ${pageCount(short)} for 5`)
  const text = pdfText(long)
  const heads = text.filter((l) => l === 'Locus').length
  // at 13 pt a row, an A4 page holds at most ~55 rows: 120 rows need at least 3 table pages
  t.ok(heads >= 3, `the table head appears ${heads} times`)
  for (let i = 1; i <= 120; i++) t.ok(text.includes(`L${i}`), `row L${i}`)
})

t.test('text a standard font cannot print becomes "?" and the PDF says so', async (t) => {
  const input = duoInput(tenfoldLoci(4))
  input.person.foundWhere = '云南省昆明市'
  const text = pdfText(await renderReportPdf(buildMatchReport(input, GENERATED_AT), { compress: false })).join('\n')
  t.match(text, /\?\?\?\?\?\?/)
  t.match(text, /Characters outside Latin-1 print as "\?"/)
  t.match(text, /theta \(Fst\)/, 'θ is spelled out')
  const plain = pdfText(await renderReportPdf(buildMatchReport(duoInput(tenfoldLoci(4)), GENERATED_AT), { compress: false })).join('\n')
  t.notMatch(plain, /Characters outside Latin-1/)
})

const font = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'
t.test('with a Unicode font, the font is embedded (its glyph ids are not greppable)', { skip: existsSync(font) ? false : `no ${font} on this machine` }, async (t) => {
  const input = duoInput(tenfoldLoci(4))
  input.person.foundWhere = 'Kunming — θ ≥ 1'
  const pdf = await renderReportPdf(buildMatchReport(input, GENERATED_AT), { font, compress: false })
  const raw = pdf.toString('latin1')
  t.match(raw, /\/FontFile2/, 'the font is embedded')
  t.match(raw, /DejaVuSans/)
  t.equal(raw.slice(0, 5), '%PDF-')
})
