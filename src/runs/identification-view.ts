import type { DviConclusion } from '../core/identification/dvi-summary.ts'
import { lrText } from '../report/format-number.ts'
import type { StoredConclusion } from '../storage/identification-repository.ts'

/** A pair named by a conclusion, or withheld: it involves another unit's record the reader may not see. */
export type NamedPair = { caseId: string, slot: string, personId: string, log10Lr: number, withheld: false } | { caseId: null, slot: null, personId: null, log10Lr: number, withheld: true }

/** One conclusion as the API answers it and the pages and reports show it. */
export interface IdentificationView {
  componentId: string
  caseId: string | null
  slot: string | null
  /** The person (seen from a slot) or the case (seen from a person) of the best assignment; null: none, or withheld. */
  personId: string | null
  withheld: boolean
  conclusion: DviConclusion
  log10Lr: number | null
  log10Glr: number | null
  posterior: number | null
  competitor: NamedPair | null
  joint: boolean
  /** "this assignment is best; the next best is X times less likely" and the competing claim, in English. */
  summary: string
  modelVersion: string | null
  frequencyTable: { id: string, version: string } | null
  computedAt: string
}

/**
 * A stored conclusion as a reader may see it: `pairVisible(caseId, personId)` says whether the reader may see a
 * pair (src/storage/unit-scope.ts); a pair they may not see keeps its figures and loses its names.
 *
 * @example // a Disputed slot whose competitor is another unit's case: competitor { caseId: null, ..., withheld: true }
 */
export function identificationView (c: StoredConclusion, side: 'slot' | 'person', pairVisible: (caseId: string, personId: string) => boolean): IdentificationView {
  const pairShown = c.caseId === null || c.personId === null || pairVisible(c.caseId, c.personId)
  const competitor: NamedPair | null = c.competitor === null
    ? null
    : pairVisible(c.competitor.caseId, c.competitor.personId)
      ? { ...c.competitor, withheld: false }
      : { caseId: null, slot: null, personId: null, log10Lr: c.competitor.log10Lr, withheld: true }
  const view: IdentificationView = {
    componentId: c.componentId,
    caseId: side === 'person' && !pairShown ? null : c.caseId,
    slot: side === 'person' && !pairShown ? null : c.slot,
    personId: side === 'slot' && !pairShown ? null : c.personId,
    withheld: !pairShown,
    conclusion: c.conclusion,
    log10Lr: c.log10Lr,
    log10Glr: c.log10Glr,
    posterior: c.posterior,
    competitor,
    joint: c.joint,
    summary: '',
    modelVersion: c.modelVersion,
    frequencyTable: c.frequencyTable,
    computedAt: c.computedAt
  }
  return { ...view, summary: summaryText(view, side) }
}

/** The English sentence of a conclusion (the pages and reports word it per language from the same figures). */
export function summaryText (v: Pick<IdentificationView, 'conclusion' | 'log10Lr' | 'log10Glr' | 'competitor' | 'joint'>, side: 'slot' | 'person'): string {
  const parts: string[] = [v.conclusion]
  if (v.log10Glr !== null) parts.push(`this assignment is best; the next best is ${lrText(v.log10Glr)} times less likely`)
  else if (v.log10Lr !== null && !v.joint) parts.push('concluded by pairwise LRs: the component was too large to search jointly')
  else if (v.log10Lr === null) parts.push(side === 'slot' ? 'no person is assigned: its candidates are better placed elsewhere' : 'placed in no case: its candidate cases are better filled by others')
  if (v.competitor !== null) {
    const who = v.competitor.withheld ? 'a record of another unit' : `${v.competitor.personId} in ${v.competitor.caseId} (${v.competitor.slot})`
    parts.push(`strongest competing claim: ${who}, LR ${lrText(v.competitor.log10Lr)}`)
  }
  return parts.join('; ')
}
