import { formatInstant } from '../../i18n/format-date.ts'
import type { Locale } from '../messages.ts'

/**
 * An instant (ISO 8601) in the agency's time zone (HOMEWARD_TIME_ZONE) with its offset, as the other pages write it.
 *
 * @example instantIn('en', 'Asia/Shanghai', '2026-12-01T11:29:06Z') === 'December 1, 2026, 19:29 (GMT+8)'
 */
export function instantIn (locale: Locale, timeZone: string, iso: string): string {
  return formatInstant(locale, iso, timeZone)
}

/** Milliseconds the zone's wall clock is ahead of UTC at an instant (+8 h for Asia/Shanghai). */
function zoneOffsetMs (ms: number, timeZone: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(new Date(ms)).map((p) => [p.type, p.value]))
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) - Math.floor(ms / 1000) * 1000
}

/**
 * The instant (ISO 8601, UTC) at which a calendar day (YYYY-MM-DD) of the agency's zone begins, `plusDays`
 * later; undefined for text that is no date. The offset is read at the day itself (daylight saving).
 *
 * @example zoneDayStart('2026-12-01', 'Asia/Shanghai') === '2026-11-30T16:00:00.000Z'
 */
export function zoneDayStart (date: string, timeZone: string, plusDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (m === null) return undefined
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays)
  if (new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) !== date) return undefined
  let at = wall - zoneOffsetMs(wall, timeZone)
  at = wall - zoneOffsetMs(at, timeZone)
  return new Date(at).toISOString()
}
