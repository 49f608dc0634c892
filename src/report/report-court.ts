import type { Locale } from '../i18n/locale.ts'
import { formatInstant } from '../i18n/format-date.ts'
import { t } from '../i18n/translate.ts'
import type { MatchReport, ReportReview } from './match-report-types.ts'
import type { Facts } from './report-sections.ts'
import { decisionTitle } from './report-sections.ts'

/**
 * What a court expects around the findings, in words: the issuing agency, the report number and version,
 * the analyst, every review decision with who and when, and the signature block.
 */

export interface RenderContext {
  locale: Locale
  /** IANA zone the report's instants are printed in (HOMEWARD_TIME_ZONE). */
  timeZone: string
}

export function issueFacts (r: MatchReport, c: RenderContext): Facts {
  const { locale } = c
  const facts: Facts = [[t(locale, 'court.agency'), r.issue?.agency ?? t(locale, 'court.agencyMissing')]]
  if (r.issue !== undefined) {
    facts.push([t(locale, 'court.reportNumber'), t(locale, 'court.numberValue', { number: r.issue.reportNumber, version: r.issue.version })])
    facts.push([t(locale, 'court.analyst'), r.issue.analyst])
    facts.push([t(locale, 'court.issuedAt'), formatInstant(locale, r.issue.issuedAt, c.timeZone)])
  }
  facts.push([t(locale, 'court.printedAt'), formatInstant(locale, r.generatedAt, c.timeZone)])
  return facts
}

export function reviewHeads (locale: Locale): string[] {
  return [t(locale, 'court.review.when'), t(locale, 'court.review.who'), t(locale, 'court.review.decision'), t(locale, 'court.review.note'), t(locale, 'court.review.lr')]
}

/** One row per review, oldest first; the note cell also carries an override's reason and a changed result. */
export function reviewCells (r: MatchReport, v: ReportReview, c: RenderContext): string[] {
  const { locale } = c
  const decision = v.decision === 'confirmed' && v.confirmation !== undefined ? t(locale, `court.review.confirmed.${v.confirmation}`) : t(locale, `court.review.${v.decision}`)
  const notes = [v.note]
  if (v.overrideReason !== undefined) {
    notes.push(t(locale, 'court.review.override', { decision: v.lrDecision === undefined ? '–' : decisionTitle(locale, v.lrDecision), reason: v.overrideReason }))
  }
  // a review made on another result than the one printed here must say so, or it reads as approving this one
  const seen = lrCell(v.log10Lr)
  const now = lrCell(r.total.log10Lr)
  const same = v.log10Lr === null ? r.total.log10Lr === null : r.total.log10Lr !== null && Math.abs(v.log10Lr - r.total.log10Lr) <= 1e-6
  if (v.decision !== 'reopened' && !same) {
    notes.push(t(locale, 'court.review.otherResult', { seen, now }))
  }
  return [formatInstant(locale, v.at, c.timeZone), v.reviewer ?? '–', decision, notes.join(' '), seen]
}

function lrCell (log10Lr: number | null): string {
  return log10Lr === null ? '−∞' : log10Lr.toFixed(3)
}

export interface SignatureLine { role: string, name: string }

/**
 * The signature block: the analyst and two reviewers (four eyes). Names are printed where the record
 * knows them: the reviewers of the confirmations that stand, else blank for a hand-written name.
 */
export function signatureLines (r: MatchReport, locale: Locale): SignatureLine[] {
  const confirmers = standingConfirmers(r.reviews ?? [])
  return [
    { role: t(locale, 'court.signature.analyst'), name: r.issue?.analyst ?? '' },
    { role: t(locale, 'court.signature.reviewer1'), name: confirmers[0] ?? '' },
    { role: t(locale, 'court.signature.reviewer2'), name: confirmers[1] ?? '' }
  ]
}

/** The reviewers of the confirmations since the last rejection or reopening, in order. */
function standingConfirmers (reviews: readonly ReportReview[]): string[] {
  let out: string[] = []
  for (const v of reviews) {
    if (v.decision === 'confirmed') out.push(v.reviewer ?? '')
    else out = []
  }
  return out.slice(0, 2)
}
