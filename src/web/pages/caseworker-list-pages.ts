import type { FastifyInstance } from 'fastify'
import { requirePrincipal } from '../../http/plugins/auth.ts'
import type { RecordStatus } from '../../storage/case-repository.ts'
import { createCaseListQuery } from '../../storage/case-list-query.ts'
import { MAX_SEARCH_LENGTH } from '../../storage/list-search.ts'
import { createPersonListQuery } from '../../storage/person-list-query.ts'
import { html, type SafeHtml } from '../html.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { instant, log10Text, lrHtml, PAGE_SIZE, pageNumber, pager, recordedDate } from './caseworker-format.ts'
import { caseworkerMessages, type CaseworkerTranslate } from './caseworker-messages.ts'
import { listMessages } from './caseworker-list-messages.ts'

function statusOf (value: unknown): RecordStatus | undefined {
  return value === 'open' || value === 'closed' ? value : undefined
}

function searchText (value: unknown): string {
  return typeof value === 'string' ? value.trim().slice(0, MAX_SEARCH_LENGTH) : ''
}

function statusSelect (w: CaseworkerTranslate, l: ReturnType<typeof listMessages>, status: RecordStatus | undefined): SafeHtml {
  return html`<div><label for="status">${l('statusFilter')}</label>
  <select id="status" name="status">
    <option value=""${status === undefined ? html` selected` : ''}>${l('anyStatus')}</option>
    ${(['open', 'closed'] as const).map((s) => html`<option value="${s}"${status === s ? html` selected` : ''}>${w(s)}</option>`)}
  </select></div>`
}

function statusPill (w: CaseworkerTranslate, s: RecordStatus): SafeHtml {
  return html`<span class="pill ${s === 'open' ? 'ok' : 'muted'}">${w(s)}</span>`
}

function bestCell (w: CaseworkerTranslate, log10: number | null): SafeHtml {
  return log10 === null ? html`<span class="muted">—</span>` : html`${log10Text(log10)} <span class="muted">(${lrHtml(w, log10)})</span>`
}

/**
 * The caseworker's lists of family cases and of unidentified persons: search, status and "mine"
 * filters, newest first, 50 a page, read through the list queries of src/storage (indexed, no sort of
 * the whole table per request). Genotypes are never listed.
 */
export async function caseworkerListPages (app: FastifyInstance): Promise<void> {
  const cases = createCaseListQuery(app.db)
  const persons = createPersonListQuery(app.db)
  const tz = app.config.report.timeZone
  const log10Floor = (): number => app.config.candidateLr > 0 ? Math.log10(app.config.candidateLr) : -Infinity

  app.get('/cases', { config: { roles: ['caseworker'], audit: 'page.cases' }, schema: { hide: true } }, async (request, reply) => {
    const me = requirePrincipal(request)
    const ctx = pageContext(request)
    const l = listMessages(ctx.locale)
    const w = caseworkerMessages(ctx.locale)
    const query = request.query as Record<string, unknown>
    const q = searchText(query.q)
    const status = statusOf(query.status)
    const mine = query.mine === '1'
    const page = pageNumber(query.page)
    const { rows, hasMore } = cases.page({ q, ...(status === undefined ? {} : { status }), ...(mine ? { assigneeUserId: me.userId } : {}), viewer: me, log10Floor: log10Floor(), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
    const content = html`
<form method="get" action="/cases" class="row filters" role="search">
  <div class="grow"><label for="q">${l('searchCases')}</label><input type="search" id="q" name="q" value="${q}" maxlength="${MAX_SEARCH_LENGTH}"></div>
  ${statusSelect(w, l, status)}
  <label class="check"><input type="checkbox" id="mine" name="mine" value="1"${mine ? html` checked` : ''}> ${l('mine')}</label>
  <button type="submit">${l('apply')}</button>
</form>
${rows.length === 0
  ? html`<p class="muted">${l('noCases')}</p>`
  : html`<table id="cases">
<caption class="visually-hidden">${l('casesCaption')}</caption>
<thead><tr><th scope="col">${l('caseId')}</th><th scope="col">${l('mpSex')}</th><th scope="col">${l('born')}</th><th scope="col">${l('missingSince')}</th><th scope="col">${w('status')}</th><th scope="col">${w('assignee')}</th><th scope="col" class="num">${l('candidates')}</th><th scope="col" class="num">${l('bestLr')}</th><th scope="col">${w('created')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr>
  <th scope="row"><a href="/cases/${encodeURIComponent(r.id)}">${r.id}</a></th>
  <td>${w(r.missingPersonSex)}</td><td>${recordedDate(ctx.locale, r.born)}</td><td>${recordedDate(ctx.locale, r.missingSince)}</td>
  <td>${statusPill(w, r.status)}</td><td>${r.assignee ?? html`<span class="muted">${w('sharedQueue')}</span>`}</td>
  <td class="num">${r.candidates}</td><td class="num">${bestCell(w, r.bestLog10Lr)}</td><td>${instant(ctx.locale, r.createdAt, tz)}</td>
</tr>`)}</tbody>
</table>`}
${pager(ctx.locale, '/cases', { q, status, mine: mine ? '1' : undefined }, page, hasMore)}`
    return sendPage(request, reply, l('casesTitle'), content, { ctx })
  })

  app.get('/persons', { config: { roles: ['caseworker'], audit: 'page.persons' }, schema: { hide: true } }, async (request, reply) => {
    const me = requirePrincipal(request)
    const ctx = pageContext(request)
    const l = listMessages(ctx.locale)
    const w = caseworkerMessages(ctx.locale)
    const query = request.query as Record<string, unknown>
    const q = searchText(query.q)
    const status = statusOf(query.status)
    const page = pageNumber(query.page)
    const { rows, hasMore } = persons.page({ q, ...(status === undefined ? {} : { status }), viewer: me, log10Floor: log10Floor(), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
    const content = html`
<form method="get" action="/persons" class="row filters" role="search">
  <div class="grow"><label for="q">${l('searchPersons')}</label><input type="search" id="q" name="q" value="${q}" maxlength="${MAX_SEARCH_LENGTH}"></div>
  ${statusSelect(w, l, status)}
  <button type="submit">${l('apply')}</button>
</form>
${rows.length === 0
  ? html`<p class="muted">${l('noPersons')}</p>`
  : html`<table id="persons">
<caption class="visually-hidden">${l('personsCaption')}</caption>
<thead><tr><th scope="col">${l('personId')}</th><th scope="col">${w('sex')}</th><th scope="col" class="num">${l('birthYear')}</th><th scope="col">${l('foundPlace')}</th><th scope="col">${l('foundDate')}</th><th scope="col">${w('status')}</th><th scope="col" class="num">${l('candidates')}</th><th scope="col" class="num">${l('bestLr')}</th><th scope="col">${w('created')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr>
  <th scope="row"><a href="/persons/${encodeURIComponent(r.id)}">${r.id}</a></th>
  <td>${w(r.sex)}</td><td class="num">${r.estimatedBirthYear ?? '—'}</td><td>${r.foundPlace ?? '—'}</td><td>${recordedDate(ctx.locale, r.foundDate)}</td>
  <td>${statusPill(w, r.status)}</td><td class="num">${r.candidates}</td><td class="num">${bestCell(w, r.bestLog10Lr)}</td><td>${instant(ctx.locale, r.createdAt, tz)}</td>
</tr>`)}</tbody>
</table>`}
${pager(ctx.locale, '/persons', { q, status }, page, hasMore)}`
    return sendPage(request, reply, l('personsTitle'), content, { ctx })
  })
}
