import { DEFAULT_LOCALE } from '../i18n/locale.ts'
import { formatInstant } from '../i18n/format-date.ts'
import { t } from '../i18n/translate.ts'
import { escapeXml } from './escape.ts'
import type { MatchReport } from './match-report-types.ts'
import { FONT_FAMILY, pedigreeSvg, pedigreeText } from './pedigree-svg.ts'
import { issueFacts, reviewCells, reviewHeads, signatureLines, type RenderContext } from './report-court.ts'
import { caseFacts, decisionReason, decisionTitle, locusCells, locusHeads, methodFacts, personFacts, summaryFacts, type Facts } from './report-sections.ts'
import { nextRelativeCells, nextRelativeHeads, powerFacts, powerStatusText } from './report-power.ts'
import { staleNotice } from './stale-notice.ts'
import { lineageFacts } from './report-lineage.ts'

const CSS = `
*{box-sizing:border-box}
body{font-family:${FONT_FAMILY};color:#222;margin:24px auto;max-width:1000px;padding:0 16px;font-size:13px;line-height:1.45}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:22px 0 8px;border-bottom:1px solid #ccc;padding-bottom:3px}h3{font-size:13px;margin:14px 0 6px}
.agency{font-size:15px;font-weight:bold;margin-bottom:6px}
.meta{color:#555;font-size:12px}.hash{font-family:Menlo,Consolas,monospace;font-size:11px;word-break:break-all}
.stale{border:2px solid #c62828;background:#fdecea;border-radius:6px;padding:8px 14px;margin:14px 0;font-weight:bold}
.decision{border:2px solid;border-radius:6px;padding:10px 14px;margin:14px 0}
.decision .title{font-size:17px;font-weight:bold}.decision.supported{border-color:#2e7d32;background:#eef7ee}
.decision.inconclusive{border-color:#b7791f;background:#fdf6e3}.decision.excluded{border-color:#777;background:#f3f3f3}
dl{display:grid;grid-template-columns:190px 1fr;gap:3px 12px;margin:0}dt{font-weight:bold;color:#444}dd{margin:0}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:0 28px}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left}
th{background:#f0f0f0}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.inconsistent td{background:#fde8e8}tr.untyped td{color:#888}tfoot td{font-weight:bold;background:#f7f7f7}
.pedigree{overflow-x:auto}.pedigree svg{max-width:100%;height:auto}
.signatures{display:grid;grid-template-columns:repeat(3,1fr);gap:18px;margin-top:8px}
.signature div{border-bottom:1px solid #444;min-height:26px;padding-top:8px;margin-bottom:4px}
.signature .role{font-weight:bold}.signature span{color:#555;font-size:11px}
footer{margin-top:24px;color:#555;font-size:11px}
@page{size:A4;margin:14mm}
@media print{body{margin:0;max-width:none;padding:0;font-size:11px}.decision,.signatures{break-inside:avoid}
thead{display:table-header-group}tfoot{display:table-row-group}tr,.pedigree{break-inside:avoid}h2{break-after:avoid}}
`

/** Escapes, then writes "10^12" or "10^18.30" as 10 with a superscript (the exponent is a number only, so this is safe). */
function html (text: string): string {
  return escapeXml(text).replace(/10\^(-?\d+(?:\.\d+)?)/g, '10<sup>$1</sup>')
}

function facts (list: Facts): string {
  return `<dl>${list.map(([k, v]) => `<dt>${html(k)}</dt><dd>${html(v)}</dd>`).join('')}</dl>`
}

