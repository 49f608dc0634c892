import type { Role } from '../core/trust/token.ts'
import { commonMessages } from './common-messages.ts'
import { html, type SafeHtml } from './html.ts'
import type { Locale } from './messages.ts'

/** What every page knows about the request it answers. */
export interface PageContext {
  locale: Locale
  /** The path and query of this page, for the language switch and the current-page mark. */
  path: string
  account?: { name: string, role: Role }
  /** The session's CSRF token, written into every form that changes something. */
  csrfToken?: string
  /** Unread alerts of a caseworker, shown beside the inbox link. */
  unread?: number
}

type NavKey = 'navInbox' | 'navCases' | 'navPersons' | 'navWeakCases' | 'navUpload' | 'navNewCase' | 'navNewPerson' | 'navMyUploads' | 'navUsers' | 'navTokens' | 'navTables' | 'navReruns' | 'navAudit'

/** The navigation of each role: only the pages the role may open (the routes' roles decide; this only hides links). */
const NAV: Record<Role, ReadonlyArray<{ href: string, key: NavKey }>> = {
  lab: [{ href: '/upload', key: 'navUpload' }, { href: '/cases/new', key: 'navNewCase' }, { href: '/persons/new', key: 'navNewPerson' }, { href: '/my-uploads', key: 'navMyUploads' }],
  caseworker: [{ href: '/inbox', key: 'navInbox' }, { href: '/cases', key: 'navCases' }, { href: '/persons', key: 'navPersons' }, { href: '/weak-cases', key: 'navWeakCases' }],
  admin: [{ href: '/admin/users', key: 'navUsers' }, { href: '/admin/tokens', key: 'navTokens' }, { href: '/admin/frequency-tables', key: 'navTables' }, { href: '/admin/reruns', key: 'navReruns' }],
  auditor: [{ href: '/audit-trail', key: 'navAudit' }]
}

const ROLE_KEY = { lab: 'roleLab', caseworker: 'roleCaseworker', admin: 'roleAdmin', auditor: 'roleAuditor' } as const

/** The path with ?lang= set to the other language (the switch link). */
export function withLanguage (path: string, locale: Locale): string {
  const url = new URL(path, 'http://x')
  url.searchParams.set('lang', locale)
  return `${url.pathname}${url.search}`
}

/** A hidden CSRF field for a form that changes something. */
export function csrfField (ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}">`
}

/**
 * The page shell: language, title, skip link, the role's navigation with the unread count, the account
 * and sign-out, the language switch (named by its visible text, the language's own name, so a voice
 * command "click 中文" works: WCAG 2.5.3; the hint is a title), and the content. Scripts are same-origin modules only (the CSP in
 * the page plugin forbids inline script), so pages work without them and are enhanced when they load.
 */
export function layout (ctx: PageContext, title: string, content: SafeHtml, options: { scripts?: readonly string[] } = {}): string {
  const t = commonMessages(ctx.locale)
  const other: Locale = ctx.locale === 'zh-CN' ? 'en' : 'zh-CN'
  const current = new URL(ctx.path, 'http://x').pathname
  const nav = ctx.account === undefined ? [] : NAV[ctx.account.role]
  const page = html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${ctx.csrfToken === undefined ? '' : html`<meta name="csrf-token" content="${ctx.csrfToken}">`}
<title>${title} · ${t('appName')}</title>
<link rel="stylesheet" href="/assets/app.css">
${(options.scripts ?? []).map((s) => html`<script type="module" src="/assets/${s}"></script>`)}
</head>
<body>
<a class="skip" href="#main">${t('skip')}</a>
<header class="top">
  <a class="brand" href="/">${t('appName')}</a>
  ${nav.length > 0 && html`<nav aria-label="${t('navLabel')}"><ul>${nav.map((n) => html`<li><a href="${n.href}"${current === n.href ? html` aria-current="page"` : ''}>${t(n.key)}${n.key === 'navInbox' && (ctx.unread ?? 0) > 0 ? html`<span class="badge" aria-label="${t('unreadAlerts', { n: ctx.unread ?? 0 })}">${ctx.unread}</span>` : ''}</a></li>`)}</ul></nav>`}
  <div class="who">
    <a href="${withLanguage(ctx.path, other)}" lang="${other}" title="${t('otherLanguageLabel')}">${t('otherLanguage')}</a>
    ${ctx.account !== undefined && html`<span>${t('signedInAs', { name: ctx.account.name, role: t(ROLE_KEY[ctx.account.role]) })}</span>
    <form method="post" action="/sign-out">${csrfField(ctx)}<button type="submit">${t('signOut')}</button></form>`}
  </div>
</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${content}
</main>
</body>
</html>`
  return page.value
}
