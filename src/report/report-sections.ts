import type { Locale } from '../i18n/locale.ts'
import { formatRecordedDate } from '../i18n/format-date.ts'
import { t } from '../i18n/translate.ts'
import { describeMutationModels, describeUnknownAlleleRule } from './describe-model.ts'
import type { MatchReport } from './match-report-types.ts'
import { chanceNote, decisionReason, priorBasis, relationText, sexNote, sexWord } from './report-wording.ts'
import { verbalText } from './verbal-scale.ts'

/**
 * The labelled facts of a report, in print order, as plain text in one language: the HTML and the PDF
 * renderers both lay out these same lists, so the two formats cannot drift apart in what they say.
 */

export type Facts = Array<[label: string, value: string]>

export function decisionTitle (locale: Locale, decision: MatchReport['decision']['decision']): string {
  return t(locale, `decision.title.${decision}`)
}

export { decisionReason, relationText }

export function summaryFacts (r: MatchReport, locale: Locale): Facts {
  // the genetics are shown for a sex mismatch too, but must not read as if the person were a candidate
  const geneticsOnly = r.decision.rule === 'sex-mismatch' ? t(locale, 'summary.geneticsOnly') : ''
  return [
    [t(locale, 'label.combinedLr'), r.total.log10Lr === null ? t(locale, 'summary.exclusion') : t(locale, 'summary.combinedValue', { lr: r.total.lrText, log10: r.total.log10Lr.toFixed(3) })],
    [t(locale, 'label.verbal'), `${verbalText(locale, r.total.log10Lr)}${geneticsOnly}`],
    [t(locale, 'label.inconsistentLoci'), t(locale, 'summary.inconsistentValue', { inconsistent: r.total.inconsistentLoci, compared: r.total.comparedLoci })],
    [t(locale, 'label.prior'), `${r.posterior.priorText}${locale === 'zh-CN' ? '：' : ': '}${priorBasis(locale, r.posterior)}`],
    [t(locale, 'label.posterior'), `${r.posterior.text}${geneticsOnly}`],
    [t(locale, 'label.chance'), chanceNote(locale, r.chanceMatches)],
    [t(locale, 'label.sex'), sexNote(locale, r.sex)]
  ]
}

export function referenceText (locale: Locale, x: MatchReport['references'][number]): string {
  const who = x.relation !== undefined ? t(locale, 'value.reference', { id: x.id, relation: relationText(locale, x.relation) }) : x.id
  const sample = x.sampleId !== undefined ? t(locale, 'value.referenceSample', { sample: x.sampleId }) : ''
  return t(locale, 'value.referenceLoci', { reference: `${who}${sample}`, count: x.typedLoci })
}

function slotText (locale: Locale, s: NonNullable<MatchReport['case']['missingPersons']>[number], reported: string): string {
  const who = t(locale, 'value.missingPerson', { id: s.id, sex: sexWord(locale, s.sex) })
  if (s.id === reported) return t(locale, 'value.slotThisReport', { slot: who })
  if (s.status === 'scored' && s.log10Lr !== null) return t(locale, 'value.slotLr', { slot: who, log10: s.log10Lr.toFixed(2) })
  return t(locale, s.status === 'sex-mismatch' ? 'value.slotOtherSex' : 'value.slotNoLr', { slot: who })
}

export function caseFacts (r: MatchReport, locale: Locale): Facts {
  const mp = r.case.missingPerson
  const facts: Facts = [
    [t(locale, 'label.case'), r.case.id],
    [t(locale, 'label.missingPerson'), t(locale, 'value.missingPerson', { id: mp.id, sex: sexWord(locale, mp.sex) })]
  ]
  // a family with several missing persons: every one, with this person's LR against each
  if (r.case.missingPersons !== undefined) facts.push([t(locale, 'label.missingPersons'), r.case.missingPersons.map((s) => slotText(locale, s, mp.id)).join(locale === 'zh-CN' ? '；' : '; ')])
  if (mp.born !== undefined) facts.push([t(locale, 'label.born'), formatRecordedDate(locale, mp.born)])
  if (mp.missingSince !== undefined) facts.push([t(locale, 'label.missingSince'), formatRecordedDate(locale, mp.missingSince)])
  facts.push([t(locale, 'label.references'), r.references.map((x) => referenceText(locale, x)).join(locale === 'zh-CN' ? '；' : '; ')])
  return facts
}

