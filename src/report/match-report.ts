import { decide, expectedChanceMatches, GB_T_37223, log10PosteriorOdds, posterior } from '../core/lr/decision.ts'
import { fail } from '../core/errors.ts'
import type { FrequencyAdjustment } from '../core/markers/frequency-table.ts'
import type { Genotype } from '../core/markers/profile.ts'
import { lrText, posteriorText, probabilityText, scientificFromLog10, scientificText } from './format-number.ts'
import type { MatchReport, MatchReportInput, ReportLocusRow, ReportPedigreePerson } from './match-report-types.ts'
import { t } from '../i18n/translate.ts'
import { reportHash } from './report-hash.ts'
import { chanceNote } from './report-wording.ts'
import { sexConsistency } from './sex-consistency.ts'
import { verbalEquivalent } from './verbal-scale.ts'

export type { MatchReport, MatchReportInput, ReportLocusRow, ReportPedigreePerson, ReportReference } from './match-report-types.ts'
export { verifyReportHash } from './report-hash.ts'

export const REPORT_STANDARD = t('en', 'decision.standard')

/**
 * The match report of one case/person pair, as data: per-locus table, total, decision, verbal
 * equivalent, posterior under the stated prior, expected chance matches, sex check, versions, and a
 * content hash over all of it except `generatedAt` (the caller's clock, ISO 8601).
 * Throws INVALID_CASE when the inputs do not fit together (a reference outside the pedigree, a result
 * whose inconsistent-locus count or total disagrees with its own per-locus rows).
 */
export function buildMatchReport (input: MatchReportInput, generatedAt: string, attached: Pick<MatchReport, 'issue' | 'reviews'> = {}): MatchReport {
  const { case: kase, person, result, model, prior, search } = input
  checkInputs(input, generatedAt)
  const byId = new Map(kase.persons.map((p) => [p.id, p]))
  const mp = byId.get(kase.missingPerson)!
  const references = new Map(kase.references.map((r) => [r.id, r]))

  const loci: ReportLocusRow[] = result.perLocus.map((l) => ({
    locus: l.locus,
    references: Object.fromEntries(kase.references.map((r) => [r.id, genotypeText(r.profile[l.locus])])),
    person: genotypeText(person.profile[l.locus]),
    log10Lr: l.log10Lr,
    lrText: lrText(l.log10Lr),
    class: l.class,
    adjustments: l.adjustments
  }))
  const evaluated = new Set(result.perLocus.map((l) => l.locus))
  const typedSomewhere = new Set([person.profile, ...kase.references.map((r) => r.profile)].flatMap((p) => Object.keys(p)))
  const lociNotEvaluated = [...typedSomewhere].filter((l) => !evaluated.has(l)).sort()

  const genetic = decide({ log10Lr: result.log10Lr, inconsistentLoci: result.inconsistentLoci })
  const sex = sexConsistency(mp.sex, person.sex, person.amelogenin, person.sexOverride)
  const decision = sex.consistent === false
    ? { decision: 'excluded' as const, rule: 'sex-mismatch' as const, reason: `not a candidate: the sexes contradict; genetically, ${genetic.reason}` }
    : genetic
  const lpo = log10PosteriorOdds(result.log10Lr, prior.value)
  const post = posterior(result.log10Lr, prior.value)
  const expected = expectedChanceMatches(search.databaseSize, 10 ** search.log10Threshold)
  const above = result.log10Lr !== null && result.log10Lr >= search.log10Threshold - 1e-9
  const scientific = result.log10Lr === null ? null : scientificFromLog10(result.log10Lr)

  const content: Omit<MatchReport, 'contentHash' | 'generatedAt'> = {
    schema: 'homeward-match-report/1',
    case: {
      id: kase.id,
      missingPerson: omitUndefined({ id: mp.id, sex: mp.sex, born: kase.missingPersonBorn, missingSince: kase.missingSince }),
      ...(kase.missingPersons === undefined ? {} : { missingPersons: kase.missingPersons.map((s) => ({ ...s })) }),
      pedigree: kase.persons.map((p): ReportPedigreePerson => omitUndefined({
        id: p.id,
        sex: p.sex,
        father: p.father,
        mother: p.mother,
        isMissingPerson: p.id === kase.missingPerson || kase.missingPersons?.some((s) => s.id === p.id) === true,
        typed: references.has(p.id),
        relation: references.get(p.id)?.relation
      }))
    },
    references: kase.references.map((r) => omitUndefined({ id: r.id, relation: r.relation, sampleId: r.sampleId, sex: byId.get(r.id)!.sex, typedLoci: Object.keys(r.profile).length })),
    person: omitUndefined({ id: person.id, sex: person.sex, birthYear: person.birthYear, foundWhere: person.foundWhere, foundWhen: person.foundWhen, typedLoci: Object.keys(person.profile).length }),
    loci,
    lociNotEvaluated,
    total: {
      log10Lr: result.log10Lr,
      scientific,
      lrText: scientific === null ? '0' : scientificText(scientific),
      comparedLoci: result.comparedLoci,
      inconsistentLoci: result.inconsistentLoci
    },
    decision: { ...decision, standard: REPORT_STANDARD, thresholds: { ...GB_T_37223 } },
    verbal: verbalEquivalent(result.log10Lr),
    posterior: omitUndefined({
      prior: prior.value,
      priorBasis: prior.basis,
      openCases: prior.openCases,
      priorText: probabilityText(prior.value),
      posterior: post,
      log10PosteriorOdds: lpo,
      text: posteriorText(post, lpo)
    }),
    chanceMatches: {
      databaseSize: search.databaseSize,
      log10Threshold: search.log10Threshold,
      expected,
      aboveThreshold: above,
      note: chanceNote('en', { databaseSize: search.databaseSize, log10Threshold: search.log10Threshold, expected })
    },
    sex,
    frequencyAdjustments: collectAdjustments(result.perLocus.flatMap((l) => l.adjustments)),
    methods: omitUndefined({
      frequencyTable: omitUndefined({ ...model.frequencyTable }),
      mutationModel: model.mutation,
      theta: model.theta,
      unknownAllele: model.unknownAllele,
      engineVersion: model.engineVersion,
      mutationSpec: model.mutationSpec,
      unknownAlleleRule: model.unknownAlleleRule
    }),
    ...(input.familyPower === undefined ? {} : { familyPower: input.familyPower }),
    ...(input.lineage === undefined ? {} : { lineage: input.lineage })
  }
  return omitUndefined({ ...content, generatedAt, contentHash: reportHash(content), stale: input.stale, issue: attached.issue, reviews: attached.reviews })
}

