import { decide, type DecisionThresholds } from '../core/lr/decision.ts'
import type { Sex } from '../core/markers/profile.ts'
import { RELATIONS } from '../core/pedigree/relatives-pedigree.ts'
import type { Locale } from '../i18n/locale.ts'
import { CATALOGUES, t, tCount, type MessageKey } from '../i18n/translate.ts'
import type { MatchReport } from './match-report-types.ts'
import type { SexConsistency } from './sex-consistency.ts'

/**
 * The explanations of a report in words, in either language, from the report's data alone: the decision
 * under GB/T 37223, the sex check, the expected chance matches and the prior. The English forms are the
 * ones the JSON report carries (tests hold the two together), so a rendering never says what the data
 * does not.
 */

/** The reason for the genetic decision, as core/lr/decision.ts words it in English. */
export function geneticReason (locale: Locale, log10Lr: number | null, inconsistentLoci: number, thresholds: DecisionThresholds): string {
  const d = decide({ log10Lr, inconsistentLoci }, thresholds)
  const lr = log10Lr === null ? t(locale, 'decision.lrZero') : t(locale, 'decision.lr', { lr: `10^${log10Lr.toFixed(2)}` })
  const loci = tCount(locale, 'decision.loci', inconsistentLoci, { count: inconsistentLoci })
  const support = powerText(thresholds.log10Support)
  const exclude = powerText(thresholds.log10Exclude)
  switch (d.rule) {
    case 'inconsistent-loci': return t(locale, 'decision.inconsistentLoci', { loci, max: thresholds.maxInconsistentLoci, lr })
    case 'lr-zero': return t(locale, 'decision.lrZeroReason', { lr, loci })
    case 'lr-supports': return t(locale, inconsistentLoci > 0 ? 'decision.supportsWithMutation' : 'decision.supports', { lr, support, loci })
    case 'lr-excludes': return t(locale, 'decision.excludes', { lr, exclude, loci })
    case 'lr-between': return t(locale, 'decision.between', { lr, exclude, support, loci })
  }
}

/** The reason shown under the decision: the genetic one, or the sex contradiction before it. */
export function decisionReason (locale: Locale, r: MatchReport): string {
  const genetic = geneticReason(locale, r.total.log10Lr, r.total.inconsistentLoci, r.decision.thresholds)
  return r.decision.rule === 'sex-mismatch' ? t(locale, 'decision.sexMismatch', { genetic }) : genetic
}

export function sexWord (locale: Locale, sex: Sex | undefined): string {
  return t(locale, sex === 'male' ? 'sex.male' : sex === 'female' ? 'sex.female' : 'sex.unknown')
}

/**
 * The sex check in words.
 *
 * @example sexNote('en', { missingPerson: 'male', person: 'female', consistent: false }) // 'The person is recorded as female but …'
 */
export function sexNote (locale: Locale, s: Pick<SexConsistency, 'missingPerson' | 'person' | 'amelogenin' | 'consistent'>): string {
  const missing = sexWord(locale, s.missingPerson)
  const parts: string[] = []
  if (s.consistent === null) parts.push(t(locale, 'sex.unknownNote', { missing }))
  else if (s.consistent === false) {
    const which = s.person !== undefined && s.person !== s.missingPerson
      ? t(locale, 'sex.recordedAs', { sex: sexWord(locale, s.person) })
      : t(locale, 'sex.byAmelogenin', { sex: sexWord(locale, s.amelogenin) })
    parts.push(t(locale, 'sex.contradictNote', { which, missing }))
  } else parts.push(t(locale, 'sex.consistentNote', { sex: sexWord(locale, s.person ?? s.amelogenin) }))
  if (s.person !== undefined && s.amelogenin !== undefined && s.person !== s.amelogenin) {
    parts.push(t(locale, 'sex.disagreeNote', { recorded: sexWord(locale, s.person), amelogenin: sexWord(locale, s.amelogenin) }))
  }
  return locale === 'zh-CN' ? `${parts.join('；')}。` : `${capitalise(parts.join('; '))}.`
}

/** The expected number of chance matches of the search, in words. */
export function chanceNote (locale: Locale, c: Pick<MatchReport['chanceMatches'], 'databaseSize' | 'log10Threshold' | 'expected'>): string {
  return tCount(locale, 'chance.note', c.databaseSize, { size: String(c.databaseSize), threshold: String(c.log10Threshold), expected: countText(c.expected) })
}

/** Why the prior has its value; the stored basis as it is when the report does not say where it came from. */
export function priorBasis (locale: Locale, p: Pick<MatchReport['posterior'], 'openCases' | 'priorBasis'>): string {
  if (p.openCases === undefined) return p.priorBasis
  return p.openCases < 2 ? t(locale, 'prior.fewCases', { open: String(p.openCases) }) : t(locale, 'prior.openCases', { open: String(p.openCases) })
}

/** 4 → "10,000", -4 → "0.0001" (written out, not through 10 ** -4, which is 0.00009999999999999999). */
export function powerText (log10: number): string {
  if (!Number.isInteger(log10) || Math.abs(log10) > 6) return `10^${log10}`
  return log10 >= 0 ? `1${'0'.repeat(log10)}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : `0.${'0'.repeat(-log10 - 1)}1`
}

/** A small expected count: whole above 100, else two significant digits without trailing zeros. */
export function countText (x: number): string {
  if (x >= 100) return Math.round(x).toString()
  const s = x.toPrecision(2)
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s
}

function capitalise (s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** A relation as the case names it, translated when it is one of the relations of the relatives form. */
export function relationText (locale: Locale, relation: string): string {
  const key = `relation.${relation}`
  return isMessageKey(key) ? CATALOGUES[locale][key] : relation
}

// the relations of the relatives form have a message each (test/i18n/catalogue.test.ts checks); pedigree-form
// relations are free text and are printed as entered
const KNOWN = new Set<string>(RELATIONS.map((r) => `relation.${r}`))
function isMessageKey (key: string): key is MessageKey {
  return KNOWN.has(key)
}
