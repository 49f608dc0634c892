import type { Locale } from '../i18n/locale.ts'
import { t } from '../i18n/translate.ts'
import { escapeXml, truncate } from './escape.ts'
import { layoutPedigree, type LayoutNode, type LayoutOptions, type LayoutPerson, type PedigreeLayout } from './pedigree-layout.ts'
import { relationText } from './report-wording.ts'

/** The drawing's colours and label length, shared with the PDF so both look alike. */
export const PEDIGREE_STYLE = {
  line: '#333333',
  typedFill: '#9ecae1',
  untypedFill: '#ffffff',
  missingStroke: '#c0392b',
  text: '#222222',
  muted: '#666666',
  labelChars: 16,
  legendHeight: 34
} as const

/** A drawing's words in one language: the legend and the label of the missing person; relations translated. */
export interface PedigreeText {
  male: string
  female: string
  typed: string
  missing: string
  relation: (relation: string) => string
}

export function pedigreeText (locale: Locale): PedigreeText {
  return {
    male: t(locale, 'pedigree.male'),
    female: t(locale, 'pedigree.female'),
    typed: t(locale, 'pedigree.typed'),
    missing: t(locale, 'pedigree.missing'),
    relation: (r) => relationText(locale, r)
  }
}

/** The label lines under a symbol: the id, then the relation or "missing person". */
export function nodeLabels (n: LayoutNode, text: PedigreeText = pedigreeText('en')): string[] {
  const second = n.isMissingPerson === true ? text.missing : n.relation === undefined ? undefined : text.relation(n.relation)
  return [truncate(n.id, PEDIGREE_STYLE.labelChars), ...(second !== undefined && second !== '' ? [truncate(second, PEDIGREE_STYLE.labelChars)] : [])]
}

/** Fonts for Latin and Chinese labels, whichever the reader's system has. */
export const FONT_FAMILY = "Helvetica, Arial, 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"

/**
 * A pedigree drawn as a standalone SVG string: squares for males, circles for females, typed
 * references filled, the missing person outlined in red with "?" inside (the slot the tested person
 * fills), lines for couples and descent, a legend below. All text is escaped.
 *
 * @example pedigreeSvg([{ id: 'F', sex: 'male', typed: true }, { id: 'M', sex: 'female' },
 *   { id: 'MP', sex: 'female', father: 'F', mother: 'M', isMissingPerson: true }], 'Case 7')
 */
export function pedigreeSvg (persons: readonly LayoutPerson[], title: string, options: LayoutOptions = {}, text: PedigreeText = pedigreeText('en')): string {
  return pedigreeSvgFromLayout(layoutPedigree(persons, options), title, text)
}

export function pedigreeSvgFromLayout (layout: PedigreeLayout, title: string, text: PedigreeText = pedigreeText('en')): string {
  const s = PEDIGREE_STYLE
  const width = Math.ceil(Math.max(layout.width, 420))
  const height = Math.ceil(layout.height + s.legendHeight)
  const r = layout.nodeSize / 2
  const out: string[] = []
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="pedigree-title" font-family="${FONT_FAMILY}">`)
  out.push(`<title id="pedigree-title">${escapeXml(title)}</title>`)
  out.push(`<g stroke="${s.line}" stroke-width="1.5" fill="none">`)
  for (const l of layout.lines) out.push(`<line x1="${f(l.x1)}" y1="${f(l.y1)}" x2="${f(l.x2)}" y2="${f(l.y2)}" class="${l.kind}"/>`)
  out.push('</g>')
  for (const n of layout.nodes) {
    const fill = n.typed === true ? s.typedFill : s.untypedFill
    const stroke = n.isMissingPerson === true ? `stroke="${s.missingStroke}" stroke-width="3"` : `stroke="${s.line}" stroke-width="1.5"`
    const shape = n.sex === 'male'
      ? `<rect x="${f(n.x - r)}" y="${f(n.y - r)}" width="${f(2 * r)}" height="${f(2 * r)}" fill="${fill}" ${stroke}/>`
      : `<circle cx="${f(n.x)}" cy="${f(n.y)}" r="${f(r)}" fill="${fill}" ${stroke}/>`
    const mark = n.isMissingPerson === true ? `<text x="${f(n.x)}" y="${f(n.y + 5)}" text-anchor="middle" font-size="15" font-weight="bold" fill="${s.missingStroke}">?</text>` : ''
    const labels = nodeLabels(n, text).map((text, i) =>
      `<text x="${f(n.x)}" y="${f(n.y + r + 13 + i * 13)}" text-anchor="middle" font-size="${i === 0 ? 11 : 10}" fill="${i === 0 ? s.text : s.muted}"${i === 1 ? ' font-style="italic"' : ''}>${escapeXml(text)}</text>`)
    out.push(`<g class="person" data-id="${escapeXml(n.id)}">${shape}${mark}${labels.join('')}</g>`)
  }
  out.push(legend(layout.height, r, text))
  out.push('</svg>')
  return out.join('\n')
}

function legend (top: number, r: number, text: PedigreeText): string {
  const s = PEDIGREE_STYLE
  const y = top + s.legendHeight / 2
  const k = r * 0.5
  const items = [
    `<rect x="10" y="${f(y - k)}" width="${f(2 * k)}" height="${f(2 * k)}" fill="${s.untypedFill}" stroke="${s.line}"/><text x="${f(14 + 2 * k)}" y="${f(y + 4)}">${escapeXml(text.male)}</text>`,
    `<circle cx="${f(80 + k)}" cy="${f(y)}" r="${f(k)}" fill="${s.untypedFill}" stroke="${s.line}"/><text x="${f(84 + 2 * k)}" y="${f(y + 4)}">${escapeXml(text.female)}</text>`,
    `<rect x="160" y="${f(y - k)}" width="${f(2 * k)}" height="${f(2 * k)}" fill="${s.typedFill}" stroke="${s.line}"/><text x="${f(164 + 2 * k)}" y="${f(y + 4)}">${escapeXml(text.typed)}</text>`,
    `<rect x="285" y="${f(y - k)}" width="${f(2 * k)}" height="${f(2 * k)}" fill="${s.untypedFill}" stroke="${s.missingStroke}" stroke-width="2"/><text x="${f(289 + 2 * k)}" y="${f(y + 4)}">${escapeXml(text.missing)}</text>`
  ]
  return `<g class="legend" font-size="10" fill="${s.text}">${items.join('')}</g>`
}

function f (n: number): string {
  return (Math.round(n * 10) / 10).toString()
}
