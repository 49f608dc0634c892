import type { Locale } from '../../i18n/locale.ts'
import { t } from '../../i18n/translate.ts'
import { nextRelativeCells, nextRelativeHeads, powerFacts, powerStatusText, type ReportFamilyPower } from '../../report/report-power.ts'
import { html, type SafeHtml } from '../html.ts'
import { withPowers } from './caseworker-format.ts'

/**
 * The case page's "Family power" section: the same figures and next-relatives table as the report prints
 * (src/report/report-power.ts), in the page's language; while the value is computed, a note saying so.
 */
export function familyPowerSection (locale: Locale, power: ReportFamilyPower, maxInconsistentLoci: number): SafeHtml {
  const status = powerStatusText(power, locale)
  if (status !== undefined || power.status !== 'ready') return html`<p class="muted" id="power-status">${status ?? ''}</p>`
  const heads = nextRelativeHeads(locale)
  return html`<p class="muted">${t(locale, 'power.intro')}</p>
<dl class="facts" id="power-facts">${powerFacts(power, locale, maxInconsistentLoci).map(([k, v]) => html`<dt>${withPowers(k)}</dt><dd>${withPowers(v)}</dd>`)}</dl>
<h3>${t(locale, 'power.next.title')}</h3>
${power.nextRelatives.length === 0
  ? html`<p class="muted">${t(locale, 'power.next.none')}</p>`
  : html`<table id="next-relatives"><thead><tr>${heads.map((h, i) => html`<th scope="col"${i > 0 ? html` class="num"` : ''}>${withPowers(h)}</th>`)}</tr></thead>
<tbody>${power.nextRelatives.map((n) => html`<tr>${nextRelativeCells(n, locale).map((c, i) => i === 0 ? html`<th scope="row">${c}</th>` : html`<td class="num">${withPowers(c)}</td>`)}</tr>`)}</tbody></table>`}`
}
