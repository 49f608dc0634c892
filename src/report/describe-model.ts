import type { UnknownAlleleRule } from '../core/markers/frequency-table.ts'
import type { LocusModel } from '../core/pedigree/kinship-case.ts'
import type { MutationModelSpec, MutationSpec } from '../core/mutation/mutation-spec.ts'

/**
 * Models in words, for the methods section of a report (MatchReportInput.model).
 *
 * @example describeMutationSpec({ model: 'stepwise', rate: 0.002, range: 0.5 }) // 'stepwise, rate 0.002, range 0.5'
 * @example describeMutationSpec({ male: { model: 'equal', rate: 0.003 }, female: { model: 'equal', rate: 0.001 } })
 *   // 'paternal: equal, rate 0.003; maternal: equal, rate 0.001'
 */
export function describeMutationSpec (spec: MutationSpec): string {
  if ('model' in spec) return describeModel(spec)
  return `paternal: ${describeModel(spec.male)}; maternal: ${describeModel(spec.female)}`
}

function describeModel (m: MutationModelSpec): string {
  switch (m.model) {
    case 'none': return 'none'
    case 'equal': return `equal, rate ${m.rate}`
    case 'proportional': return `proportional, rate ${m.rate}`
    case 'stepwise': return `stepwise, rate ${m.rate}${m.range !== undefined ? `, range ${m.range}` : ''}${m.rate2 !== undefined ? `, microvariant rate ${m.rate2}` : ''}`
  }
}

/**
 * The default model, plus how many loci override it (and with what, when at most three do).
 *
 * @example describeMutationModels({ model: 'none' }, []) // 'none'
 */
export function describeMutationModels (defaultSpec: MutationSpec, loci: readonly LocusModel[]): string {
  const own = loci.filter((l) => l.mutation !== undefined)
  const base = describeMutationSpec(defaultSpec)
  if (own.length === 0) return base
  const detail = own.length <= 3
    ? own.map((l) => `${l.name}: ${describeMutationSpec(l.mutation!)}`).join('; ')
    : `${own.length} loci with their own rates (${own.map((l) => l.name).join(', ')})`
  return `${base} by default; ${detail}`
}

/** @example describeUnknownAlleleRule({ rule: 'nrc2', fallbackFrequency: 0.001 }) // 'NRC II 5/(2N), 0.001 where N is unknown; locus renormalised' */
export function describeUnknownAlleleRule (rule: UnknownAlleleRule): string {
  return rule.rule === 'fixed'
    ? `fixed frequency ${rule.frequency}; locus renormalised`
    : `NRC II 5/(2N), ${rule.fallbackFrequency} where N is unknown; locus renormalised`
}
