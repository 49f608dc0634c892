import type { FastifyInstance } from 'fastify'
import type { AuditEntry } from '../../core/trust/audit-chain.ts'
import { ROLES, type Role } from '../../core/trust/token.ts'
import { createAuditRepository, type AuditPageQuery } from '../../storage/audit-repository.ts'
import { requirePrincipal } from '../../http/plugins/auth.ts'
import { html, type SafeHtml } from '../html.ts'
import type { Locale } from '../messages.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { roleName } from './admin-role.ts'
import { auditorMessages } from './auditor-messages.ts'
import { PAGE_SIZE } from './caseworker-format.ts'
import { instantIn, zoneDayStart } from './admin-time.ts'

type M = ReturnType<typeof auditorMessages>

const STATUS_RANGES = { ok: [200, 399], refused: [400, 499], failed: [500, 599] } as const
type StatusFilter = keyof typeof STATUS_RANGES

interface Filters { action: string, actor: string, from: string, to: string, status: StatusFilter | '' }

function readFilters (q: Record<string, unknown>): Filters {
  const text = (v: unknown, max: number): string => (typeof v === 'string' ? v.trim().slice(0, max) : '')
  const status = text(q.status, 10)
  return { action: text(q.action, 64), actor: text(q.actor, 100), from: text(q.from, 10), to: text(q.to, 10), status: Object.hasOwn(STATUS_RANGES, status) ? status as StatusFilter : '' }
}

function filterHref (f: Filters, before?: number): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(f)) if (v !== '') q.set(k, v)
  if (before !== undefined) q.set('before', String(before))
  const s = q.toString()
  return s === '' ? '/audit-trail' : `/audit-trail?${s}`
}

function targetText (target: AuditEntry['target']): SafeHtml {
  const pairs = Object.entries(target).filter(([k]) => k !== 'requestId')
  return html`${pairs.map(([k, v], i) => html`${i > 0 ? ' · ' : ''}<span class="muted">${k}</span> ${v === null ? '—' : String(v)}`)}`
}

function entryRow (locale: Locale, tz: string, e: AuditEntry): SafeHtml {
  const cls = e.status >= 500 ? 'bad' : e.status >= 400 ? 'warn' : 'ok'
  const role = e.role !== null && (ROLES as readonly string[]).includes(e.role) ? roleName(locale, e.role as Role) : (e.role ?? '—')
  return html`<tr><th scope="row" class="num">${e.seq}</th><td>${instantIn(locale, tz, e.at)}</td><td>${e.actor}</td><td>${role}</td><td><code>${e.action}</code></td>
<td class="target">${targetText(e.target)}</td><td class="num"><span class="${cls}">${e.status}</span></td><td><code class="hash" title="${e.hash}">${e.hash.slice(0, 12)}…</code></td></tr>`
}

function verifyForm (m: M, expect: string): SafeHtml {
  return html`<form method="get" action="/audit-trail/verify" class="stack" id="verify-chain">
  <label for="expect">${m('expect')}</label><input type="text" id="expect" name="expect" value="${expect}" maxlength="64" spellcheck="false" autocomplete="off" class="hash-input">
  <p><button type="submit">${m('verify')}</button></p>
</form>`
}

/**
 * The auditor's pages: /audit-trail, the trail newest first with filters (action, account, the
 * agency's days in HOMEWARD_TIME_ZONE, outcome) and pages of 50; /audit-trail/verify, the chain check (the repository's
 * verify, as GET /audit/verify) with the head hash to record elsewhere and, given a head recorded
 * earlier, whether the trail still holds it. Reading the trail is itself recorded.
 */
