import type { FamilyPower, NextRelation, NextRelativePower } from '../core/power/family-power-types.ts'
import type { Locale } from '../i18n/locale.ts'
import { t } from '../i18n/translate.ts'
import { scientificFromLog10, scientificText } from './format-number.ts'
import type { Facts } from './report-sections.ts'

/** The inputs a value was computed from, as the API and a report state them. */
export interface PowerInputsFacts {
  frequencyTable: { id: string, version: string }
  modelVersion: string
  method: string
}

/**
 * A case's family power (issue 12) as a report carries it: figures of the family alone, no genotype. The
 * expected chance candidates are at the database size the report was made at (`unrelated.databaseSize`).
 */
export type ReportFamilyPower =
  | {
    status: 'ready'
    inputs: PowerInputsFacts
    loci: number
    informativeLoci: number
    trueChild: FamilyPower['trueChild']
    unrelated: FamilyPower['unrelated'] & { databaseSize: number }
    /** Best first. */
    nextRelatives: NextRelativePower[]
    simulation: { seed: number, simulations: number }
  }
  | { status: 'failed', inputs: PowerInputsFacts, error: string }
  | { status: 'computing' }

/**
 * A probability as the power figures print it: a percentage with one decimal from 0.1 % to 99.9 %, "> 99.9 %"
 * above (a family's 0.99999993 must not read as a certainty), scientific below ("2.3 × 10^-5").
 *
 * @example powerPercent(0.3179) // '31.8 %'
 * @example powerPercent(0.000023) // '2.30 × 10^-5'
 */
export function powerPercent (p: number): string {
  if (p <= 0) return '0'
  if (p > 0.999) return p >= 1 ? '100 %' : '> 99.9 %'
  if (p >= 0.001) return `${(p * 100).toFixed(1)} %`
  return scientificText(scientificFromLog10(Math.log10(p)))
}

/** An expected count (chance candidates): two significant digits, scientific when tiny. */
function countText (x: number): string {
  if (x === 0) return '0'
  return x >= 0.01 ? x.toPrecision(2) : scientificText(scientificFromLog10(Math.log10(x), 2))
}

const at = (list: ReadonlyArray<{ lr: number, probability: number }>, lr: number): number => list.find((x) => x.lr === lr)?.probability ?? 0

/** How a next relative is named for a caseworker or a court, in the locale. */
export function nextRelationText (locale: Locale, relation: NextRelation): string {
  return t(locale, `power.relation.${relation}`)
}

/** The labelled figures of a ready value, in print order (the report, its PDF and the case page lay out these). */
export function powerFacts (p: Extract<ReportFamilyPower, { status: 'ready' }>, locale: Locale, maxInconsistentLoci: number): Facts {
  const tc = p.trueChild
  const un = p.unrelated
  const median = `${tc.medianLog10Lr.lower.toFixed(2)}–${tc.medianLog10Lr.upper.toFixed(2)}`
  const chance = (lr: number): string => countText(un.expectedChanceCandidates.find((x) => x.lr === lr)?.expected ?? 0)
  return [
    [t(locale, 'label.power.trueChildLr'), t(locale, 'power.twoProbabilities', { p3: powerPercent(at(tc.pLrAtLeast, 1000)), p4: powerPercent(at(tc.pLrAtLeast, 10000)) })],
    [t(locale, 'label.power.expected'), tc.expectedLog10Lr === null ? t(locale, 'power.expectedExclusion', { median }) : t(locale, 'power.expectedValue', { mean: tc.expectedLog10Lr.toFixed(2), median })],
    [t(locale, 'label.power.ruleExcludes', { max: maxInconsistentLoci }), powerPercent(tc.pExcludedByRule)],
    [t(locale, 'label.power.exclusionPower'), powerPercent(un.exclusionPower)],
    [t(locale, 'label.power.unrelatedRule', { max: maxInconsistentLoci }), powerPercent(un.pExcludedByRule)],
    [t(locale, 'label.power.unrelatedLr'), t(locale, 'power.twoProbabilities', { p3: powerPercent(at(un.pLrAtLeast, 1000)), p4: powerPercent(at(un.pLrAtLeast, 10000)) })],
    [t(locale, 'label.power.chance'), t(locale, 'power.chanceValue', { e3: chance(1000), e4: chance(10000), size: un.databaseSize })],
    [t(locale, 'label.power.loci'), t(locale, 'power.lociValue', { loci: p.informativeLoci })],
    [t(locale, 'label.power.method'), t(locale, 'power.methodValue', { method: p.inputs.method })]
  ]
}

/** Column heads of the next-relatives table. */
export function nextRelativeHeads (locale: Locale): string[] {
  return [t(locale, 'power.next.relation'), t(locale, 'power.next.pMatch'), t(locale, 'power.next.gain'), t(locale, 'power.next.exclusionPower')]
}

/** One row per relative, best first: expected P(LR ≥ 10^4) with its standard error, the gain, the exclusion power. */
export function nextRelativeCells (n: NextRelativePower, locale: Locale): string[] {
  const match = n.pLrAtLeast.find((x) => x.lr === 10000) ?? { expected: 0, standardError: 0 }
  const withError = (value: number, error: number): string => error > 0 ? t(locale, 'power.withError', { value: powerPercent(value), error: powerPercent(error) }) : powerPercent(value)
  const gain = n.gainPLrAtLeast >= 0 ? `+${powerPercent(n.gainPLrAtLeast)}` : `−${powerPercent(-n.gainPLrAtLeast)}`
  return [nextRelationText(locale, n.relation), withError(match.expected, match.standardError), gain, withError(n.exclusionPower, n.exclusionPowerStandardError)]
}

/** The sentence that stands in for the figures while they are computed, when they failed, or when a report has none. */
export function powerStatusText (p: ReportFamilyPower | undefined, locale: Locale): string | undefined {
  if (p === undefined) return t(locale, 'power.absent')
  if (p.status === 'computing') return t(locale, 'power.computing')
  if (p.status === 'failed') return t(locale, 'power.failed', { error: p.error })
  return undefined
}
