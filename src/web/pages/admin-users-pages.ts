import type { FastifyInstance } from 'fastify'
import { ROLES } from '../../core/trust/token.ts'
import { requirePrincipal } from '../../http/plugins/auth.ts'
import { createSessionRepository } from '../../storage/session-repository.ts'
import { createTokenRepository, type UserRecord } from '../../storage/token-repository.ts'
import { createUserCredentialRepository, type UserCredentials } from '../../storage/user-credential-repository.ts'
import { html, type SafeHtml } from '../html.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { actionFeedback, apiButton, doneNotice, submitButton } from './admin-api-form.ts'
import { adminMessages } from './admin-messages.ts'
import { roleName } from './admin-role.ts'
import { adminUsersMessages } from './admin-users-messages.ts'
import { PAGE_SIZE, pageNumber, pager } from './caseworker-format.ts'
import { instantIn } from './admin-time.ts'

type M = ReturnType<typeof adminUsersMessages>

function totpState (m: M, c: UserCredentials): SafeHtml {
  if (c.totpConfirmedAt !== null) return html`<span class="ok">${m('totpOn')}</span>`
  return c.totpSecret !== null ? html`<span class="warn">${m('totpPending')}</span>` : html`<span class="muted">${m('totpOff')}</span>`
}

function passwordState (m: M, c: UserCredentials): SafeHtml {
  if (c.passwordHash === null) return html`<span class="muted">${m('passwordNone')}</span>`
  return c.passwordMustChange ? html`<span class="warn">${m('passwordTemporary')}</span>` : html`${m('passwordOwn')}`
}

/**
 * /admin/users: every account with its role, dates, second factor, password state and open sessions,
 * and the admin's actions on it. The list reads the repositories behind GET /users; every action is
 * a form that admin-users.js sends to the API route (POST /users, /users/:name/disable, /totp/reset,
 * /sessions/revoke, /password), so its rules, transaction and audit entry are the API's.
 */
