import type { FastifyServerOptions } from 'fastify'

/**
 * Logging that cannot leak what Homeward guards: genotypes, tokens, personal data.
 * - Requests are logged as method + route pattern (`/persons/:id/candidates`), never the raw URL
 *   or query string, so sample ids and query parameters stay out of the log; the request id links a
 *   log line to its audit record, which holds the identifiers under the auditor's control.
 * - Headers and bodies are never serialised; known sensitive keys are censored wherever they appear.
 * - Any string that looks like a Homeward token is masked in every log call, whatever the path.
 */

// API tokens (hw_) and session secrets (hws_).
const TOKEN_ANYWHERE = /hws?_[A-Za-z0-9_-]{20,}/g
const CENSOR = '[REDACTED]'

/** Keys censored at the top level and one level down (pino redact paths). */
const SENSITIVE_KEYS = ['authorization', 'cookie', 'token', 'secret', 'body', 'payload', 'profile', 'genotypes',
  'alleles', 'loci', 'persons', 'foundPlace', 'found_place', 'note', 'headers',
  'password', 'currentPassword', 'newPassword', 'csrfToken', '_csrf', 'totpSecret']

export const REDACT_PATHS = [
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((k) => `*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie'
]

/** Masks token-shaped substrings, recursively, in strings, arrays and plain objects. */
export function scrubTokens (value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(TOKEN_ANYWHERE, 'hw_' + CENSOR)
  if (depth > 6 || value === null || typeof value !== 'object') return value
  if (value instanceof Error) return { type: value.name, message: scrubTokens(value.message, depth + 1), stack: scrubTokens(value.stack, depth + 1) }
  if (Array.isArray(value)) return value.map((v) => scrubTokens(v, depth + 1))
  // Only plain objects are copied: a request or reply must reach its serializer intact (getters and all).
  const proto = Object.getPrototypeOf(value) as unknown
  if (proto !== Object.prototype && proto !== null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = scrubTokens(v, depth + 1)
  return out
}

interface LoggedRequest {
  id?: string
  method?: string
  routeOptions?: { url?: string }
}

/** The route of a request that no route matched (a 404): its path would put sample ids in the log. */
export const NO_ROUTE = '(no route)'

/** The request as logged: id, method and route pattern only; "(no route)" when none matched, never the URL. */
export function serializeRequest (req: LoggedRequest): Record<string, unknown> {
  return { id: req.id, method: req.method, route: req.routeOptions?.url ?? NO_ROUTE }
}

/** The response as logged: the status only. */
export function serializeResponse (res: { statusCode?: number }): Record<string, unknown> {
  return { statusCode: res.statusCode }
}

/**
 * Adds redaction to a Fastify logger setting. `false` stays false; `true` or an options object
 * (level, stream, ...) gets the serializers, redact paths and token masking on top.
 */
export function withLogRedaction (logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return false
  const base = logger === true ? {} : logger as Record<string, unknown>
  return {
    ...base,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: {
      req: serializeRequest,
      res: serializeResponse,
      err: (err: Error) => scrubTokens(err)
    },
    hooks: {
      logMethod (args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => scrubTokens(a)))
      }
    }
  } as FastifyServerOptions['logger']
}
