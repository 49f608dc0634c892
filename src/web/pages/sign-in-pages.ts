import type { FastifyInstance } from 'fastify'
import { ROLES, type Role } from '../../core/trust/token.ts'
import { createSessionRepository } from '../../storage/session-repository.ts'
import { clearSessionCookie } from '../../http/plugins/session.ts'
import { html } from '../html.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { signInMessages } from './sign-in-messages.ts'
import { safeNext } from '../safe-next.ts'

/** Where each role starts. */
export const HOME: Record<Role, string> = { lab: '/upload', caseworker: '/inbox', admin: '/admin/users', auditor: '/audit-trail' }

/**
 * The sign-in page, sign-out and the start page. The form posts to POST /session, the one sign-in of the
 * service (password, second factor, back-off); sign-in.js sends it with fetch and follows `next`, and
 * without script the browser posts the form and is redirected the same way.
 */
export async function signInPages (app: FastifyInstance): Promise<void> {
  const sessions = createSessionRepository(app.db)

  app.get('/', { config: { roles: [...ROLES] }, schema: { hide: true } }, async (request, reply) => {
    const role = request.principal?.role ?? 'lab'
    return reply.redirect(HOME[role], 303)
  })

  app.get('/sign-in', { config: { roles: [] }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const t = signInMessages(ctx.locale)
    const q = request.query as Record<string, unknown>
    const next = safeNext(q.next) ?? ''
    const content = html`
<div class="card narrow">
  <p>${t('intro')}</p>
  ${q.signedOut === '1' && html`<div class="notice success" role="status">${t('signedOut')}</div>`}
  ${q.refused === '1' && html`<div class="notice error" role="alert">${t('refused')}</div>`}
  ${typeof q.locked === 'string' && /^\d{1,6}$/.test(q.locked) && html`<div class="notice error" role="alert">${t('locked', { seconds: q.locked })}</div>`}
  <div id="sign-in-error" class="notice error" role="alert" hidden></div>
  <form class="stack" method="post" action="/session${next === '' ? '' : `?next=${encodeURIComponent(next)}`}" id="sign-in" data-next="${next}"
        data-refused="${t('refused')}" data-locked="${t('locked')}" data-failed="${t('failed')}">
    <label for="name">${t('name')}</label>
    <input type="text" id="name" name="name" autocomplete="username" required autofocus>
    <label for="password">${t('password')}</label>
    <input type="password" id="password" name="password" autocomplete="current-password" required>
    <label for="code">${t('code')}</label>
    <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6">
    <p><button type="submit">${t('submit')}</button></p>
  </form>
</div>`
    return sendPage(request, reply, t('title'), content, { scripts: ['sign-in.js'], ctx })
  })

  app.post('/sign-out', { config: { roles: [...ROLES], audit: 'session.delete', pendingSignIn: true }, schema: { hide: true } }, async (request, reply) => {
    const session = request.principal?.session
    if (session !== undefined) {
      sessions.revoke(session.id, 'sign-out')
      request.auditTarget = { sessionId: session.id }
    }
    clearSessionCookie(reply, app.config.signIn)
    return reply.redirect('/sign-in?signedOut=1', 303)
  })
}