function checkInputs (input: MatchReportInput, generatedAt: string): void {
  const { case: kase, result, prior, search, model } = input
  const ids = new Set(kase.persons.map((p) => p.id))
  if (!ids.has(kase.missingPerson)) fail('INVALID_CASE', `case ${kase.id}: the missing person ${kase.missingPerson} is not in the pedigree`, { person: kase.missingPerson })
  for (const r of kase.references) {
    if (!ids.has(r.id)) fail('INVALID_CASE', `case ${kase.id}: reference ${r.id} is not a person of the pedigree`, { person: r.id })
    if (r.id === kase.missingPerson) fail('INVALID_CASE', `case ${kase.id}: reference ${r.id} is the missing person`, { person: r.id })
  }
  const counted = result.perLocus.filter((l) => l.class === 'inconsistent').length
  if (counted !== result.inconsistentLoci) {
    fail('INVALID_CASE', `case ${kase.id}, sample ${input.person.id}: the result counts ${result.inconsistentLoci} inconsistent loci but its rows show ${counted}`, { value: String(result.inconsistentLoci) })
  }
  const anyZero = result.perLocus.some((l) => l.log10Lr === null)
  const sum = result.perLocus.reduce((s, l) => s + (l.log10Lr ?? 0), 0)
  if (anyZero !== (result.log10Lr === null) || (result.log10Lr !== null && Math.abs(result.log10Lr - sum) > 1e-6 * Math.max(1, Math.abs(sum)))) {
    fail('INVALID_CASE', `case ${kase.id}, sample ${input.person.id}: the total log10 LR ${result.log10Lr} is not the sum of the per-locus ones (${anyZero ? 'an exclusion' : sum})`, { value: String(result.log10Lr) })
  }
  if (!(prior.value > 0 && prior.value < 1)) fail('BAD_REQUEST', `the prior must lie strictly between 0 and 1, got ${prior.value}`, { value: String(prior.value) })
  if (!Number.isFinite(search.log10Threshold)) fail('BAD_REQUEST', `the log10 threshold ${search.log10Threshold} is not finite`, { value: String(search.log10Threshold) })
  if (!(model.theta >= 0 && model.theta < 1)) fail('BAD_REQUEST', `theta must lie in [0, 1), got ${model.theta}`, { value: String(model.theta) })
  if (Number.isNaN(Date.parse(generatedAt))) fail('BAD_REQUEST', `generatedAt "${generatedAt}" is not a date`, { value: generatedAt })
}

function genotypeText (g: Genotype | undefined): string | null {
  return g === undefined ? null : `${g[0]}/${g[1]}`
}

function collectAdjustments (all: FrequencyAdjustment[]): FrequencyAdjustment[] {
  const seen = new Map<string, FrequencyAdjustment>()
  for (const a of all) seen.set(`${a.locus}\u0000${a.allele}`, a)
  return [...seen.values()]
}

/** Optional members left out rather than set to undefined, so the JSON and the hash are the same before and after a round trip. */
function omitUndefined<T extends object> (o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}