/** The family power section: the figures and whom to sample next, or why there are none. */
function powerSection (r: MatchReport, locale: RenderContext['locale']): string {
  const p = r.familyPower
  const status = powerStatusText(p, locale)
  if (status !== undefined || p?.status !== 'ready') return `<p>${html(status ?? '')}</p>`
  const next = p.nextRelatives.length === 0
    ? `<p>${html(t(locale, 'power.next.none'))}</p>`
    : `<table class="next-relatives"><thead><tr>${nextRelativeHeads(locale).map((h, i) => `<th${i > 0 ? ' class="num"' : ''}>${html(h)}</th>`).join('')}</tr></thead><tbody>
${p.nextRelatives.map((n) => `<tr>${nextRelativeCells(n, locale).map((c, i) => `<td${i > 0 ? ' class="num"' : ''}>${html(c)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>`
  return `<p>${html(t(locale, 'power.intro'))}</p>
${facts(powerFacts(p, locale, r.decision.thresholds.maxInconsistentLoci))}
<h3>${html(t(locale, 'power.next.title'))}</h3>
${next}`
}

/** The lineage markers section (issue 14), when the pair has lineage evidence. */
function lineageSection (r: MatchReport, locale: RenderContext['locale']): string {
  if (r.lineage === undefined) return ''
  return `<h2>${escapeXml(t(locale, 'report.section.lineage'))}</h2>
<p>${html(t(locale, 'lineage.intro'))}</p>
<section id="lineage">${facts(lineageFacts(r.lineage, r.total.log10Lr, locale))}</section>`
}

/**
 * The report as one self-contained, printable HTML page in one language: inline CSS with print rules,
 * the pedigree as inline SVG, no script, no external resource (a CSP meta forbids them), every value
 * escaped. Chinese prints with the reader's own CJK font (the PDF embeds one).
 */
export function renderReportHtml (report: MatchReport, context: Partial<RenderContext> = {}): string {
  const c: RenderContext = { locale: context.locale ?? DEFAULT_LOCALE, timeZone: context.timeZone ?? 'UTC' }
  const { locale } = c
  const r = report
  const heads = locusHeads(r, locale)
  const numeric = new Set([heads.length - 3, heads.length - 2])
  const rows = r.loci.map((row) => `<tr class="${escapeXml(row.class)}">${locusCells(r, row, locale).map((cell, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${html(cell)}</td>`).join('')}</tr>`)
  const total = `<tr><td colspan="${heads.length - 3}">${html(t(locale, 'table.combined', { compared: r.total.comparedLoci, inconsistent: r.total.inconsistentLoci }))}</td><td class="num">${html(r.total.lrText)}</td><td class="num">${r.total.log10Lr === null ? '−∞' : r.total.log10Lr.toFixed(3)}</td><td></td></tr>`
  const svg = pedigreeSvg(r.case.pedigree, t(locale, 'report.pedigreeTitle', { case: r.case.id }), {}, pedigreeText(locale))
  const reviews = r.reviews ?? []
  const reviewTable = reviews.length === 0
    ? `<p>${html(t(locale, 'court.review.none'))}</p>`
    : `<table class="reviews"><thead><tr>${reviewHeads(locale).map((h) => `<th>${html(h)}</th>`).join('')}</tr></thead><tbody>
${reviews.map((v) => `<tr>${reviewCells(r, v, c).map((cell) => `<td>${html(cell)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>`
  const signatures = signatureLines(r, locale).map((s) => `<div class="signature"><p class="role">${html(s.role)}</p>
<div>${html(s.name)}</div><span>${html(t(locale, 'court.signature.name'))}</span>
<div></div><span>${html(t(locale, 'court.signature.sign'))}</span>
<div></div><span>${html(t(locale, 'court.signature.date'))}</span></div>`).join('\n')
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(t(locale, 'report.documentTitle', { case: r.case.id, sample: r.person.id }))}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<div class="agency">${escapeXml(r.issue?.agency ?? t(locale, 'court.agencyMissing'))}</div>
<h1>${escapeXml(t(locale, 'report.title'))}</h1>
<div class="meta">${html(t(locale, 'report.meta', { case: r.case.id, sample: r.person.id, at: formatInstant(locale, r.generatedAt, c.timeZone) }))}</div>
<div class="meta hash">${escapeXml(t(locale, 'report.contentHash', { hash: r.contentHash }))}</div>
</header>
${facts(issueFacts(r, c))}
${r.stale === undefined ? '' : `<section class="stale" id="stale-notice">${escapeXml(staleNotice(locale, r.stale))}</section>`}
<section class="decision ${escapeXml(r.decision.decision)}">
<div class="title">${escapeXml(decisionTitle(locale, r.decision.decision))}</div>
<div>${html(decisionReason(locale, r))}</div>
</section>
${facts(summaryFacts(r, locale))}
<div class="cols">
<section><h2>${escapeXml(t(locale, 'report.section.case'))}</h2>${facts(caseFacts(r, locale))}</section>
<section><h2>${escapeXml(t(locale, 'report.section.person'))}</h2>${facts(personFacts(r, locale))}</section>
</div>
<h2>${escapeXml(t(locale, 'report.section.pedigree'))}</h2>
<div class="pedigree">${svg}</div>
<h2>${escapeXml(t(locale, 'report.section.loci'))}</h2>
<table>
<thead><tr>${heads.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ''}>${html(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
<tfoot>${total}</tfoot>
</table>
${lineageSection(r, locale)}
<h2>${escapeXml(t(locale, 'report.section.power'))}</h2>
${powerSection(r, locale)}
<h2>${escapeXml(t(locale, 'report.section.methods'))}</h2>
${facts(methodFacts(r, locale))}
<h2>${escapeXml(t(locale, 'report.section.reviews'))}</h2>
${reviewTable}
<h2>${escapeXml(t(locale, 'report.section.signatures'))}</h2>
<div class="signatures">${signatures}</div>
<footer>${html(t(locale, 'report.hashNote'))} ${escapeXml(t(locale, 'report.schema', { schema: r.schema }))}</footer>
</body>
</html>
`
}
