import { formatInstant, formatRecordedDate } from '../../i18n/format-date.ts'
import { posteriorText, scientificFromLog10 } from '../../report/format-number.ts'
import { escapeXml } from '../../report/escape.ts'
import { commonMessages } from '../common-messages.ts'
import { html, raw, type SafeHtml } from '../html.ts'
import type { Locale } from '../messages.ts'
import type { CaseworkerTranslate } from './caseworker-messages.ts'

/**
 * How the caseworker pages write numbers, dates and page links, so every page reads alike: the log10 LR
 * beside the LR in scientific notation ("LR 2.3 × 10⁵"), recorded dates as the locale writes them,
 * instants in the agency's time zone (HOMEWARD_TIME_ZONE, as the reports) with the offset shown.
 */

/** Rows per page of every list. */
export const PAGE_SIZE = 50

/** Escapes the text, then writes "10^5" or "10^-3.2" with a superscript exponent (digits only, so safe). */
export function withPowers (text: string): SafeHtml {
  return raw(escapeXml(text).replace(/10\^(-?\d+(?:\.\d+)?)/g, '10<sup>$1</sup>'))
}

/** The LR from its log10: "2.3 × 10<sup>5</sup>"; an exclusion (null) says so. */
export function lrHtml (t: CaseworkerTranslate, log10Lr: number | null): SafeHtml {
  if (log10Lr === null) return html`${t('lrExclusion')}`
  const s = scientificFromLog10(log10Lr, 2)
  return s.exponent === 0 ? html`${s.mantissa}` : html`${s.mantissa} × 10<sup>${s.exponent}</sup>`
}

/** log10 LR with two decimals; −∞ for an exclusion. */
export function log10Text (log10Lr: number | null): string {
  return log10Lr === null ? '−∞' : log10Lr.toFixed(2)
}

/** "log10 LR 5.36 · LR 2.3 × 10⁵": the headline figure of a pair. */
export function lrHeadline (t: CaseworkerTranslate, log10Lr: number | null): SafeHtml {
  return html`${t('log10Lr')} ${log10Text(log10Lr)} · ${t('lr')} ${lrHtml(t, log10Lr)}`
}

/** A posterior probability that stays readable next to 1 ("1 − 2.3 × 10⁻⁹"). */
export function posteriorHtml (posterior: number, log10PosteriorOdds: number | null): SafeHtml {
  return withPowers(posteriorText(posterior, log10PosteriorOdds))
}

/** A date as recorded (often partial, "2014-08"), as the locale writes it; — when unknown. */
export function recordedDate (locale: Locale, text: string | undefined): string {
  return text === undefined || text === '' ? '—' : formatRecordedDate(locale, text)
}

/** An instant (ISO 8601) in the agency's time zone (an IANA name) with its offset. */
export function instant (locale: Locale, iso: string, timeZone: string): string {
  return formatInstant(locale, iso, timeZone)
}

/** The 1-based page number of a list from ?page= (anything else is page 1). */
export function pageNumber (value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1
  return n >= 1 ? n : 1
}

/** Previous / next links of a list, keeping its other query parameters. */
export function pager (locale: Locale, path: string, params: Record<string, string | undefined>, page: number, hasMore: boolean): SafeHtml {
  const c = commonMessages(locale)
  const href = (p: number): string => {
    const q = new URLSearchParams()
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v)
    if (p > 1) q.set('page', String(p))
    const s = q.toString()
    return s === '' ? path : `${path}?${s}`
  }
  if (page === 1 && !hasMore) return html``
  return html`<nav class="pager" aria-label="${c('pageOf', { page })}">
  ${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">${c('previous')}</a>` : ''}
  <span>${c('pageOf', { page })}</span>
  ${hasMore ? html`<a href="${href(page + 1)}" rel="next">${c('next')}</a>` : ''}
</nav>`
}
