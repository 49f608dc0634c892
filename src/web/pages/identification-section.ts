import type { DviConclusion } from '../../core/identification/dvi-summary.ts'
import type { IdentificationView } from '../../runs/identification-view.ts'
import { html, type SafeHtml } from '../html.ts'
import { defineMessages, type Locale } from '../messages.ts'
import { log10Text, lrHtml, withPowers } from './caseworker-format.ts'
import { caseworkerMessages } from './caseworker-messages.ts'
import { lrText } from '../../report/format-number.ts'

const CONCLUSIONS_EN: Record<DviConclusion, string> = {
  Undisputed: 'Undisputed',
  'Match (GLR)': 'Match (GLR)',
  'Symmetric match': 'Symmetric match',
  Probable: 'Probable',
  Inconclusive: 'Inconclusive',
  Disputed: 'Disputed',
  'No match': 'No match',
  Excluded: 'Excluded',
  Nonidentifiable: 'Nonidentifiable'
}

const messages = defineMessages({
  en: {
    ...CONCLUSIONS_EN,
    none: 'No candidate at or above the floor: nothing to decide yet.',
    caption: 'Joint identification: one person per missing person, one missing person per person, decided together (dvir\'s rules)',
    slot: 'Missing person',
    conclusion: 'Conclusion',
    assigned: 'Assigned',
    glr: 'GLR',
    posterior: 'Posterior',
    competitor: 'Strongest competing claim',
    nobody: 'nobody',
    withheld: 'a record of another unit',
    best: 'This assignment is best; the next best is {x} times less likely.',
    pairwiseOnly: 'Concluded by pairwise LRs: the component was too large to search jointly.',
    emptySlot: 'No person assigned: its candidates are better placed elsewhere.',
    unplaced: 'Placed in no case: its candidate cases are better filled by others.',
    claim: '{who} (LR {lr})'
  },
  'zh-CN': {
    Undisputed: '无争议认定',
    'Match (GLR)': '认定（广义似然比）',
    'Symmetric match': '对称认定',
    Probable: '可能认定',
    Inconclusive: '不确定',
    Disputed: '有争议',
    'No match': '未比中',
    Excluded: '排除',
    Nonidentifiable: '不可认定',
    none: '没有达到候选下限的候选：暂无可认定的结论。',
    caption: '联合认定：每名失踪人员至多对应一名待查人员，每名待查人员至多对应一名失踪人员，共同决定（dvir 规则）',
    slot: '失踪人员',
    conclusion: '结论',
    assigned: '认定对象',
    glr: '广义似然比',
    posterior: '后验概率',
    competitor: '最强竞争认定',
    nobody: '无',
    withheld: '其他单位的记录',
    best: '此认定方案最优；次优方案的可能性低 {x} 倍。',
    pairwiseOnly: '按两两似然比得出：该连通分量过大，未做联合搜索。',
    emptySlot: '未认定任何人员：其候选人员在其他案件中更合适。',
    unplaced: '未认定到任何案件：其候选案件由其他人员更好地对应。',
    claim: '{who}（似然比 {lr}）'
  }
})

/**
 * The joint identification's conclusions on the case page (one row per slot, `side` 'slot') or the person
 * page (its one row, 'person'): the conclusion in dvir's words, whom it names, LR, GLR and posterior, the
 * sentence "this assignment is best; the next best is X times less likely", and the competing claim.
 */
export function identificationSection (locale: Locale, rows: readonly IdentificationView[], side: 'slot' | 'person'): SafeHtml {
  const m = messages(locale)
  const w = caseworkerMessages(locale)
  if (rows.length === 0) return html`<p class="muted" id="identification-none">${m('none')}</p>`
  const named = (r: IdentificationView): SafeHtml => {
    if (r.withheld) return html`<span class="muted">${m('withheld')}</span>`
    if (side === 'slot') return r.personId === null ? html`<span class="muted">${m('nobody')}</span>` : html`<a href="/persons/${encodeURIComponent(r.personId)}">${r.personId}</a>`
    return r.caseId === null ? html`<span class="muted">${m('nobody')}</span>` : html`<a href="/cases/${encodeURIComponent(r.caseId)}">${r.caseId}</a> (${r.slot})`
  }
  const sentence = (r: IdentificationView): string => r.log10Glr !== null
    ? m('best', { x: lrText(r.log10Glr) })
    : r.log10Lr === null ? m(side === 'slot' ? 'emptySlot' : 'unplaced') : r.joint ? '' : m('pairwiseOnly')
  const claim = (r: IdentificationView): SafeHtml => {
    const c = r.competitor
    if (c === null) return html`—`
    const who = c.withheld ? m('withheld') : `${c.personId} · ${c.caseId} (${c.slot})`
    return withPowers(m('claim', { who, lr: lrText(c.log10Lr) }))
  }
  return html`<table id="identification"><caption class="visually-hidden">${m('caption')}</caption>
<thead><tr>${side === 'slot' && html`<th scope="col">${m('slot')}</th>`}<th scope="col">${m('conclusion')}</th><th scope="col">${m('assigned')}</th><th scope="col" class="num">${w('log10Lr')}</th><th scope="col" class="num">${m('glr')}</th><th scope="col" class="num">${m('posterior')}</th><th scope="col">${m('competitor')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr>${side === 'slot' && html`<th scope="row">${r.slot}</th>`}<td><span class="pill ${r.conclusion === 'Disputed' ? 'warn' : 'ok'}" data-conclusion="${r.conclusion}">${m(r.conclusion)}</span><br><span class="muted">${withPowers(sentence(r))}</span></td>
<td>${named(r)}</td><td class="num">${r.log10Lr === null ? '—' : log10Text(r.log10Lr)}</td><td class="num">${r.log10Glr === null ? '—' : lrHtml(w, r.log10Glr)}</td><td class="num">${r.posterior === null ? '—' : r.posterior.toFixed(4)}</td><td>${claim(r)}</td></tr>`)}</tbody></table>`
}

/** A conclusion in the reader's language ("—" for none), for the inbox's identification alerts. */
export function conclusionText (locale: Locale, conclusion: string | null | undefined): string {
  return conclusion !== null && conclusion !== undefined && conclusion in CONCLUSIONS_EN ? messages(locale)(conclusion as DviConclusion) : '—'
}
