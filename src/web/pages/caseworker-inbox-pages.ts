import type { FastifyInstance } from 'fastify'
import { fail } from '../../core/errors.ts'
import { requirePrincipal } from '../../http/plugins/auth.ts'
import { currentModelOf, pairStaleness, type Staleness } from '../../runs/stale-results.ts'
import { createAlertRepository, type Alert } from '../../storage/alert-repository.ts'
import { html, type SafeHtml } from '../html.ts'
import { csrfField } from '../layout.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { instant, log10Text, lrHtml, PAGE_SIZE, pageNumber, pager } from './caseworker-format.ts'
import { caseworkerMessages, type CaseworkerTranslate } from './caseworker-messages.ts'
import { inboxMessages } from './caseworker-inbox-messages.ts'
import { conclusionText } from './identification-section.ts'

const pairHref = (a: Pick<Alert, 'caseId' | 'personId'>): string => `/cases/${encodeURIComponent(a.caseId)}/persons/${encodeURIComponent(a.personId)}`

function alertRow (w: CaseworkerTranslate, m: ReturnType<typeof inboxMessages>, locale: Parameters<typeof instant>[0], tz: string, a: Alert & Staleness, csrf: SafeHtml): SafeHtml {
  return html`<tr${a.read ? '' : html` class="unread"`}>
  <td>${a.read ? html`<span class="muted">${m('readState')}</span>` : html`<span class="pill warn">${m('newPill')}</span>`}</td>
  <td>${w(a.kind)}${a.kind === 'identification-changed' && html`<br><span class="muted">${conclusionText(locale, a.previousConclusion)} → ${conclusionText(locale, a.conclusion)}</span>`}</td>
  <td><a href="/cases/${encodeURIComponent(a.caseId)}">${a.caseId}</a></td>
  <td><a href="/persons/${encodeURIComponent(a.personId)}">${a.personId}</a></td>
  <td class="num">${log10Text(a.log10Lr)}${a.previousLog10Lr !== null && html`<br><span class="muted">${m('previous', { value: log10Text(a.previousLog10Lr) })}</span>`}${a.stale && html`<br><span class="pill warn stale" title="${a.staleReason ?? ''}">${w('stale')}</span>`}</td>
  <td class="num">${lrHtml(w, a.log10Lr)}</td>
  <td>${instant(locale, a.createdAt, tz)}</td>
  <td>${a.source === 'rerun' ? w('sourceRerun', { id: a.rerunId ?? '' }) : w('sourceSearch')}</td>
  <td>${a.assignee ?? html`<span class="muted">${w('sharedQueue')}</span>`}</td>
  <td><a href="${pairHref(a)}"${a.read ? '' : html` data-alert="${a.id}"`}>${w('openPair')}</a>
    ${!a.read && html`<form method="post" action="/inbox/read" class="inline">${csrf}<input type="hidden" name="alert" value="${a.id}"><button type="submit" class="secondary" aria-label="${m('markRead')}: ${a.caseId} / ${a.personId}">${m('markRead')}</button></form>`}</td>
</tr>`
}

/**
 * The caseworker's inbox: the alerts of their cases and of the shared queue (GET /me/alerts reads the same
 * repository), unread first and bold, with the unread count in the title and the navigation; marking
 * read posts a form here (no script needed) and opening an alert's pair marks it read through
 * POST /alerts/:id/read when script runs (caseworker-inbox.js).
 */
