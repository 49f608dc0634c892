import type { FastifyInstance } from 'fastify'
import { createTokenRepository, DEFAULT_TOKEN_TTL_DAYS, MAX_TOKEN_TTL_DAYS, type TokenRecord } from '../../storage/token-repository.ts'
import { html, type SafeHtml } from '../html.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { actionFeedback, apiButton, doneNotice, submitButton } from './admin-api-form.ts'
import { adminMessages } from './admin-messages.ts'
import { roleName } from './admin-role.ts'
import { adminTokensMessages } from './admin-tokens-messages.ts'
import { PAGE_SIZE, pageNumber, pager } from './caseworker-format.ts'
import { instantIn } from './admin-time.ts'
import { requirePrincipal } from '../../http/plugins/auth.ts'

/**
 * /admin/tokens: the API tokens (never their secrets: only hashes are stored), newest first, with
 * revocation (DELETE /tokens/:id) and creation (POST /tokens). The new secret comes back in the API's
 * 201 answer to admin-tokens.js, which shows it once in the page with the warning; it is never part of
 * a page the server renders, so no history, cache or log holds it.
 */
export async function adminTokensPages (app: FastifyInstance): Promise<void> {
  const tokens = createTokenRepository(app.db)

  app.get('/admin/tokens', { config: { roles: ['admin'], audit: 'page.admin-tokens' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const tz = app.config.report.timeZone
    const m = adminTokensMessages(ctx.locale)
    const a = adminMessages(ctx.locale)
    const q = request.query as Record<string, unknown>
    // the accounts and tokens of the admin's unit and below (src/storage/unit-scope.ts), as GET /tokens
    const users = tokens.listUsers().filter((u) => app.unitScope.covers(requirePrincipal(request), u.unitId))
    const user = typeof q.user === 'string' && users.some((u) => u.name === q.user) ? q.user : undefined
    const page = pageNumber(q.page)
    const now = new Date().toISOString()
    const all = tokens.listTokens(user === undefined ? {} : { userName: user }).filter((t) => app.unitScope.covers(requirePrincipal(request), t.unitId)).reverse()
    const live = (t: TokenRecord): boolean => t.revokedAt === null && t.expiresAt > now
    const shown = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    const row = (t: TokenRecord): SafeHtml => html`<tr>
<th scope="row"><code>${t.id}</code></th><td>${t.userName}</td><td>${app.units.get(t.unitId)?.path ?? ''}</td><td>${roleName(ctx.locale, t.role)}</td><td>${t.label}</td>
<td>${instantIn(ctx.locale, tz, t.createdAt)}<br><span class="muted">${m('createdBy')} ${t.createdBy}</span></td><td>${instantIn(ctx.locale, tz, t.expiresAt)}</td>
<td>${t.revokedAt !== null ? html`<span class="bad">${m('revoked', { when: instantIn(ctx.locale, tz, t.revokedAt) })}</span>` : live(t) ? html`<span class="ok">${m('live')}</span>` : html`<span class="muted">${m('expired')}</span>`}</td>
<td>${live(t) && apiButton({ api: `/tokens/${encodeURIComponent(t.id)}`, method: 'DELETE', label: m('revoke'), accessibleLabel: `${m('revoke')}: ${t.id}`, confirm: m('revokeConfirm', { id: t.id, name: t.userName }), then: '/admin/tokens?done=revoked', danger: true })}</td>
</tr>`
    const liveCount = all.filter(live).length
    const content = html`
${doneNotice(q.done, { revoked: m('doneRevoked') })}
${actionFeedback(ctx.locale)}
<section id="token-secret" class="card secret" aria-labelledby="secret-h" tabindex="-1" hidden data-label="${m('secretLabel')}" data-warning="${m('secretWarning')}">
  <h2 id="secret-h">${m('secretTitle')}</h2>
  <div class="notice error" id="secret-warning"></div>
  <label for="secret-value" id="secret-label"></label>
  <input type="text" id="secret-value" class="secret-value" readonly autocomplete="off" spellcheck="false">
  <p><a class="button" href="/admin/tokens">${m('secretDone')}</a></p>
</section>
<p>${m('summary', { live: liveCount, ended: all.length - liveCount })}</p>
<form method="get" action="/admin/tokens" class="row filters">
  <label for="user-filter">${m('filter')}</label>
  <select id="user-filter" name="user"><option value="">${m('allAccounts')}</option>${users.map((u) => html`<option value="${u.name}"${u.name === user ? html` selected` : ''}>${u.name}</option>`)}</select>
  <button type="submit" class="secondary">${m('apply')}</button>
</form>
${shown.length === 0
  ? html`<p class="muted">${m('empty')}</p>`
  : html`<div class="scroll"><table id="tokens">
<caption class="visually-hidden">${m('tableCaption')}</caption>
<thead><tr><th scope="col">${m('id')}</th><th scope="col">${m('account')}</th><th scope="col">${m('unit')}</th><th scope="col">${m('role')}</th><th scope="col">${m('label')}</th><th scope="col">${m('created')}</th><th scope="col">${m('expires')}</th><th scope="col">${m('state')}</th><th scope="col">${a('actions')}</th></tr></thead>
<tbody>${shown.map(row)}</tbody></table></div>`}
${pager(ctx.locale, '/admin/tokens', { user }, page, page * PAGE_SIZE < all.length)}
<section class="card" aria-labelledby="create-h"><h2 id="create-h">${m('createTitle')}</h2>
<p class="muted">${m('createIntro')}</p>
<form class="stack" id="create-token" data-api="/tokens" data-on-success="token">
  <div data-error class="notice error" role="alert" tabindex="-1" hidden></div>
  <label for="token-user">${m('newAccount')}</label>
  <select id="token-user" name="user">${users.filter((u) => u.disabledAt === null).map((u) => html`<option value="${u.name}"${u.name === user ? html` selected` : ''}>${u.name} (${roleName(ctx.locale, u.role)})</option>`)}</select>
  <label for="token-label">${m('newLabel')}</label><input type="text" id="token-label" name="label" maxlength="200" data-optional>
  <label for="token-days">${m('newDays', { max: MAX_TOKEN_TTL_DAYS })}</label><input type="number" id="token-days" name="ttlDays" min="1" max="${MAX_TOKEN_TTL_DAYS}" value="${DEFAULT_TOKEN_TTL_DAYS}" data-type="number" data-optional>
  ${submitButton(m('create'), 'create-token-submit')}
</form></section>`
    return sendPage(request, reply, m('title'), content, { ctx, scripts: ['admin-tokens.js'] })
  })
}
