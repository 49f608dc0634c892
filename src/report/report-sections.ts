import type { MatchReport } from './match-report-types.ts'

/**
 * The labelled facts of a report, in print order, as plain text: the HTML and the PDF renderers both
 * lay out these same lists, so the two formats cannot drift apart in what they say.
 */

export type Facts = Array<[label: string, value: string]>

export const DECISION_TITLE: Record<MatchReport['decision']['decision'], string> = {
  supported: 'Relationship supported',
  excluded: 'Excluded',
  inconclusive: 'Inconclusive'
}

export function summaryFacts (r: MatchReport): Facts {
  // the genetics are shown for a sex mismatch too, but must not read as if the person were a candidate
  const geneticsOnly = r.decision.rule === 'sex-mismatch' ? ' (from the DNA alone: the sexes contradict, so the person is not a candidate)' : ''
  return [
    ['Combined LR', r.total.log10Lr === null ? '0 (exclusion)' : `${r.total.lrText} (log10 LR ${r.total.log10Lr.toFixed(3)})`],
    ['Verbal equivalent', `${r.verbal}${geneticsOnly}`],
    ['Inconsistent loci', `${r.total.inconsistentLoci} of ${r.total.comparedLoci} compared`],
    ['Prior', `${r.posterior.priorText}: ${r.posterior.priorBasis}`],
    ['Posterior probability', `${r.posterior.text}${geneticsOnly}`],
    ['Chance matches', r.chanceMatches.note],
    ['Sex', r.sex.note]
  ]
}

export function caseFacts (r: MatchReport): Facts {
  const mp = r.case.missingPerson
  return [
    ['Case', r.case.id],
    ['Missing person', `${mp.id} (${mp.sex})`],
    ...(mp.born !== undefined ? [['Born', mp.born] as [string, string]] : []),
    ...(mp.missingSince !== undefined ? [['Missing since', mp.missingSince] as [string, string]] : []),
    ['References', r.references.map((x) => `${x.id}${x.relation !== undefined ? ` (${x.relation})` : ''}${x.sampleId !== undefined ? `, sample ${x.sampleId}` : ''}: ${x.typedLoci} loci`).join('; ')]
  ]
}

export function personFacts (r: MatchReport): Facts {
  const p = r.person
  const facts: Facts = [['Sample', p.id], ['Sex', p.sex ?? 'unknown']]
  if (p.birthYear !== undefined) facts.push(['Estimated birth year', String(p.birthYear)])
  if (p.foundWhere !== undefined) facts.push(['Found where', p.foundWhere])
  if (p.foundWhen !== undefined) facts.push(['Found when', p.foundWhen])
  facts.push(['Typed loci', String(p.typedLoci)])
  return facts
}

export function methodFacts (r: MatchReport): Facts {
  const m = r.methods
  const t = m.frequencyTable
  const facts: Facts = [
    ['Frequency table', `${t.id}, version ${t.version}, population ${t.population}${t.source !== undefined ? `; source ${t.source}` : ''}`],
    ['Mutation model', m.mutationModel],
    ['θ (Fst)', String(m.theta)]
  ]
  if (m.unknownAllele !== undefined) facts.push(['Unknown alleles', m.unknownAllele])
  facts.push(['Frequency adjustments', r.frequencyAdjustments.length === 0
    ? 'none: every allele seen was in the table'
    : r.frequencyAdjustments.map((a) => `${a.locus} allele ${a.allele}: ${a.frequency.toPrecision(3)} (${a.rule})`).join('; ')])
  if (r.lociNotEvaluated.length > 0) facts.push(['Typed, not evaluated', r.lociNotEvaluated.join(', ')])
  facts.push(['Decision rules', r.decision.standard])
  facts.push(['Thresholds', `supports at LR ≥ 10^${r.decision.thresholds.log10Support}; excludes below 10^${r.decision.thresholds.log10Exclude} or at ${r.decision.thresholds.maxInconsistentLoci}+ inconsistent loci`])
  if (m.engineVersion !== undefined) facts.push(['Engine', m.engineVersion])
  return facts
}

/** How to check the hash, printed at the end of every rendering. */
export const HASH_NOTE = 'The content hash is SHA-256 over the canonical JSON (keys sorted, no whitespace) of this report without its generation time; recomputing it from the JSON report checks that nothing was changed.'

/** Column heads of the per-locus table: locus, each reference, the person, LR, log10 LR, class. */
export function locusHeads (r: MatchReport): string[] {
  return ['Locus', ...r.references.map((x) => x.relation !== undefined ? `${x.id} (${x.relation})` : x.id), `${r.person.id} (tested)`, 'LR', 'log10 LR', 'Class']
}

export function locusCells (r: MatchReport, row: MatchReport['loci'][number]): string[] {
  return [
    row.locus,
    ...r.references.map((x) => row.references[x.id] ?? '–'),
    row.person ?? '–',
    row.lrText,
    row.log10Lr === null ? '−∞' : row.log10Lr.toFixed(3),
    row.class
  ]
}
