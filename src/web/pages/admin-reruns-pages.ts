import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { RerunProgress } from '../../runs/rerun-service.ts'
import { currentModelOf, staleResultSummary } from '../../runs/stale-results.ts'
import type { ListChange } from '../../runs/ranking-diff.ts'
import { html, type SafeHtml } from '../html.ts'
import type { Locale } from '../messages.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { actionFeedback, apiButton, doneNotice, submitButton } from './admin-api-form.ts'
import { adminMessages } from './admin-messages.ts'
import { adminRerunsMessages } from './admin-reruns-messages.ts'
import { lrHtml, PAGE_SIZE, pageNumber, pager } from './caseworker-format.ts'
import { instantIn } from './admin-time.ts'
import { caseworkerMessages } from './caseworker-messages.ts'

type M = ReturnType<typeof adminRerunsMessages>

/** "1 min 20 s" from seconds; the script writes the same from the same templates. */
export function etaText (m: M, seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return m('noRate')
  const s = Math.max(0, Math.round(seconds))
  return s >= 60 ? m('etaMinutes', { m: Math.floor(s / 60), s: s % 60 }) : m('etaSeconds', { s })
}

function progressCell (m: M, r: RerunProgress): SafeHtml {
  const percent = r.total === 0 ? 100 : Math.floor((100 * r.done) / r.total)
  const text = m('progressText', { done: r.done, total: r.total, percent })
  return html`<progress id="progress-${r.id}" max="${Math.max(r.total, 1)}" value="${r.total === 0 ? 1 : r.done}" aria-label="${m('progress')} ${r.id}" aria-valuetext="${text}"></progress>
<span data-field="count">${m('doneOfTotal', { done: r.done, total: r.total })}</span>`
}

function rerunRow (m: M, locale: Locale, tz: string, r: RerunProgress): SafeHtml {
  const live = r.status === 'pending' || r.status === 'running'
  return html`<tr data-rerun="${r.id}" data-status="${r.status}">
<th scope="row">${r.id}</th>
<td data-field="status"><span class="pill ${r.status === 'done' ? 'ok' : r.status === 'failed' ? 'bad' : live ? 'warn' : ''}">${m(r.status)}</span>${r.error !== undefined && html`<br><span class="bad">${m('error', { message: r.error })}</span>`}</td>
<td>${r.scope === 'all' ? m('scopeAll') : m('scopeChanged')}${r.reason !== '' && html`<br><span class="muted">${r.reason}</span>`}</td>
<td class="progress">${progressCell(m, r)}</td>
<td class="num" data-field="rate">${r.rate === null ? m('noRate') : m('perSecond', { rate: r.rate.toFixed(1) })}</td>
<td class="num" data-field="eta">${live ? etaText(m, r.etaSeconds) : m('noRate')}</td>
<td>${instantIn(locale, tz, r.createdAt)}</td>
<td class="actions">${live && apiButton({ api: `/reruns/${r.id}/cancel`, label: m('cancel'), accessibleLabel: `${m('cancel')} ${r.id}`, confirm: m('cancelConfirm', { id: r.id }), then: '/admin/reruns?done=cancelled', danger: true })}
${(r.status === 'cancelled' || r.status === 'running') && apiButton({ api: `/reruns/${r.id}/resume`, label: m('resume'), accessibleLabel: `${m('resume')} ${r.id}`, then: '/admin/reruns?done=resumed' })}
<a href="/admin/reruns/${r.id}" aria-label="${m('diff')}: ${m('id')} ${r.id}">${m('diff')}</a></td>
</tr>`
}

/** One list's changes: its id once (spanning its rows), then each added, dropped and moved entry. */
function changeRows (m: M, w: ReturnType<typeof caseworkerMessages>, list: ListChange): SafeHtml[] {
  const n = list.added.length + list.dropped.length + list.moved.length
  const rows: SafeHtml[] = []
  const lead = (): SafeHtml => (rows.length === 0 ? html`<th scope="rowgroup" rowspan="${n}">${list.id}</th>` : html``)
  for (const a of list.added) rows.push(html`<tr>${lead()}<td><span class="pill ok">${m('added')}</span></td><td>${a.id}</td><td class="num">→ ${a.rank}</td><td class="num">${a.log10Lr.toFixed(2)}</td><td class="num">${lrHtml(w, a.log10Lr)}</td></tr>`)
  for (const d of list.dropped) rows.push(html`<tr>${lead()}<td><span class="pill bad">${m('dropped')}</span></td><td>${d.id}</td><td class="num">${d.previousRank} →</td><td class="num">${d.previousLog10Lr.toFixed(2)}</td><td class="num">${lrHtml(w, d.previousLog10Lr)}</td></tr>`)
  for (const v of list.moved) rows.push(html`<tr>${lead()}<td><span class="pill">${m('moved')}</span></td><td>${v.id}</td><td class="num">${v.from} → ${v.to}</td><td class="num">${v.log10Lr.toFixed(2)}</td><td class="num">${lrHtml(w, v.log10Lr)}</td></tr>`)
  return rows
}

function diffTable (m: M, w: ReturnType<typeof caseworkerMessages>, id: string, caption: string, listHeader: string, lists: ListChange[]): SafeHtml {
  if (lists.length === 0) return html`<p class="muted">${m('noChanges')}</p>`
  return html`<div class="scroll"><table id="${id}" class="diff">
<caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">${listHeader}</th><th scope="col">${m('change')}</th><th scope="col">${m('entry')}</th><th scope="col" class="num">${m('rankChange')}</th><th scope="col" class="num">${m('log10Lr')}</th><th scope="col" class="num">${m('lr')}</th></tr></thead>
${lists.map((l) => html`<tbody>${changeRows(m, w, l)}</tbody>`)}</table></div>`
}