export function personFacts (r: MatchReport, locale: Locale): Facts {
  const p = r.person
  const facts: Facts = [[t(locale, 'label.sample'), p.id], [t(locale, 'label.sex'), sexWord(locale, p.sex)]]
  if (p.birthYear !== undefined) facts.push([t(locale, 'label.birthYear'), String(p.birthYear)])
  if (p.foundWhere !== undefined) facts.push([t(locale, 'label.foundWhere'), p.foundWhere])
  if (p.foundWhen !== undefined) facts.push([t(locale, 'label.foundWhen'), formatRecordedDate(locale, p.foundWhen)])
  facts.push([t(locale, 'label.typedLoci'), String(p.typedLoci)])
  return facts
}

export function methodFacts (r: MatchReport, locale: Locale): Facts {
  const m = r.methods
  const ft = m.frequencyTable
  const table = { id: ft.id, version: ft.version, population: ft.population }
  const facts: Facts = [
    [t(locale, 'label.frequencyTable'), ft.source !== undefined ? t(locale, 'model.tableSource', { ...table, source: ft.source }) : t(locale, 'model.table', table)],
    // the model as data when the report has it; a stale result carries only the text of its version
    [t(locale, 'label.mutationModel'), m.mutationSpec !== undefined ? describeMutationModels(m.mutationSpec.default, m.mutationSpec.loci, locale) : m.mutationModel],
    [t(locale, 'label.theta'), String(m.theta)]
  ]
  const unknown = m.unknownAlleleRule !== undefined ? describeUnknownAlleleRule(m.unknownAlleleRule, locale) : m.unknownAllele
  if (unknown !== undefined) facts.push([t(locale, 'label.unknownAlleles'), unknown])
  facts.push([t(locale, 'label.adjustments'), r.frequencyAdjustments.length === 0
    ? t(locale, 'model.noAdjustments')
    : r.frequencyAdjustments.map((a) => t(locale, 'model.adjustment', { locus: a.locus, allele: a.allele, frequency: a.frequency.toPrecision(3), rule: t(locale, `model.rule.${a.rule}`) })).join('; ')])
  if (r.lociNotEvaluated.length > 0) facts.push([t(locale, 'label.notEvaluated'), r.lociNotEvaluated.join(', ')])
  facts.push([t(locale, 'label.decisionRules'), t(locale, 'decision.standard')])
  const th = r.decision.thresholds
  facts.push([t(locale, 'label.thresholds'), t(locale, 'decision.thresholds', { support: String(th.log10Support), exclude: String(th.log10Exclude), max: th.maxInconsistentLoci })])
  if (m.engineVersion !== undefined) facts.push([t(locale, 'label.engine'), m.engineVersion])
  return facts
}

/** Column heads of the per-locus table: locus, each reference, the person, LR, log10 LR, class. */
export function locusHeads (r: MatchReport, locale: Locale): string[] {
  return [
    t(locale, 'table.locus'),
    ...r.references.map((x) => x.relation !== undefined ? t(locale, 'value.reference', { id: x.id, relation: relationText(locale, x.relation) }) : x.id),
    t(locale, 'table.tested', { id: r.person.id }),
    t(locale, 'table.lr'),
    t(locale, 'table.log10Lr'),
    t(locale, 'table.class')
  ]
}

export function locusCells (r: MatchReport, row: MatchReport['loci'][number], locale: Locale): string[] {
  return [
    row.locus,
    ...r.references.map((x) => row.references[x.id] ?? '–'),
    row.person ?? '–',
    row.lrText,
    row.log10Lr === null ? '−∞' : row.log10Lr.toFixed(3),
    t(locale, `class.${row.class}`)
  ]
}
