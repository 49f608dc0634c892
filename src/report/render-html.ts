import { escapeXml } from './escape.ts'
import type { MatchReport } from './match-report-types.ts'
import { pedigreeSvg } from './pedigree-svg.ts'
import { caseFacts, DECISION_TITLE, HASH_NOTE, locusCells, locusHeads, methodFacts, personFacts, summaryFacts, type Facts } from './report-sections.ts'

const CSS = `
*{box-sizing:border-box}
body{font-family:Helvetica,Arial,sans-serif;color:#222;margin:24px auto;max-width:1000px;padding:0 16px;font-size:13px;line-height:1.4}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:22px 0 8px;border-bottom:1px solid #ccc;padding-bottom:3px}
.meta{color:#555;font-size:12px}.hash{font-family:Menlo,Consolas,monospace;font-size:11px;word-break:break-all}
.decision{border:2px solid;border-radius:6px;padding:10px 14px;margin:14px 0}
.decision .title{font-size:17px;font-weight:bold}.decision.supported{border-color:#2e7d32;background:#eef7ee}
.decision.inconclusive{border-color:#b7791f;background:#fdf6e3}.decision.excluded{border-color:#777;background:#f3f3f3}
dl{display:grid;grid-template-columns:190px 1fr;gap:3px 12px;margin:0}dt{font-weight:bold;color:#444}dd{margin:0}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:0 28px}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left}
th{background:#f0f0f0}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.inconsistent td{background:#fde8e8}tr.untyped td{color:#888}tfoot td{font-weight:bold;background:#f7f7f7}
.pedigree{overflow-x:auto}.pedigree svg{max-width:100%;height:auto}
footer{margin-top:24px;color:#555;font-size:11px}
@page{size:A4;margin:14mm}
@media print{body{margin:0;max-width:none;padding:0;font-size:11px}.decision{break-inside:avoid}
thead{display:table-header-group}tfoot{display:table-row-group}tr,.pedigree{break-inside:avoid}h2{break-after:avoid}}
`

/** Escapes, then writes "10^12" or "10^18.30" as 10 with a superscript (the exponent is a number only, so this is safe). */
function html (text: string): string {
  return escapeXml(text).replace(/10\^(-?\d+(?:\.\d+)?)/g, '10<sup>$1</sup>')
}

function facts (list: Facts): string {
  return `<dl>${list.map(([k, v]) => `<dt>${html(k)}</dt><dd>${html(v)}</dd>`).join('')}</dl>`
}

/**
 * The report as one self-contained, printable HTML page: inline CSS with print rules, the pedigree
 * as inline SVG, no script, no external resource (a CSP meta forbids them), every value escaped.
 */
export function renderReportHtml (report: MatchReport): string {
  const r = report
  const title = `Match report: case ${r.case.id}, sample ${r.person.id}`
  const heads = locusHeads(r)
  const numeric = new Set([heads.length - 3, heads.length - 2])
  const rows = r.loci.map((row) => `<tr class="${escapeXml(row.class)}">${locusCells(r, row).map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${html(c)}</td>`).join('')}</tr>`)
  const total = `<tr><td colspan="${heads.length - 3}">Combined (${r.total.comparedLoci} loci compared, ${r.total.inconsistentLoci} inconsistent)</td><td class="num">${html(r.total.lrText)}</td><td class="num">${r.total.log10Lr === null ? '−∞' : r.total.log10Lr.toFixed(3)}</td><td></td></tr>`
  const svg = pedigreeSvg(r.case.pedigree, `Pedigree of case ${r.case.id}`)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Kinship match report</h1>
<div class="meta">Case <b>${escapeXml(r.case.id)}</b> · sample <b>${escapeXml(r.person.id)}</b> · generated ${escapeXml(r.generatedAt)}</div>
<div class="meta hash">Content hash ${escapeXml(r.contentHash)}</div>
</header>
<section class="decision ${escapeXml(r.decision.decision)}">
<div class="title">${escapeXml(DECISION_TITLE[r.decision.decision])}</div>
<div>${html(r.decision.reason)}</div>
</section>
${facts(summaryFacts(r))}
<div class="cols">
<section><h2>Family case</h2>${facts(caseFacts(r))}</section>
<section><h2>Unidentified person</h2>${facts(personFacts(r))}</section>
</div>
<h2>Pedigree</h2>
<div class="pedigree">${svg}</div>
<h2>Per-locus likelihood ratios</h2>
<table>
<thead><tr>${heads.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ''}>${html(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
<tfoot>${total}</tfoot>
</table>
<h2>Methods and versions</h2>
${facts(methodFacts(r))}
<footer>${html(HASH_NOTE)} Schema ${escapeXml(r.schema)}.</footer>
</body>
</html>
`
}