const DiffQuery = z.object({ top: z.coerce.number().int().min(1).max(1000).catch(10), minLog10Lr: z.coerce.number().min(-100).max(100).catch(3) })

/**
 * /admin/reruns: plan a rerun (POST /reruns), the reruns with live progress (admin-reruns.js polls
 * GET /reruns/:id and updates each <progress>; without script the page's refresh link does), cancel
 * and resume through the API; /admin/reruns/:id: what changed in the ranked lists, from the same
 * service as GET /reruns/:id/diff.
 */
export async function adminRerunsPages (app: FastifyInstance): Promise<void> {
  const s = app.services

  app.get('/admin/reruns', { config: { roles: ['admin'], audit: 'page.admin-reruns' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const tz = app.config.report.timeZone
    const m = adminRerunsMessages(ctx.locale)
    const a = adminMessages(ctx.locale)
    const q = request.query as Record<string, unknown>
    const page = pageNumber(q.page)
    const all = s.reruns.list().sort((x, y) => y.id - x.id)
    const stale = staleResultSummary(app.db, currentModelOf(s.match.modelFor))
    const shown = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    const templates = { progress: m('progressText'), count: m('doneOfTotal'), rate: m('perSecond'), etaMinutes: m('etaMinutes'), etaSeconds: m('etaSeconds'), none: m('noRate') }
    const content = html`
${doneNotice(q.done, { planned: m('donePlanned'), cancelled: m('doneCancelled'), resumed: m('doneResumed') })}
${actionFeedback(ctx.locale)}
<p>${m('intro')}</p>
${stale.stale > 0 && html`<div class="notice info" role="status" id="stale-results">${m('stale', { count: stale.stale })}</div>`}
<section class="card" aria-labelledby="plan-h"><h2 id="plan-h">${m('planTitle')}</h2>
<form class="stack" id="plan-rerun" data-api="/reruns" data-then="/admin/reruns?done=planned">
  <div data-error class="notice error" role="alert" tabindex="-1" hidden></div>
  <fieldset><legend>${m('scope')}</legend>
    <label class="check"><input type="radio" name="scope" value="changed" id="scope-changed" checked> ${m('scopeChanged')}</label>
    <label class="check"><input type="radio" name="scope" value="all" id="scope-all"> ${m('scopeAll')}</label>
  </fieldset>
  <label for="rerun-reason">${m('reason')}</label><input type="text" id="rerun-reason" name="reason" maxlength="500" required>
  ${submitButton(m('plan'), 'plan-rerun-submit')}
</form></section>
<p class="row"><span class="muted">${m('refreshHint')}</span> <a href="/admin/reruns" id="refresh">${m('refresh')}</a></p>
${shown.length === 0
  ? html`<p class="muted">${m('empty')}</p>`
  : html`<div class="scroll"><table id="reruns" data-templates="${JSON.stringify(templates)}" data-statuses="${JSON.stringify({ pending: m('pending'), running: m('running'), cancelled: m('cancelled'), done: m('done'), failed: m('failed') })}">
<caption class="visually-hidden">${m('tableCaption')}</caption>
<thead><tr><th scope="col">${m('id')}</th><th scope="col">${m('status')}</th><th scope="col">${m('scope')}</th><th scope="col">${m('progress')}</th><th scope="col" class="num">${m('rate')}</th><th scope="col" class="num">${m('eta')}</th><th scope="col">${m('created')}</th><th scope="col">${a('actions')}</th></tr></thead>
<tbody>${shown.map((r) => rerunRow(m, ctx.locale, tz, r))}</tbody></table></div>`}
${pager(ctx.locale, '/admin/reruns', {}, page, page * PAGE_SIZE < all.length)}`
    return sendPage(request, reply, m('title'), content, { ctx, scripts: ['admin-reruns.js'] })
  })

  app.get('/admin/reruns/:id', { config: { roles: ['admin'], audit: 'page.admin-rerun-diff' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const m = adminRerunsMessages(ctx.locale)
    const w = caseworkerMessages(ctx.locale)
    const raw = (request.params as { id: string }).id
    // a malformed id is the 404 page, as an unknown one
    const id = /^\d{1,12}$/.test(raw) ? Number(raw) : 0
    const rerun = s.reruns.get(id)
    const query = DiffQuery.parse(request.query ?? {})
    const diff = s.reruns.diff(id, query)
    request.auditTarget = { rerunId: id }
    const content = html`
<p><a href="/admin/reruns">← ${m('back')}</a></p>
${rerun.status !== 'done' && html`<div class="notice info" role="status">${m('diffNotDone', { id, status: m(rerun.status) })}</div>`}
<p>${m('diffIntro', { top: diff.top, min: diff.minLog10Lr })}</p>
<form method="get" action="/admin/reruns/${id}" class="row filters">
  <label for="diff-top">${m('diffTop')}</label><input type="number" id="diff-top" name="top" min="1" max="1000" value="${diff.top}">
  <label for="diff-min">${m('diffMin')}</label><input type="number" id="diff-min" name="minLog10Lr" step="0.5" value="${diff.minLog10Lr}">
  <button type="submit" class="secondary">${m('diffApply')}</button>
</form>
<section aria-labelledby="cases-h"><h2 id="cases-h">${m('caseLists')} (${diff.cases.length})</h2>
${diffTable(m, w, 'case-changes', m('caseLists'), m('caseList'), diff.cases)}</section>
<section aria-labelledby="persons-h"><h2 id="persons-h">${m('personLists')} (${diff.persons.length})</h2>
${diffTable(m, w, 'person-changes', m('personLists'), m('personList'), diff.persons)}</section>`
    return sendPage(request, reply, m('diffTitle', { id }), content, { ctx })
  })
}
