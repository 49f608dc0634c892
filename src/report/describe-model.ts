import type { UnknownAlleleRule } from '../core/markers/frequency-table.ts'
import type { MutationModelSpec, MutationSpec } from '../core/mutation/mutation-spec.ts'
import type { Locale } from '../i18n/locale.ts'
import { t } from '../i18n/translate.ts'

/**
 * Models in words, for the methods section of a report, in either language.
 *
 * @example describeMutationSpec({ model: 'stepwise', rate: 0.002, range: 0.5 }) // 'stepwise, rate 0.002, range 0.5'
 * @example describeMutationSpec({ male: { model: 'equal', rate: 0.003 }, female: { model: 'equal', rate: 0.001 } })
 *   // 'paternal: equal, rate 0.003; maternal: equal, rate 0.001'
 */
export function describeMutationSpec (spec: MutationSpec, locale: Locale = 'en'): string {
  if ('model' in spec) return describeModel(spec, locale)
  return t(locale, 'model.bySex', { paternal: describeModel(spec.male, locale), maternal: describeModel(spec.female, locale) })
}

// rates are printed as given (String), not through the locale's grouping: 1e-6 must stay 1e-6
function describeModel (m: MutationModelSpec, locale: Locale): string {
  switch (m.model) {
    case 'none': return t(locale, 'model.none')
    case 'equal': return t(locale, 'model.equal', { rate: String(m.rate) })
    case 'proportional': return t(locale, 'model.proportional', { rate: String(m.rate) })
    case 'stepwise':
      return t(locale, 'model.stepwise', { rate: String(m.rate) }) +
        (m.range !== undefined ? t(locale, 'model.range', { range: String(m.range) }) : '') +
        (m.rate2 !== undefined ? t(locale, 'model.microvariant', { rate: String(m.rate2) }) : '')
  }
}

/** A locus with its own mutation model, as MatchReport.methods.mutationSpec lists them. */
export interface LocusMutation { name: string, mutation?: MutationSpec }

/**
 * The default model, plus how many loci override it (and with what, when at most three do).
 *
 * @example describeMutationModels({ model: 'none' }, []) // 'none'
 */
export function describeMutationModels (defaultSpec: MutationSpec, loci: readonly LocusMutation[], locale: Locale = 'en'): string {
  const own = loci.filter((l) => l.mutation !== undefined)
  const base = describeMutationSpec(defaultSpec, locale)
  if (own.length === 0) return base
  const detail = own.length <= 3
    ? own.map((l) => `${l.name}: ${describeMutationSpec(l.mutation!, locale)}`).join('; ')
    : t(locale, 'model.ownRatesList', { count: own.length, loci: own.map((l) => l.name).join(', ') })
  return t(locale, 'model.withOwnRates', { base, detail })
}

/** @example describeUnknownAlleleRule({ rule: 'nrc2', fallbackFrequency: 0.001 }) // "NRC II 5/(2N) with the table's sample size, 0.001 where N is unknown; locus renormalised" */
export function describeUnknownAlleleRule (rule: UnknownAlleleRule, locale: Locale = 'en'): string {
  return rule.rule === 'fixed'
    ? t(locale, 'model.unknownFixed', { frequency: String(rule.frequency) })
    : t(locale, 'model.unknownNrc2', { fallback: String(rule.fallbackFrequency) })
}
