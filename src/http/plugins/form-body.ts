import type { FastifyInstance } from 'fastify'
import { fail } from '../../core/errors.ts'

const FORM = 'application/x-www-form-urlencoded'
/** A sign-in or settings form has a handful of fields; more is not a form of ours. */
const MAX_FIELDS = 50
const UTF8 = new TextDecoder('utf-8', { fatal: true })

/**
 * `application/x-www-form-urlencoded` bodies (plain HTML forms: sign-in works without JavaScript),
 * parsed into an object without prototype, so a field named `__proto__` or `constructor` is just a
 * field. A field sent twice is refused rather than silently taking one of the values, and the text
 * must be UTF-8, as for JSON. Skipped if another plugin already parses forms.
 */
export function installFormBody (app: FastifyInstance): void {
  if (app.hasContentTypeParser(FORM)) return
  app.addContentTypeParser(FORM, { parseAs: 'buffer' }, (_request, raw, done) => {
    try {
      let text: string
      try {
        text = UTF8.decode(raw as Buffer)
      } catch {
        return fail('BAD_REQUEST', 'the form is not valid UTF-8', { field: 'body' })
      }
      const fields = Object.create(null) as Record<string, string>
      let count = 0
      for (const [name, value] of new URLSearchParams(text)) {
        if (++count > MAX_FIELDS) fail('BAD_REQUEST', `a form has at most ${MAX_FIELDS} fields`, { field: 'body' })
        if (Object.hasOwn(fields, name)) fail('BAD_REQUEST', `form field "${name.slice(0, 40)}" is sent twice`, { field: name.slice(0, 40) })
        fields[name] = value
      }
      done(null, fields)
    } catch (err) {
      done(err as Error, undefined)
    }
  })
}
