import PDFDocument from 'pdfkit'
import type { MatchReport } from './match-report-types.ts'
import { drawPedigree, pedigreeHeight, pedigreeWidth } from './pdf-pedigree.ts'
import { layoutPedigree } from './pedigree-layout.ts'
import { losesCharacters, toWinAnsi } from './pdf-text.ts'
import { caseFacts, DECISION_TITLE, HASH_NOTE, locusCells, locusHeads, methodFacts, personFacts, summaryFacts, type Facts } from './report-sections.ts'

export interface PdfOptions {
  /** A Unicode TrueType/OpenType font (path or bytes) for text outside Latin-1, e.g. Chinese place names. */
  font?: string | Buffer
  /** Its bold face, for headings; the regular face when absent. */
  boldFont?: string | Buffer
  /** Deflate page streams (default true); false leaves the text greppable, for tests. */
  compress?: boolean
}

const MARGIN = 40
const DECISION_COLOUR: Record<MatchReport['decision']['decision'], string> = { supported: '#2e7d32', inconclusive: '#b7791f', excluded: '#777777' }

/**
 * The report as an A4 PDF with the same content as the HTML page: decision, summary, case and person,
 * the pedigree in vector graphics (same layout as the SVG), the per-locus table (its head repeated on
 * each page), methods, and on every page a footer with the case, sample, page number and content hash.
 */
export async function renderReportPdf (report: MatchReport, options: PdfOptions = {}): Promise<Buffer> {
  const r = report
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    compress: options.compress ?? true,
    // the report's own time, not the clock: the same report renders to the same document
    info: { Title: `Match report: case ${r.case.id}, sample ${r.person.id}`, Creator: 'Homeward', CreationDate: new Date(r.generatedAt) }
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const unicode = options.font !== undefined
  const regular = unicode ? 'report-regular' : 'Helvetica'
  const bold = unicode ? (options.boldFont !== undefined ? 'report-bold' : 'report-regular') : 'Helvetica-Bold'
  if (options.font !== undefined) doc.registerFont('report-regular', options.font)
  if (options.font !== undefined && options.boldFont !== undefined) doc.registerFont('report-bold', options.boldFont)
  const t = (s: string): string => unicode ? s : toWinAnsi(s)
  const width = doc.page.width - 2 * MARGIN
  const bottom = (): number => doc.page.height - MARGIN - 20
  let y = MARGIN
  const ensure = (h: number): void => { if (y + h > bottom()) { doc.addPage(); y = MARGIN } }

  // keep: room needed below a heading so that it is not left alone at the foot of a page
  const heading = (text: string, keep = 60): void => {
    ensure(keep)
    y += 8
    doc.font(bold).fontSize(12).fillColor('#222').text(t(text), MARGIN, y, { width, lineBreak: false })
    y += 16
    doc.moveTo(MARGIN, y).lineTo(MARGIN + width, y).lineWidth(0.5).strokeColor('#bbbbbb').stroke()
    y += 5
  }
  const facts = (list: Facts, labelWidth = 130): void => {
    doc.fontSize(9)
    for (const [label, value] of list) {
      const h = Math.max(doc.font(regular).heightOfString(t(value), { width: width - labelWidth }), 11)
      ensure(h + 2)
      doc.font(bold).fillColor('#444').text(t(label), MARGIN, y, { width: labelWidth - 8 })
      doc.font(regular).fillColor('#222').text(t(value), MARGIN + labelWidth, y, { width: width - labelWidth })
      y += h + 3
    }
  }

  doc.font(bold).fontSize(18).fillColor('#222').text('Kinship match report', MARGIN, y)
  y += 24
  doc.font(regular).fontSize(9).fillColor('#555').text(t(`Case ${r.case.id} · sample ${r.person.id} · generated ${r.generatedAt}`), MARGIN, y, { width })
  y = doc.y + 2
  doc.font('Courier').fontSize(7.5).text(`Content hash ${r.contentHash}`, MARGIN, y, { width })
  y = doc.y + 10

  const reason = t(r.decision.reason)
  doc.font(regular).fontSize(9.5)
  const boxH = 28 + doc.heightOfString(reason, { width: width - 20 })
  doc.roundedRect(MARGIN, y, width, boxH, 5).lineWidth(2).strokeColor(DECISION_COLOUR[r.decision.decision]).stroke()
  doc.font(bold).fontSize(14).fillColor(DECISION_COLOUR[r.decision.decision]).text(DECISION_TITLE[r.decision.decision], MARGIN + 10, y + 8, { width: width - 20 })
  doc.font(regular).fontSize(9.5).fillColor('#222').text(reason, MARGIN + 10, y + 26, { width: width - 20 })
  y += boxH + 10
  facts(summaryFacts(r))

  heading('Family case')
  facts(caseFacts(r))
  heading('Unidentified person')
  facts(personFacts(r))

  const layout = layoutPedigree(r.case.pedigree)
  let scale = Math.min(1, width / pedigreeWidth(layout), 300 / pedigreeHeight(layout))
  // shrink the drawing (down to 60 %) to use the rest of the page rather than leave it blank
  const room = bottom() - y - 30
  if (room < pedigreeHeight(layout) * scale && room >= pedigreeHeight(layout) * scale * 0.6) scale = room / pedigreeHeight(layout)
  heading('Pedigree', pedigreeHeight(layout) * scale + 30) // the heading moves with the drawing
  drawPedigree(doc, layout, { x: MARGIN + (width - pedigreeWidth(layout) * scale) / 2, y, scale, font: regular, text: t })
  y += pedigreeHeight(layout) * scale + 6

  heading('Per-locus likelihood ratios', 100)
  y = locusTable(doc, r, { width, regular, bold, t, bottom, y })

  heading('Methods and versions')
  facts(methodFacts(r))
  const lossy = !unicode && losesCharacters(JSON.stringify(r))
  const note = `${HASH_NOTE}${lossy ? ' Characters outside Latin-1 print as "?" in this PDF; the JSON and HTML reports carry them.' : ''}`
  ensure(30)
  doc.font(regular).fontSize(8).fillColor('#555').text(t(note), MARGIN, y + 6, { width })

  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    doc.page.margins.bottom = 0 // writing in the bottom margin must not start a new page
    doc.font(regular).fontSize(7.5).fillColor('#777')
      .text(t(`Case ${r.case.id} · sample ${r.person.id} · page ${i + 1} of ${range.count} · ${r.contentHash.slice(0, 23)}…`), MARGIN, doc.page.height - MARGIN + 8, { width, align: 'center', lineBreak: false })
  }
  doc.end()
  return await done
}

