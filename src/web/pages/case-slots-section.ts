import { missingSlotsOf } from '../../core/pedigree/missing-slots.ts'
import { scientificFromLog10, scientificText } from '../../report/format-number.ts'
import type { CandidateList } from '../../runs/candidates.ts'
import type { JointAssignment } from '../../runs/joint-assignment.ts'
import type { CaseRecord } from '../../storage/case-repository.ts'
import { html, type SafeHtml } from '../html.ts'
import { candidateTable } from './caseworker-candidate-table.ts'
import { withPowers } from './caseworker-format.ts'
import type { CaseworkerTranslate } from './caseworker-messages.ts'
import type { recordMessages } from './caseworker-record-messages.ts'

const lrPlain = (log10: number): string => scientificText(scientificFromLog10(log10, 3))

/**
 * The candidates of a case with several missing persons: one ranked list per slot (each person's LR
 * against that slot), then the best assignment of those candidates together, its joint LR exact on the
 * pedigree beside the product of the pairwise LRs, which it is not when the slots are related.
 */
export function caseSlotsSection (r: ReturnType<typeof recordMessages>, w: CaseworkerTranslate, c: CaseRecord, listOf: (slot: string) => CandidateList, joint: JointAssignment | undefined): SafeHtml {
  const slots = missingSlotsOf(c)
  return html`${slots.map((s) => html`<section class="slot-candidates" id="slot-${s.slot}" aria-labelledby="slot-${s.slot}-h">
<h3 id="slot-${s.slot}-h">${r('slotCandidates', { slot: s.slot, sex: w(s.sex) })}</h3>
${candidateTable(w, 'case', listOf(s.slot), r('slotCandidatesCaption', { slot: s.slot }))}
</section>`)}
<section id="joint-assignment" aria-labelledby="joint-assignment-h"><h3 id="joint-assignment-h">${r('jointAssignment')}</h3>
${joint === undefined ? html`<p class="muted">${r('jointNone')}</p>` : jointHtml(r, joint)}
</section>`
}

function jointHtml (r: ReturnType<typeof recordMessages>, j: JointAssignment): SafeHtml {
  const headline = j.log10JointLr === null
    ? html`<p>${r('jointImpossible')}</p>`
    : html`<p class="joint-lr">${withPowers(r('jointAssigned', { lr: lrPlain(j.log10JointLr), log10: j.log10JointLr.toFixed(2), product: j.log10PairwiseProduct === null ? '−∞' : j.log10PairwiseProduct.toFixed(2) }))}</p>`
  const next = j.log10OverNextBest === null
    ? r('jointOnlyOne', { compared: j.assignmentsCompared })
    : r('jointNextBest', { times: lrPlain(j.log10OverNextBest), compared: j.assignmentsCompared })
  return html`<ul class="joint-assigned">${j.assigned.map((a) => html`<li>${a.slot}: <a href="/persons/${encodeURIComponent(a.personId)}">${a.personId}</a> (log10 ${a.log10Lr === null ? '−∞' : a.log10Lr.toFixed(2)})</li>`)}</ul>
${headline}<p class="muted">${withPowers(next)}</p>`
}
