import type { FastifyInstance } from 'fastify'
import QRCode from 'qrcode'
import { fail } from '../../core/errors.ts'
import { totpUri } from '../../core/trust/totp.ts'
import { MIN_PASSWORD_LENGTH } from '../../core/trust/password.ts'
import { ROLES } from '../../core/trust/token.ts'
import { requirePrincipal } from '../../http/plugins/auth.ts'
import { createSessionRepository, type SessionRecord } from '../../storage/session-repository.ts'
import { createUserCredentialRepository } from '../../storage/user-credential-repository.ts'
import { html, type SafeHtml } from '../html.ts'
import type { Locale } from '../messages.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { actionFeedback, doneNotice, submitButton } from './admin-api-form.ts'
import { instantIn } from './admin-time.ts'
import { securityMessages } from './security-messages.ts'
import { HOME } from './sign-in-pages.ts'

type M = ReturnType<typeof securityMessages>

function sessionTable (m: M, locale: Locale, tz: string, list: SessionRecord[], currentId: string | undefined): SafeHtml {
  if (list.length === 0) return html`<p class="muted">${m('noSessions')}</p>`
  return html`<div class="scroll"><table id="sessions"><caption class="visually-hidden">${m('sessionsCaption')}</caption>
<thead><tr><th scope="col">${m('started')}</th><th scope="col">${m('lastSeen')}</th><th scope="col">${m('address')}</th><th scope="col">${m('browser')}</th></tr></thead>
<tbody>${list.map((s) => html`<tr><td>${instantIn(locale, tz, s.createdAt)}${s.id === currentId && html` <span class="pill ok">${m('thisSession')}</span>`}</td><td>${instantIn(locale, tz, s.lastSeenAt)}</td><td>${s.address}</td><td class="agent">${s.userAgent.slice(0, 160)}</td></tr>`)}</tbody></table></div>`
}

/**
 * /me/security, every role's own sign-in settings, open to a session whose sign-in is pending (the
 * sign-in page sends people here when their role needs a second factor they lack or an admin set their
 * password): change the password (POST /me/password), enrol an authenticator app (POST
 * /me/totp/setup shows the key once, to security.js; POST /me/totp/confirm activates it), and the
 * person's open sessions (as GET /me/sessions).
 */
