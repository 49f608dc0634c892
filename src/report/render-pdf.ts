import PDFDocument from 'pdfkit'
import { DEFAULT_LOCALE } from '../i18n/locale.ts'
import { formatInstant } from '../i18n/format-date.ts'
import { t } from '../i18n/translate.ts'
import type { MatchReport } from './match-report-types.ts'
import { drawPedigree, pedigreeHeight, pedigreeWidth } from './pdf-pedigree.ts'
import { drawReviews, drawSignatures } from './pdf-court.ts'
import { drawPower } from './pdf-power.ts'
import { layoutPedigree } from './pedigree-layout.ts'
import { pedigreeText } from './pedigree-svg.ts'
import { issueFacts, type RenderContext } from './report-court.ts'
import { reportFonts } from './report-fonts.ts'
import { caseFacts, decisionReason, decisionTitle, locusCells, locusHeads, methodFacts, personFacts, summaryFacts, type Facts } from './report-sections.ts'
import { staleNotice } from './stale-notice.ts'
import { lineageFacts } from './report-lineage.ts'

export interface PdfOptions extends Partial<RenderContext> {
  /** A Unicode TrueType/OpenType font (path or bytes) instead of the bundled Noto Sans SC. */
  font?: string | Buffer
  /** Its bold face, for headings; the regular face when absent. */
  boldFont?: string | Buffer
  /** Deflate page streams (default true). */
  compress?: boolean
}

const MARGIN = 40
const DECISION_COLOUR: Record<MatchReport['decision']['decision'], string> = { supported: '#2e7d32', inconclusive: '#b7791f', excluded: '#777777' }

/** Where the next line goes, and how to break a page; shared with the court sections (pdf-court.ts). */
export interface PdfCursor {
  doc: PDFKit.PDFDocument
  y: number
  width: number
  margin: number
  regular: string
  bold: string
  bottom: () => number
  /** Starts a new page when `h` points do not fit below y. */
  ensure: (h: number) => void
}

/**
 * The report as an A4 PDF with the same content as the HTML page, in one language: agency, number and
 * analyst, decision, summary, case and person, the pedigree in vector graphics (same layout as the SVG),
 * the per-locus table (its head repeated on each page), methods, the reviews and the signature block,
 * and on every page a footer with the case, sample, page number and content hash. The font is embedded
 * and subset, so Chinese prints wherever the file is opened.
 */