export async function adminUsersPages (app: FastifyInstance): Promise<void> {
  const tokens = createTokenRepository(app.db)
  const credentials = createUserCredentialRepository(app.db)
  const sessions = createSessionRepository(app.db)

  app.get('/admin/users', { config: { roles: ['admin'], audit: 'page.admin-users' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const tz = app.config.report.timeZone
    // an admin does not disable their own account from here (the last admin would lock everyone out)
    const me = requirePrincipal(request).userName
    const m = adminUsersMessages(ctx.locale)
    const a = adminMessages(ctx.locale)
    const q = request.query as Record<string, unknown>
    const search = typeof q.q === 'string' ? q.q.trim().slice(0, 100) : ''
    const page = pageNumber(q.page)
    // the accounts of the admin's unit and below (src/storage/unit-scope.ts), as GET /users
    const all = tokens.listUsers().filter((u) => app.unitScope.covers(requirePrincipal(request), u.unitId))
    const matching = search === '' ? all : all.filter((u) => u.name.toLowerCase().includes(search.toLowerCase()))
    const shown = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    // the units an account may be moved to: the admin's own and those below (PUT /users/:name/unit checks it again)
    const units = app.units.list(requirePrincipal(request).unitId)
    const moveForm = (u: UserRecord): SafeHtml => html`<form class="inline" data-api="/users/${encodeURIComponent(u.name)}/unit" data-method="PUT" data-then="/admin/users?done=moved">
<select name="unit" data-type="number" aria-label="${m('moveTo', { name: u.name })}">${units.map((n) => html`<option value="${n.id}"${n.id === u.unitId ? html` selected` : ''}>${n.path}</option>`)}</select>
<button type="submit" class="secondary" disabled data-needs-script>${m('move')}</button></form>`
    const now = new Date()
    const idleMs = app.config.signIn.idleMinutes * 60_000
    const row = (u: UserRecord): SafeHtml => {
      const c = credentials.get(u.id)
      const open = sessions.listForUser(u.id, now, idleMs).length
      const base = `/users/${encodeURIComponent(u.name)}`
      const disabled = u.disabledAt !== null
      return html`<tr${disabled ? html` class="disabled"` : ''}>
<th scope="row">${u.name}</th><td>${app.units.get(u.unitId)?.path ?? ''}${!disabled && html`<br>${moveForm(u)}`}</td><td>${roleName(ctx.locale, u.role)}</td><td>${instantIn(ctx.locale, tz, u.createdAt)}</td>
<td>${disabled ? html`<span class="bad">${instantIn(ctx.locale, tz, u.disabledAt ?? '')}</span>` : html`<span class="muted">${m('active')}</span>`}</td>
<td>${totpState(m, c)}</td><td>${passwordState(m, c)}</td><td class="num">${open}</td>
<td class="actions">${!disabled && html`${open > 0 && apiButton({ api: `${base}/sessions/revoke`, label: m('revoke'), accessibleLabel: `${m('revoke')}: ${u.name}`, confirm: m('revokeConfirm', { name: u.name }), then: '/admin/users?done=sessions' })}
${c.totpSecret !== null && apiButton({ api: `${base}/totp/reset`, label: m('resetTotp'), accessibleLabel: `${m('resetTotp')}: ${u.name}`, confirm: m('resetTotpConfirm', { name: u.name }), then: '/admin/users?done=totp' })}
${u.name !== me && apiButton({ api: `${base}/disable`, label: m('disable'), accessibleLabel: `${m('disable')}: ${u.name}`, confirm: m('disableConfirm', { name: u.name }), then: '/admin/users?done=disabled', danger: true })}`}</td>
</tr>`
    }
    const active = all.filter((u) => u.disabledAt === null)
    const content = html`
${doneNotice(q.done, { created: m('doneCreated'), disabled: m('doneDisabled'), moved: m('doneMoved'), totp: m('doneTotp'), sessions: m('doneSessions'), password: m('donePassword') })}
${actionFeedback(ctx.locale)}
<p>${m('summary', { total: all.length, disabled: all.length - active.length })}</p>
<form method="get" action="/admin/users" class="row filters" role="search">
  <label for="q">${m('search')}</label><input type="search" id="q" name="q" value="${search}" maxlength="100">
  <button type="submit" class="secondary">${a('refresh')}</button>
</form>
${shown.length === 0
  ? html`<p class="muted">${m('empty')}</p>`
  : html`<div class="scroll"><table id="users">
<caption class="visually-hidden">${m('tableCaption')}</caption>
<thead><tr><th scope="col">${m('name')}</th><th scope="col">${m('unit')}</th><th scope="col">${m('role')}</th><th scope="col">${m('created')}</th><th scope="col">${m('disabled')}</th><th scope="col">${m('totp')}</th><th scope="col">${m('password')}</th><th scope="col" class="num">${m('sessions')}</th><th scope="col">${a('actions')}</th></tr></thead>
<tbody>${shown.map(row)}</tbody></table></div>`}
${pager(ctx.locale, '/admin/users', { q: search }, page, page * PAGE_SIZE < matching.length)}
<div class="grid2">
<section class="card" aria-labelledby="create-h"><h2 id="create-h">${m('createTitle')}</h2>
<form class="stack" id="create-user" data-api="/users" data-then="/admin/users?done=created">
  <div data-error class="notice error" role="alert" tabindex="-1" hidden></div>
  <label for="new-name">${m('newName')}</label><input type="text" id="new-name" name="name" required maxlength="100" pattern="[\\w.@\\-]+" autocomplete="off">
  <label for="new-role">${m('newRole')}</label><select id="new-role" name="role">${ROLES.map((r) => html`<option value="${r}">${roleName(ctx.locale, r)}</option>`)}</select>
  <label for="new-password">${m('newPassword')}</label><input type="password" id="new-password" name="password" data-optional autocomplete="new-password">
  ${submitButton(m('create'), 'create-user-submit')}
</form></section>
<section class="card" aria-labelledby="temp-h"><h2 id="temp-h">${m('tempTitle')}</h2>
<p class="muted">${m('tempIntro')}</p>
<form class="stack" id="temp-password" data-api="" data-then="/admin/users?done=password">
  <div data-error class="notice error" role="alert" tabindex="-1" hidden></div>
  <label for="temp-account">${m('tempAccount')}</label><select id="temp-account" name="account" data-skip>${active.map((u) => html`<option value="${u.name}">${u.name}</option>`)}</select>
  <label for="temp-secret">${m('tempPassword')}</label><input type="password" id="temp-secret" name="password" required autocomplete="new-password">
  ${submitButton(m('tempSubmit'), 'temp-password-submit')}
</form></section>
</div>`
    return sendPage(request, reply, m('title'), content, { ctx, scripts: ['admin-users.js'] })
  })
}
