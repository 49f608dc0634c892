import type { Locale } from '../i18n/locale.ts'
import { t } from '../i18n/translate.ts'
import type { MatchReport } from './match-report-types.ts'
import type { PdfCursor } from './render-pdf.ts'
import { reviewCells, reviewHeads, signatureLines, type RenderContext } from './report-court.ts'

/** The reviews table of the PDF: one row per decision, the note cell wrapped, the head repeated on a new page. */
export function drawReviews (cur: PdfCursor, r: MatchReport, c: RenderContext): void {
  const { doc } = cur
  const reviews = r.reviews ?? []
  if (reviews.length === 0) {
    doc.font(cur.regular).fontSize(9).fillColor('#222').text(t(c.locale, 'court.review.none'), cur.margin, cur.y, { width: cur.width })
    cur.y = doc.y + 6
    return
  }
  const fixed = [100, 72, 112, 58] // when, who, decision, LR seen; the note takes the rest
  const widths = [fixed[0], fixed[1], fixed[2], cur.width - fixed.reduce((s, w) => s + w, 0), fixed[3]]
  const xs = widths.map((_, i) => cur.margin + widths.slice(0, i).reduce((s, w) => s + w, 0))
  const line = (cells: string[], font: string, fill?: string): void => {
    doc.font(font).fontSize(8)
    const h = Math.max(...cells.map((text, i) => doc.heightOfString(text, { width: widths[i] - 4 }))) + 5
    cur.ensure(h)
    if (fill !== undefined) doc.rect(cur.margin, cur.y, cur.width, h).fill(fill)
    cells.forEach((text, i) => doc.fillColor('#222').text(text, xs[i] + 2, cur.y + 2.5, { width: widths[i] - 4 }))
    doc.moveTo(cur.margin, cur.y + h).lineTo(cur.margin + cur.width, cur.y + h).lineWidth(0.3).strokeColor('#cccccc').stroke()
    cur.y += h
  }
  line(reviewHeads(c.locale), cur.bold, '#eeeeee')
  for (const v of reviews) line(reviewCells(r, v, c), cur.regular)
  cur.y += 8
}

/** Three signature boxes side by side: the role, the printed name where known, lines to sign and date. */
export function drawSignatures (cur: PdfCursor, r: MatchReport, locale: Locale): void {
  const { doc } = cur
  const lines = signatureLines(r, locale)
  const gap = 18
  const w = (cur.width - gap * (lines.length - 1)) / lines.length
  const height = 100
  cur.ensure(height)
  lines.forEach((s, i) => {
    const x = cur.margin + i * (w + gap)
    doc.font(cur.bold).fontSize(9).fillColor('#222').text(s.role, x, cur.y, { width: w, lineBreak: false })
    const rows: Array<[string, string]> = [[t(locale, 'court.signature.name'), s.name], [t(locale, 'court.signature.sign'), ''], [t(locale, 'court.signature.date'), '']]
    rows.forEach(([label, value], k) => {
      const y = cur.y + 34 + k * 26
      if (value !== '') doc.font(cur.regular).fontSize(9).fillColor('#222').text(value, x, y - 13, { width: w, lineBreak: false, ellipsis: true })
      doc.moveTo(x, y).lineTo(x + w, y).lineWidth(0.7).strokeColor('#444444').stroke()
      doc.font(cur.regular).fontSize(7.5).fillColor('#555').text(label, x, y + 2, { width: w, lineBreak: false })
    })
  })
  cur.y += height
}
