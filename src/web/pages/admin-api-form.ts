import { html, type SafeHtml } from '../html.ts'
import type { Locale } from '../messages.ts'
import { adminMessages } from './admin-messages.ts'

/**
 * The markup of forms that src/web/assets/admin-api-form.js sends to the JSON API. Their buttons are
 * disabled until the script runs (a form without it would post to the API and show raw JSON), and the
 * page says so in a <noscript> notice.
 */

/** The page's error box for refusals of its one-button forms, and the notice shown without script. */
export function actionFeedback (locale: Locale): SafeHtml {
  const m = adminMessages(locale)
  return html`<noscript><div class="notice info">${m('needsScript')}</div></noscript>
<div id="action-error" class="notice error" role="alert" tabindex="-1" hidden data-offline="${m('offline')}"></div>`
}

/** A one-button form that calls an API route (disable, revoke, cancel...), confirmed first when `confirm` is set. */
export function apiButton (options: { api: string, label: string, accessibleLabel?: string, then: string, confirm?: string, method?: string, danger?: boolean, id?: string }): SafeHtml {
  return html`<form class="inline" data-api="${options.api}" data-method="${options.method ?? 'POST'}" data-then="${options.then}"${options.confirm === undefined ? '' : html` data-confirm="${options.confirm}"`}${options.id === undefined ? '' : html` id="${options.id}"`}>
<button type="submit" class="${options.danger === true ? 'danger' : 'secondary'}" disabled data-needs-script${options.accessibleLabel === undefined ? '' : html` aria-label="${options.accessibleLabel}"`}>${options.label}</button></form>`
}

/** The submit button of a larger API form (enabled by the script). */
export function submitButton (label: string, id?: string): SafeHtml {
  return html`<p><button type="submit"${id === undefined ? '' : html` id="${id}"`} disabled data-needs-script>${label}</button></p>`
}

/** A success notice for `?done=KEY` after an action, when the key is one the page knows. */
export function doneNotice (done: unknown, texts: Record<string, string>): SafeHtml {
  return typeof done === 'string' && Object.hasOwn(texts, done) ? html`<div class="notice success" role="status">${texts[done]}</div>` : html``
}
