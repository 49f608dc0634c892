import type { Locale } from './locale.ts'

/**
 * Dates as a locale writes them. Recorded dates (born, missing since, found) are kept as the caseworker
 * entered them, often partial ("2014-08"), so they are read as calendar dates without a time zone; the
 * report's own timestamps are instants, shown in the agency's time zone with its offset written out, so
 * a reader in another zone cannot misread them.
 */

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/

/**
 * @example formatRecordedDate('zh-CN', '2014-08') // '2014年8月'
 * @example formatRecordedDate('en', '2009-05-12') // 'May 12, 2009'
 * @example formatRecordedDate('en', 'spring 2014') // 'spring 2014' (kept as entered)
 */
export function formatRecordedDate (locale: Locale, text: string): string {
  const m = PARTIAL_DATE.exec(text)
  if (m === null) return text
  const [year, month, day] = [Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3])]
  const date = new Date(Date.UTC(year, (month ?? 1) - 1, day ?? 1))
  // a month 13 or a 31 February is not a date: show what was entered rather than a shifted one
  if (date.getUTCFullYear() !== year || (month !== undefined && date.getUTCMonth() !== month - 1) || (day !== undefined && date.getUTCDate() !== day)) return text
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric', ...(month === undefined ? {} : { month: 'long' }), ...(day === undefined ? {} : { day: 'numeric' }) }
  return new Intl.DateTimeFormat(locale, options).format(date)
}

/**
 * An instant (ISO 8601) in `timeZone` (IANA name), with its UTC offset.
 *
 * @example formatInstant('zh-CN', '2026-12-01T11:29:06Z', 'Asia/Shanghai') // '2026年12月1日 19:29（GMT+8）'
 * @example formatInstant('en', '2026-12-01T11:29:06Z', 'Asia/Shanghai') // 'December 1, 2026, 19:29 (GMT+8)'
 */
export function formatInstant (locale: Locale, iso: string, timeZone: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const date = new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(d)
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d)
  const offset = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  return locale === 'zh-CN' ? `${date} ${time}（${offset}）` : `${date}, ${time} (${offset})`
}

/** True when `timeZone` is an IANA zone this runtime knows (for validating configuration). */
export function isTimeZone (timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone }).format(0)
    return true
  } catch {
    return false
  }
}
