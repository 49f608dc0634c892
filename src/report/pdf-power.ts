import type { Locale } from '../i18n/locale.ts'
import { t } from '../i18n/translate.ts'
import type { MatchReport } from './match-report-types.ts'
import type { PdfCursor } from './render-pdf.ts'
import { nextRelativeCells, nextRelativeHeads, powerFacts, powerStatusText } from './report-power.ts'
import type { Facts } from './report-sections.ts'

/** The family power section of the PDF: the same figures and next-relatives table as the HTML page, or why there are none. */
export function drawPower (cur: PdfCursor, r: MatchReport, locale: Locale, facts: (list: Facts) => void): void {
  const { doc } = cur
  const p = r.familyPower
  const paragraph = (text: string): void => {
    doc.font(cur.regular).fontSize(9)
    cur.ensure(doc.heightOfString(text, { width: cur.width }) + 6)
    doc.fillColor('#222').text(text, cur.margin, cur.y, { width: cur.width })
    cur.y = doc.y + 6
  }
  const status = powerStatusText(p, locale)
  if (status !== undefined || p?.status !== 'ready') {
    paragraph(status ?? '')
    return
  }
  paragraph(t(locale, 'power.intro'))
  facts(powerFacts(p, locale, r.decision.thresholds.maxInconsistentLoci))
  cur.y += 4
  doc.font(cur.bold).fontSize(9.5)
  cur.ensure(40)
  doc.fillColor('#222').text(t(locale, 'power.next.title'), cur.margin, cur.y, { width: cur.width })
  cur.y = doc.y + 4
  if (p.nextRelatives.length === 0) {
    paragraph(t(locale, 'power.next.none'))
    return
  }
  const widths = [cur.width - 3 * 110, 110, 110, 110]
  const xs = widths.map((_, i) => cur.margin + widths.slice(0, i).reduce((s, w) => s + w, 0))
  const line = (cells: string[], font: string, fill?: string): void => {
    doc.font(font).fontSize(8)
    const h = Math.max(...cells.map((text, i) => doc.heightOfString(text, { width: widths[i] - 4 }))) + 5
    cur.ensure(h)
    if (fill !== undefined) doc.rect(cur.margin, cur.y, cur.width, h).fill(fill)
    cells.forEach((text, i) => doc.fillColor('#222').text(text, xs[i] + 2, cur.y + 2.5, { width: widths[i] - 4, align: i === 0 ? 'left' : 'right' }))
    doc.moveTo(cur.margin, cur.y + h).lineTo(cur.margin + cur.width, cur.y + h).lineWidth(0.3).strokeColor('#cccccc').stroke()
    cur.y += h
  }
  line(nextRelativeHeads(locale), cur.bold, '#eeeeee')
  for (const n of p.nextRelatives) line(nextRelativeCells(n, locale), cur.regular)
  cur.y += 8
}