interface TableContext { width: number, regular: string, bold: string, t: (s: string) => string, bottom: () => number, y: number }

function locusTable (doc: PDFKit.PDFDocument, r: MatchReport, c: TableContext): number {
  const heads = locusHeads(r).map(c.t)
  const fixed = [60, 62, 44, 74] // locus, LR, log10 LR, class
  const genoCols = heads.length - 4
  const genoWidth = (c.width - fixed.reduce((s, w) => s + w, 0)) / genoCols
  const widths = [fixed[0], ...Array<number>(genoCols).fill(genoWidth), fixed[1], fixed[2], fixed[3]]
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((s, w) => s + w, 0))
  const rowH = 13
  const numeric = (i: number): boolean => i === heads.length - 3 || i === heads.length - 2 // LR, log10 LR
  let y = c.y
  const head = (): void => {
    doc.font(c.bold).fontSize(7.5)
    const h = Math.max(...heads.map((text, i) => doc.heightOfString(text, { width: widths[i] - 4 }))) + 4
    doc.rect(MARGIN, y, c.width, h).fill('#eeeeee')
    heads.forEach((text, i) => doc.fillColor('#222').text(text, xs[i] + 2, y + 2, { width: widths[i] - 4, align: numeric(i) ? 'right' : 'left' }))
    y += h
  }
  const row = (cells: string[], fill: string | undefined, font: string): void => {
    if (y + rowH > c.bottom()) { doc.addPage(); y = MARGIN; head() }
    if (fill !== undefined) doc.rect(MARGIN, y, c.width, rowH).fill(fill)
    doc.font(font).fontSize(8).fillColor('#222')
    cells.forEach((text, i) => doc.text(c.t(text), xs[i] + 2, y + 3, { width: widths[i] - 4, lineBreak: false, ellipsis: true, align: numeric(i) ? 'right' : 'left' }))
    doc.moveTo(MARGIN, y + rowH).lineTo(MARGIN + c.width, y + rowH).lineWidth(0.3).strokeColor('#cccccc').stroke()
    y += rowH
  }
  head()
  for (const l of r.loci) row(locusCells(r, l), l.class === 'inconsistent' ? '#fde8e8' : undefined, c.regular)
  row(['Combined', ...Array<string>(genoCols).fill(''), r.total.lrText, r.total.log10Lr === null ? '-inf' : r.total.log10Lr.toFixed(3), `${r.total.inconsistentLoci} inconsistent`], '#f4f4f4', c.bold)
  return y + 6
}