export async function auditorPages (app: FastifyInstance): Promise<void> {
  const audit = createAuditRepository(app.db)

  app.get('/audit-trail', { config: { roles: ['auditor'], audit: 'page.audit-trail' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const tz = app.config.report.timeZone
    const m = auditorMessages(ctx.locale)
    const q = request.query as Record<string, unknown>
    const f = readFilters(q)
    const before = typeof q.before === 'string' && /^\d{1,15}$/.test(q.before) ? Number(q.before) : undefined
    const fromAt = f.from === '' ? undefined : zoneDayStart(f.from, tz)
    const toAt = f.to === '' ? undefined : zoneDayStart(f.to, tz, 1)
    const badDates = [f.from !== '' && fromAt === undefined ? f.from : undefined, f.to !== '' && toAt === undefined ? f.to : undefined].filter((d) => d !== undefined)
    // the entries of the auditor's unit and below (src/storage/unit-scope.ts)
    const query: AuditPageQuery = { limit: PAGE_SIZE + 1, beforeSeq: before, fromAt, toAt, scope: app.unitScope.auditCondition(requirePrincipal(request), 'actor') }
    if (f.action !== '') query.action = f.action
    if (f.actor !== '') query.actor = f.actor
    if (f.status !== '') [query.statusFrom, query.statusTo] = STATUS_RANGES[f.status]
    const found = audit.newestFirst(query)
    const entries = found.slice(0, PAGE_SIZE)
    const more = found.length > PAGE_SIZE
    request.auditTarget = { filters: [f.action, f.actor, f.from, f.to, f.status].join('|'), ...(before === undefined ? {} : { before }) }
    const actions = audit.actions()
    const option = (value: string, label: string, selected: boolean): SafeHtml => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`
    const content = html`
<p>${m('intro')}</p>
${badDates.map((d) => html`<div class="notice error" role="alert">${m('badDate', { value: d })}</div>`)}
<form method="get" action="/audit-trail" class="filters card" id="audit-filters" aria-label="${m('filters')}">
  <div class="row">
    <span><label for="f-action">${m('action')}</label> <select id="f-action" name="action">${option('', m('anyAction'), f.action === '')}${actions.map((a) => option(a, a, a === f.action))}</select></span>
    <span><label for="f-actor">${m('actor')}</label> <input type="text" id="f-actor" name="actor" value="${f.actor}" maxlength="100"></span>
    <span><label for="f-status">${m('status')}</label> <select id="f-status" name="status">${option('', m('anyStatus'), f.status === '')}${option('ok', m('statusOk'), f.status === 'ok')}${option('refused', m('statusRefused'), f.status === 'refused')}${option('failed', m('statusFailed'), f.status === 'failed')}</select></span>
  </div>
  <div class="row">
    <span><label for="f-from">${m('from')}</label> <input type="date" id="f-from" name="from" value="${f.from}"></span>
    <span><label for="f-to">${m('to')}</label> <input type="date" id="f-to" name="to" value="${f.to}"></span>
    <button type="submit">${m('apply')}</button> <a href="/audit-trail">${m('clear')}</a>
  </div>
</form>
${entries.length === 0
  ? html`<p class="muted">${m('empty')}</p>`
  : html`<div class="scroll"><table id="audit">
<caption class="visually-hidden">${m('tableCaption')}</caption>
<thead><tr><th scope="col" class="num">${m('seq')}</th><th scope="col">${m('at')}</th><th scope="col">${m('who')}</th><th scope="col">${m('role')}</th><th scope="col">${m('action')}</th><th scope="col">${m('target')}</th><th scope="col" class="num">${m('code')}</th><th scope="col">${m('hash')}</th></tr></thead>
<tbody>${entries.map((e) => entryRow(ctx.locale, tz, e))}</tbody></table></div>`}
${(before !== undefined || more) && html`<nav class="pager" aria-label="${m('tableCaption')}">
  ${before !== undefined && html`<a href="${filterHref(f)}">${m('newest')}</a>`}
  ${more && html`<a href="${filterHref(f, entries[entries.length - 1].seq)}" rel="next">${m('older')}</a>`}
</nav>`}
<section class="card" aria-labelledby="verify-h"><h2 id="verify-h">${m('verifyTitle')}</h2>
<p class="muted">${m('verifyIntro')}</p>
${verifyForm(m, '')}
</section>`
    return sendPage(request, reply, m('title'), content, { ctx })
  })

  app.get('/audit-trail/verify', { config: { roles: ['auditor'], audit: 'page.audit-verify' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const m = auditorMessages(ctx.locale)
    const raw = (request.query as Record<string, unknown>).expect
    const expect = typeof raw === 'string' ? raw.trim().toLowerCase().slice(0, 200) : ''
    const verdict = audit.verify()
    let expected: SafeHtml = html``
    if (expect !== '') {
      if (!/^[0-9a-f]{64}$/.test(expect)) expected = html`<div class="notice error" role="alert">${m('expectBad', { value: expect.slice(0, 64) })}</div>`
      else {
        const entry = audit.findByHash(expect)
        expected = entry === undefined
          ? html`<div class="notice error" role="alert" id="expect-result">${m('expectMissing')}</div>`
          : html`<div class="notice success" role="status" id="expect-result">${m('expectFound', { seq: entry.seq, added: Math.max(0, verdict.count - entry.seq) })}</div>`
      }
    }
    request.auditTarget = { ok: verdict.ok ? 1 : 0, count: verdict.count }
    const content = html`
<div id="verify-result" class="notice ${verdict.ok ? 'success' : 'error'}" role="${verdict.ok ? 'status' : 'alert'}">${verdict.ok ? m('verifyOk', { count: verdict.count }) : m('verifyBad', { seq: verdict.firstBadSeq, count: verdict.count, reason: verdict.reason })}</div>
${verdict.ok && html`<dl class="facts"><dt>${m('head')}</dt><dd><code class="hash" id="head-hash">${verdict.headHash}</code><br><span class="muted">${m('headAdvice')}</span></dd></dl>`}
${expected}
${verifyForm(m, expect)}
<p><a href="/audit-trail">← ${m('back')}</a></p>`
    return sendPage(request, reply, m('verifyTitle'), content, { ctx })
  })
}