export async function securityPages (app: FastifyInstance): Promise<void> {
  const credentials = createUserCredentialRepository(app.db)
  const sessions = createSessionRepository(app.db)

  app.get('/me/security', { config: { roles: [...ROLES], pendingSignIn: true }, schema: { hide: true } }, async (request, reply) => {
    const me = requirePrincipal(request)
    const ctx = pageContext(request)
    const tz = app.config.report.timeZone
    const m = securityMessages(ctx.locale)
    const q = request.query as Record<string, unknown>
    const session = me.session
    const c = credentials.get(me.userId)
    const pending = session?.pending ?? []
    const done = doneNotice(q.done, { password: m('donePassword'), totp: m('doneTotp') })
    const status = pending.length > 0
      ? html`<div class="notice error" role="alert" id="pending"><h2>${m('pendingTitle')}</h2><ul>
${pending.includes('totp-enrolment') && html`<li><a href="#totp-h">${m('pendingTotp')}</a></li>`}${pending.includes('password-change') && html`<li><a href="#password-h">${m('pendingPassword')}</a></li>`}</ul></div>`
      : session !== undefined && q.done !== undefined ? html`<p><a class="button" href="${HOME[me.role]}" id="continue">${m('continue')}</a></p>` : html``
    if (session === undefined) {
      return sendPage(request, reply, m('title'), html`<div class="notice info" role="status">${m('tokenOnly')}</div>`, { ctx })
    }
    const password = c.passwordHash === null
      ? html`<p class="muted">${m('passwordNone')}</p>`
      : html`${c.passwordChangedAt !== null && html`<p class="muted">${m('passwordChanged', { when: instantIn(ctx.locale, tz, c.passwordChangedAt) })}</p>`}
<form class="stack" id="change-password" data-api="/me/password" data-then="/me/security?done=password" data-check="samePassword" data-mismatch="${m('mismatch')}">
  <div data-error class="notice error" role="alert" tabindex="-1" hidden></div>
  <label for="current-password">${m('current')}</label><input type="password" id="current-password" name="currentPassword" autocomplete="current-password" required>
  <label for="new-password">${m('newPassword', { min: MIN_PASSWORD_LENGTH })}</label><input type="password" id="new-password" name="newPassword" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required>
  <label for="repeat-password">${m('repeat')}</label><input type="password" id="repeat-password" name="repeat" data-skip autocomplete="new-password" required>
  <p class="muted">${m('changeNote')}</p>
  ${submitButton(m('change'), 'change-password-submit')}
</form>`
    const totp = c.totpConfirmedAt !== null
      ? html`<p class="ok" id="totp-state">${m('totpOn', { when: instantIn(ctx.locale, tz, c.totpConfirmedAt) })}</p>`
      : html`<p id="totp-state">${m('totpOff')}</p>
<form id="totp-start" data-api="/me/totp/setup" data-on-success="totp">
  <div data-error class="notice error" role="alert" tabindex="-1" hidden></div>
  ${submitButton(m('start'), 'totp-start-submit')}
  ${c.totpSecret !== null && html`<p class="muted">${m('restartNote')}</p>`}
</form>
<div id="totp-enrol" hidden>
  <p>${m('step1')}</p>
  <p><img id="totp-qr" class="qr" alt="${m('qrAlt')}" width="220" height="220" data-src="/me/security/totp-qr.svg"></p>
  <p><a id="totp-link" href="#">${m('link')}</a></p>
  <label for="totp-key">${m('key')}</label>
  <input type="text" id="totp-key" class="secret-value" readonly spellcheck="false" autocomplete="off">
  <p>${m('step2')}</p>
  <form class="stack" id="totp-confirm" data-api="/me/totp/confirm" data-then="/me/security?done=totp">
    <div data-error class="notice error" role="alert" tabindex="-1" hidden></div>
    <label for="totp-code">${m('code')}</label><input type="text" id="totp-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
    ${submitButton(m('confirm'), 'totp-confirm-submit')}
  </form>
</div>`
    const passwordSection = html`<section class="card" aria-labelledby="password-h"><h2 id="password-h">${m('passwordTitle')}</h2>${password}</section>`
    const totpSection = html`<section class="card" aria-labelledby="totp-h"><h2 id="totp-h">${m('totpTitle')}</h2>${totp}</section>`
    // most important first: a pending enrolment leads
    const open = sessions.listForUser(me.userId, new Date(), app.config.signIn.idleMinutes * 60_000)
    const content = html`
${done}
${status}
${actionFeedback(ctx.locale)}
${pending.includes('totp-enrolment') && !pending.includes('password-change') ? [totpSection, passwordSection] : [passwordSection, totpSection]}
<section aria-labelledby="sessions-h"><h2 id="sessions-h">${m('sessionsTitle')}</h2>${sessionTable(m, ctx.locale, tz, open, session.id)}</section>`
    return sendPage(request, reply, m('title'), content, { ctx, scripts: ['security.js'] })
  })

  // The QR code of an enrolment under way (begun by POST /me/totp/setup, not yet confirmed), drawn
  // here so the key never needs a script library or a third party; it holds the key: never cached.
  app.get('/me/security/totp-qr.svg', { config: { roles: [...ROLES], pendingSignIn: true, audit: 'me.totp-qr' }, schema: { hide: true } }, async (request, reply) => {
    const me = requirePrincipal(request)
    const c = credentials.get(me.userId)
    if (me.session === undefined || c.totpSecret === null || c.totpConfirmedAt !== null) fail('NOT_FOUND', 'no enrolment under way')
    const svg = await QRCode.toString(totpUri(c.totpSecret, me.userName), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
    return reply.headers({ 'content-type': 'image/svg+xml', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'" }).send(svg)
  })
}
