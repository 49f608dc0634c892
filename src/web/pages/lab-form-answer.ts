import type { z } from 'zod'
import { HomewardError } from '../../core/errors.ts'
import { checkRecordId, showId } from '../../core/record-id.ts'
import { html, type SafeHtml } from '../html.ts'
import type { labRecordMessages } from './lab-record-messages.ts'

type T = ReturnType<typeof labRecordMessages>

/**
 * The schema's refusals in the form's words: a relative's problem names the relative (by the id typed in
 * its row) and the locus, so "relatives.1.profile.TH01.0" reads "relative B1: field profile.TH01: …".
 */
export function issueTexts (issues: z.ZodError['issues'], t: T, relativeIds: readonly string[]): string[] {
  return issues.map((i) => {
    const path = i.path.map(String)
    if (path[0] === 'relatives' && path.length >= 2) {
      const typed = relativeIds[Number(path[1])]
      // an id the rule refuses is shown with its invisible characters named, not echoed as it was typed
      const id = typed === undefined ? `#${Number(path[1]) + 1}` : checkRecordId(typed).ok ? typed : showId(typed)
      const rest = path.slice(2).join('.')
      return t('relativeProblem', { id, message: rest === '' ? i.message : t('field', { field: rest, message: i.message }) })
    }
    return t('field', { field: path.join('.') || '(form)', message: i.message })
  })
}

/**
 * A refusal of the service (the same HomewardError the API answers with): its message already names the
 * relative, locus and value. Anything else is not a refusal and goes on to the page's error handler.
 */
export function refusalText (err: unknown): string {
  if (err instanceof HomewardError && err.statusCode < 500) return err.message
  throw err
}

/** The list of what to correct, first on the page. */
export function problemList (t: T, problems: readonly string[]): SafeHtml {
  return html`<div class="notice error" role="alert" id="form-errors" tabindex="-1"><p>${t('refused')}</p><ul>${problems.map((p) => html`<li>${p}</li>`)}</ul></div>`
}

/** Text fields of a urlencoded form (the form-body plugin parses them into plain strings). */
export function formFields (body: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  if (body !== null && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v
  }
  return out
}
