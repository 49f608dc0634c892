import type { Locale } from '../i18n/locale.ts'
import { t } from '../i18n/translate.ts'
import type { ReportStale } from './match-report-types.ts'

/**
 * The warning a stale result carries wherever a report or a pair page shows it (issue 16): what it was
 * computed under and what the service uses now, in the reader's language.
 *
 * @example staleNotice('en', { computedUnder: { modelVersion: 'm1', frequencyTable: 't', tableVersion: '1' }, current: { modelVersion: 'm2', tableVersion: '1' }, reason: '' })
 *   // 'Stale result: computed under model m1, frequency table t version 1; the service now uses model m2, version 1. …'
 */
export function staleNotice (locale: Locale, stale: ReportStale): string {
  const was = stale.computedUnder
  const now = stale.current === null
    ? t(locale, 'report.stale.tableGone', { table: was.frequencyTable })
    : t(locale, 'report.stale.now', { model: stale.current.modelVersion, version: stale.current.tableVersion })
  return t(locale, 'report.stale', { was: was.modelVersion, table: was.frequencyTable, version: was.tableVersion, now })
}