export async function renderReportPdf (report: MatchReport, options: PdfOptions = {}): Promise<Buffer> {
  const r = report
  const c: RenderContext = { locale: options.locale ?? DEFAULT_LOCALE, timeZone: options.timeZone ?? 'UTC' }
  const { locale } = c
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    compress: options.compress ?? true,
    lang: locale,
    // the report's own time, not the clock: the same report renders to the same document
    info: { Title: t(locale, 'report.documentTitle', { case: r.case.id, sample: r.person.id }), Creator: 'Homeward', CreationDate: new Date(r.generatedAt) }
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const fonts = options.font === undefined ? reportFonts() : { regular: options.font, bold: options.boldFont ?? options.font }
  doc.registerFont('report-regular', fonts.regular)
  doc.registerFont('report-bold', fonts.bold)
  const regular = 'report-regular'
  const bold = 'report-bold'
  const width = doc.page.width - 2 * MARGIN
  const cur: PdfCursor = {
    doc,
    y: MARGIN,
    width,
    margin: MARGIN,
    regular,
    bold,
    bottom: () => doc.page.height - MARGIN - 20,
    ensure: (h) => { if (cur.y + h > cur.bottom()) { doc.addPage(); cur.y = MARGIN } }
  }

  // keep: room needed below a heading so that it is not left alone at the foot of a page
  const heading = (text: string, keep = 60): void => {
    cur.ensure(keep)
    cur.y += 8
    doc.font(bold).fontSize(12).fillColor('#222').text(text, MARGIN, cur.y, { width, lineBreak: false })
    cur.y += 17
    doc.moveTo(MARGIN, cur.y).lineTo(MARGIN + width, cur.y).lineWidth(0.5).strokeColor('#bbbbbb').stroke()
    cur.y += 5
  }
  const facts = (list: Facts, labelWidth = locale === 'zh-CN' ? 110 : 130): void => {
    doc.fontSize(9)
    for (const [label, value] of list) {
      const h = Math.max(doc.font(regular).heightOfString(value, { width: width - labelWidth }), doc.font(bold).heightOfString(label, { width: labelWidth - 8 }), 11)
      cur.ensure(h + 2)
      doc.font(bold).fillColor('#444').text(label, MARGIN, cur.y, { width: labelWidth - 8 })
      doc.font(regular).fillColor('#222').text(value, MARGIN + labelWidth, cur.y, { width: width - labelWidth })
      cur.y += h + 3
    }
  }

  doc.font(bold).fontSize(11).fillColor('#222').text(r.issue?.agency ?? t(locale, 'court.agencyMissing'), MARGIN, cur.y, { width })
  cur.y = doc.y + 2
  doc.font(bold).fontSize(18).fillColor('#222').text(t(locale, 'report.title'), MARGIN, cur.y)
  cur.y = doc.y + 2
  doc.font(regular).fontSize(9).fillColor('#555').text(t(locale, 'report.meta', { case: r.case.id, sample: r.person.id, at: formatInstant(locale, r.generatedAt, c.timeZone) }), MARGIN, cur.y, { width })
  cur.y = doc.y + 2
  doc.font(regular).fontSize(7.5).text(t(locale, 'report.contentHash', { hash: r.contentHash }), MARGIN, cur.y, { width })
  cur.y = doc.y + 8
  facts(issueFacts(r, c))
  cur.y += 4
  if (r.stale !== undefined) {
    // a stale result says so before its decision, in red, as the HTML report does
    const notice = staleNotice(locale, r.stale)
    const h = doc.font(bold).fontSize(9.5).heightOfString(notice, { width })
    cur.ensure(h + 8)
    doc.font(bold).fontSize(9.5).fillColor('#c62828').text(notice, MARGIN, cur.y, { width })
    cur.y = doc.y + 8
  }

  const reason = decisionReason(locale, r)
  doc.font(regular).fontSize(9.5)
  const boxH = 30 + doc.heightOfString(reason, { width: width - 20 })
  cur.ensure(boxH + 10)
  doc.roundedRect(MARGIN, cur.y, width, boxH, 5).lineWidth(2).strokeColor(DECISION_COLOUR[r.decision.decision]).stroke()
  doc.font(bold).fontSize(14).fillColor(DECISION_COLOUR[r.decision.decision]).text(decisionTitle(locale, r.decision.decision), MARGIN + 10, cur.y + 7, { width: width - 20 })
  doc.font(regular).fontSize(9.5).fillColor('#222').text(reason, MARGIN + 10, cur.y + 26, { width: width - 20 })
  cur.y += boxH + 10
  facts(summaryFacts(r, locale))

  heading(t(locale, 'report.section.case'))
  facts(caseFacts(r, locale))
  heading(t(locale, 'report.section.person'))
  facts(personFacts(r, locale))

  const layout = layoutPedigree(r.case.pedigree)
  let scale = Math.min(1, width / pedigreeWidth(layout), 300 / pedigreeHeight(layout))
  // shrink the drawing (down to 60 %) to use the rest of the page rather than leave it blank
  const room = cur.bottom() - cur.y - 30
  if (room < pedigreeHeight(layout) * scale && room >= pedigreeHeight(layout) * scale * 0.6) scale = room / pedigreeHeight(layout)
  heading(t(locale, 'report.section.pedigree'), pedigreeHeight(layout) * scale + 30) // the heading moves with the drawing
  drawPedigree(doc, layout, { x: MARGIN + (width - pedigreeWidth(layout) * scale) / 2, y: cur.y, scale, font: regular, text: pedigreeText(locale) })
  cur.y += pedigreeHeight(layout) * scale + 6

  heading(t(locale, 'report.section.loci'), 100)
  locusTable(cur, r, c)
  if (r.lineage !== undefined) {
    heading(t(locale, 'report.section.lineage'))
    facts(lineageFacts(r.lineage, r.total.log10Lr, locale))
  }

  heading(t(locale, 'report.section.power'))
  drawPower(cur, r, locale, facts)
  heading(t(locale, 'report.section.methods'))
  facts(methodFacts(r, locale))
  heading(t(locale, 'report.section.reviews'))
  drawReviews(cur, r, c)
  heading(t(locale, 'report.section.signatures'), 110)
  drawSignatures(cur, r, locale)
  const note = [t(locale, 'report.hashNote'), t(locale, 'report.schema', { schema: r.schema })].join(locale === 'zh-CN' ? '' : ' ')
  doc.font(regular).fontSize(8)
  cur.ensure(doc.heightOfString(note, { width }) + 8)
  doc.fillColor('#555').text(note, MARGIN, cur.y + 6, { width })

  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    doc.page.margins.bottom = 0 // writing in the bottom margin must not start a new page
    doc.font(regular).fontSize(7.5).fillColor('#777')
      .text(t(locale, 'report.footer', { case: r.case.id, sample: r.person.id, page: i + 1, pages: range.count, hash: `${r.contentHash.slice(0, 23)}…` }), MARGIN, doc.page.height - MARGIN + 8, { width, align: 'center', lineBreak: false })
  }
  doc.end()
  return await done
}