export async function caseworkerInboxPages (app: FastifyInstance): Promise<void> {
  const alerts = createAlertRepository(app.db)
  const tz = app.config.report.timeZone
  const staleness = pairStaleness(app.services.results, currentModelOf(app.services.match.modelFor))

  app.get('/inbox', { config: { roles: ['caseworker'], audit: 'page.inbox' }, schema: { hide: true } }, async (request, reply) => {
    const me = requirePrincipal(request)
    const ctx = pageContext(request)
    const m = inboxMessages(ctx.locale)
    const w = caseworkerMessages(ctx.locale)
    const q = request.query as Record<string, unknown>
    const unreadOnly = q.unread === '1'
    const page = pageNumber(q.page)
    const counts = alerts.counts(me.userId)
    const list = alerts.inbox(me.userId, { unreadOnly, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
    const hasMore = page * PAGE_SIZE < (unreadOnly ? counts.unread : counts.total)
    const csrf = csrfField(ctx)
    const marked = typeof q.marked === 'string' && /^\d{1,9}$/.test(q.marked) ? Number(q.marked) : undefined
    const content = html`
${marked !== undefined && html`<div class="notice success" role="status">${marked === 1 && q.one === '1' ? m('markedOne') : m('markedAll', { n: marked })}</div>`}
<p>${m('summary', { total: counts.total, unread: counts.unread })}</p>
<div class="row toolbar">
  <form method="get" action="/inbox" class="row" aria-label="${m('filter')}">
    <label class="check"><input type="checkbox" id="unread" name="unread" value="1"${unreadOnly ? html` checked` : ''}> ${m('unreadOnly')}</label>
    <button type="submit" class="secondary">${m('apply')}</button>
  </form>
  ${counts.unread > 0 && html`<form method="post" action="/inbox/read-all" id="mark-all-read">${csrf}<button type="submit">${m('markAllRead')}</button></form>`}
</div>
${list.length === 0
  ? html`<p class="muted">${unreadOnly ? m('emptyUnread') : m('empty')}</p>`
  : html`<table id="inbox">
<caption class="visually-hidden">${m('tableCaption')}</caption>
<thead><tr><th scope="col">${m('stateHeader')}</th><th scope="col">${m('alert')}</th><th scope="col">${w('case')}</th><th scope="col">${w('person')}</th><th scope="col" class="num">${w('log10Lr')}</th><th scope="col" class="num">${w('lr')}</th><th scope="col">${w('when')}</th><th scope="col">${w('source')}</th><th scope="col">${w('assignee')}</th><th scope="col">${m('actions')}</th></tr></thead>
<tbody>${list.map((a) => alertRow(w, m, ctx.locale, tz, { ...a, ...staleness(a.caseId, a.personId) }, csrf))}</tbody>
</table>`}
${pager(ctx.locale, '/inbox', { unread: unreadOnly ? '1' : undefined }, page, hasMore)}`
    const title = counts.unread > 0 ? m('titleUnread', { n: counts.unread }) : m('title')
    return sendPage(request, reply, title, content, { ctx: { ...ctx, unread: counts.unread }, scripts: ['caseworker-inbox.js'] })
  })

  app.post('/inbox/read', { config: { roles: ['caseworker'], audit: 'alert.read' }, schema: { hide: true } }, async (request, reply) => {
    const me = requirePrincipal(request)
    const field = (request.body as Record<string, unknown> | undefined)?.alert
    const id = typeof field === 'string' && /^\d{1,12}$/.test(field) ? Number(field) : fail('BAD_REQUEST', `"${String(field).slice(0, 40)}" is not an alert number`, { field: 'alert' })
    app.db.transaction(() => {
      if (!alerts.markRead(id, me.userId)) fail('NOT_FOUND', `no alert ${id} in your inbox`, { value: String(id) })
      request.audit.inTransaction(303, { alertId: id })
    })()
    return reply.redirect('/inbox?marked=1&one=1', 303)
  })

  app.post('/inbox/read-all', { config: { roles: ['caseworker'], audit: 'alert.read-all' }, schema: { hide: true } }, async (request, reply) => {
    const me = requirePrincipal(request)
    const n = app.db.transaction(() => {
      const marked = alerts.markAllRead(me.userId)
      request.audit.inTransaction(303, { marked })
      return marked
    })()
    return reply.redirect(`/inbox?marked=${n}`, 303)
  })
}
