import type { CandidateList } from '../../runs/candidates.ts'
import { html, type SafeHtml } from '../html.ts'
import { log10Text, lrHtml, posteriorHtml, withPowers } from './caseworker-format.ts'
import type { CaseworkerTranslate } from './caseworker-messages.ts'

const pairHref = (caseId: string, personId: string): string => `/cases/${encodeURIComponent(caseId)}/persons/${encodeURIComponent(personId)}`

/**
 * A ranked candidate list (src/runs/candidates.ts, as GET /cases/:id/candidates and
 * /persons/:id/candidates give it) as a table: rank, the other side, log10 LR and LR, the lineage LRs (Y-STR,
 * mtDNA) and the combined one the list is ranked by (issue 14), inconsistent loci,
 * the GB/T 37223 decision, posterior, dvir's undisputed flag, the review state, and the pair page; then
 * what the list covers (floor, entries compared, expected chance entries).
 */
export function candidateTable (w: CaseworkerTranslate, side: 'case' | 'person', list: CandidateList, caption: string): SafeHtml {
  const other = side === 'case' ? w('person') : w('case')
  const note = list.floor.log10Lr === null
    ? w('floorOff', { searched: list.searched })
    : w('floorNote', { floor: String(Math.round(list.floor.log10Lr * 100) / 100), searched: list.searched, scored: list.scored, threshold: String(list.threshold.log10Lr), expected: String(Number(list.expectedChanceCandidates.toPrecision(2))) })
  if (list.candidates.length === 0) return html`<p class="muted">${w('noCandidates')}</p><p class="muted">${withPowers(note)}</p>`
  return html`<table class="candidates">
<caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col" class="num">${w('rank')}</th><th scope="col">${other}</th><th scope="col" class="num">${w('log10Lr')}</th><th scope="col" class="num">${w('lr')}</th><th scope="col" class="num">${w('lineageLr')}</th><th scope="col" class="num">${w('inconsistentLoci')}</th><th scope="col">${w('decision')}</th><th scope="col" class="num">${w('posterior')}</th><th scope="col">${w('undisputed')}</th><th scope="col">${w('review')}</th><th scope="col"><span class="visually-hidden">${w('openPair')}</span></th></tr></thead>
<tbody>${list.candidates.map((c) => {
    const id = side === 'case' ? c.personId : c.caseId
    return html`<tr>
  <td class="num">${c.rank}</td>
  <th scope="row"><a href="${side === 'case' ? `/persons/${encodeURIComponent(id)}` : `/cases/${encodeURIComponent(id)}`}">${id}</a>${side === 'person' && html`<br><span class="muted slot" title="${w('missingSlot')}">${c.slot}</span>`}</th>
  <td class="num">${log10Text(c.log10Lr)}${c.stale && html`<br><span class="pill warn stale" title="${c.staleReason ?? ''}">${w('stale')}</span>`}</td><td class="num">${lrHtml(w, c.log10Lr)}</td>
  <td class="num lineage">${c.lineage === null ? html`<span class="muted" title="${w('lineageNone')}">—</span>` : `${c.lineage.paternal === undefined ? '—' : log10Text(c.lineage.paternal.log10Lr)} · ${c.lineage.maternal === undefined ? '—' : log10Text(c.lineage.maternal.log10Lr)} → ${log10Text(c.combinedLog10Lr)}`}</td>
  <td class="num">${c.inconsistentLoci} / ${c.comparedLoci}</td>
  <td><span class="decision ${c.decision}">${w(c.decision)}</span></td>
  <td class="num">${posteriorHtml(c.posterior, c.log10PosteriorOdds)}</td>
  <td>${c.undisputed ? html`<span class="ok">${w('undisputedYes')}</span>` : html`<span class="muted">—</span>`}</td>
  <td>${c.review === null ? html`<span class="muted">${w('notReviewed')}</span>` : w(c.review)}</td>
  <td><a href="${pairHref(c.caseId, c.personId)}">${w('openPair')}</a></td>
</tr>`
  })}</tbody>
</table>
<p class="muted">${withPowers(note)}</p>`
}
