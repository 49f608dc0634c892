import type { PedigreeLayout } from './pedigree-layout.ts'
import { nodeLabels, PEDIGREE_STYLE, type PedigreeText } from './pedigree-svg.ts'

/** The drawing's size in layout units, legend included: the same box as the SVG's. */
export function pedigreeWidth (layout: PedigreeLayout): number {
  return Math.max(layout.width, 420)
}

export function pedigreeHeight (layout: PedigreeLayout): number {
  return layout.height + PEDIGREE_STYLE.legendHeight
}

export interface DrawOptions {
  /** Top-left corner on the page, in points. */
  x: number
  y: number
  /** Layout units to points. */
  scale: number
  font: string
  /** The legend and labels in the report's language. */
  text: PedigreeText
}

/**
 * Draws a pedigree layout with pdfkit vector primitives: the SVG's symbols, colours, labels and legend,
 * from the same layout, so the PDF and the HTML show the same family.
 */
export function drawPedigree (doc: PDFKit.PDFDocument, layout: PedigreeLayout, o: DrawOptions): void {
  const s = PEDIGREE_STYLE
  const r = layout.nodeSize / 2
  doc.save()
  doc.translate(o.x, o.y).scale(o.scale)
  doc.lineWidth(1.5).strokeColor(s.line)
  for (const l of layout.lines) doc.moveTo(l.x1, l.y1).lineTo(l.x2, l.y2).stroke()
  for (const n of layout.nodes) {
    const missing = n.isMissingPerson === true
    doc.lineWidth(missing ? 3 : 1.5)
    if (n.sex === 'male') doc.rect(n.x - r, n.y - r, 2 * r, 2 * r)
    else doc.circle(n.x, n.y, r)
    doc.fillAndStroke(n.typed === true ? s.typedFill : s.untypedFill, missing ? s.missingStroke : s.line)
    if (missing) doc.font(o.font).fontSize(15).fillColor(s.missingStroke).text('?', n.x - r, n.y - 7, { width: 2 * r, align: 'center', lineBreak: false })
    nodeLabels(n, o.text).forEach((label, i) => {
      doc.font(o.font).fontSize(i === 0 ? 11 : 10).fillColor(i === 0 ? s.text : s.muted)
        .text(label, n.x - 48, n.y + r + 3 + i * 13, { width: 96, align: 'center', lineBreak: false })
    })
  }
  legend(doc, layout.height + s.legendHeight / 2, r * 0.5, o)
  doc.restore()
}

function legend (doc: PDFKit.PDFDocument, y: number, k: number, o: DrawOptions): void {
  const s = PEDIGREE_STYLE
  const items: Array<{ x: number, shape: 'rect' | 'circle', fill: string, stroke: string, label: string }> = [
    { x: 10, shape: 'rect', fill: s.untypedFill, stroke: s.line, label: o.text.male },
    { x: 80, shape: 'circle', fill: s.untypedFill, stroke: s.line, label: o.text.female },
    { x: 160, shape: 'rect', fill: s.typedFill, stroke: s.line, label: o.text.typed },
    { x: 285, shape: 'rect', fill: s.untypedFill, stroke: s.missingStroke, label: o.text.missing }
  ]
  for (const it of items) {
    doc.lineWidth(it.stroke === s.missingStroke ? 2 : 1)
    if (it.shape === 'rect') doc.rect(it.x, y - k, 2 * k, 2 * k)
    else doc.circle(it.x + k, y, k)
    doc.fillAndStroke(it.fill, it.stroke)
    doc.font(o.font).fontSize(10).fillColor(s.text).text(it.label, it.x + 2 * k + 4, y - 5, { lineBreak: false })
  }
}