function locusTable (cur: PdfCursor, r: MatchReport, c: RenderContext): void {
  const { doc } = cur
  const heads = locusHeads(r, c.locale)
  const fixed = [60, 62, 44, 58] // locus, LR, log10 LR, class
  const genoCols = heads.length - 4
  const genoWidth = (cur.width - fixed.reduce((s, w) => s + w, 0)) / genoCols
  const widths = [fixed[0], ...Array<number>(genoCols).fill(genoWidth), fixed[1], fixed[2], fixed[3]]
  const xs = widths.map((_, i) => cur.margin + widths.slice(0, i).reduce((s, w) => s + w, 0))
  const rowH = 13
  const numeric = (i: number): boolean => i === heads.length - 3 || i === heads.length - 2 // LR, log10 LR
  const head = (): void => {
    doc.font(cur.bold).fontSize(7.5)
    const h = Math.max(...heads.map((text, i) => doc.heightOfString(text, { width: widths[i] - 4 }))) + 4
    doc.rect(cur.margin, cur.y, cur.width, h).fill('#eeeeee')
    heads.forEach((text, i) => doc.fillColor('#222').text(text, xs[i] + 2, cur.y + 2, { width: widths[i] - 4, align: numeric(i) ? 'right' : 'left' }))
    cur.y += h
  }
  const row = (cells: string[], fill: string | undefined, font: string): void => {
    if (cur.y + rowH > cur.bottom()) { doc.addPage(); cur.y = cur.margin; head() }
    if (fill !== undefined) doc.rect(cur.margin, cur.y, cur.width, rowH).fill(fill)
    doc.font(font).fontSize(8).fillColor('#222')
    cells.forEach((text, i) => doc.text(text, xs[i] + 2, cur.y + 2, { width: widths[i] - 4, lineBreak: false, ellipsis: true, align: numeric(i) ? 'right' : 'left' }))
    doc.moveTo(cur.margin, cur.y + rowH).lineTo(cur.margin + cur.width, cur.y + rowH).lineWidth(0.3).strokeColor('#cccccc').stroke()
    cur.y += rowH
  }
  head()
  for (const l of r.loci) row(locusCells(r, l, c.locale), l.class === 'inconsistent' ? '#fde8e8' : undefined, cur.regular)
  row([t(c.locale, 'table.combinedShort'), ...Array<string>(genoCols).fill(''), r.total.lrText, r.total.log10Lr === null ? '−∞' : r.total.log10Lr.toFixed(3),
    t(c.locale, 'table.inconsistentCount', { count: r.total.inconsistentLoci })], '#f4f4f4', cur.bold)
  cur.y += 6
}
