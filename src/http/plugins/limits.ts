import type { FastifyInstance } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import { fail, HomewardError } from '../../core/errors.ts'
import { assertUniqueKeys } from '../json-duplicate-keys.ts'

export interface LimitsOptions {
  /** Requests per token per window (default 600 per minute: 10/s sustained, far above a person's use). */
  ratePerToken: number
  /** The rate window, milliseconds. */
  rateWindowMs: number
  /** Body limit of routes that do not set their own, bytes (default 1 MiB: a 50-person case is ~50 kB). */
  jsonBodyLimit: number
}

export const DEFAULT_LIMITS: LimitsOptions = { ratePerToken: 600, rateWindowMs: 60_000, jsonBodyLimit: 1024 * 1024 }

/**
 * Body size limits and per-token rate limits. Install after auth: the rate limiter keys on the
 * authenticated token (request.principal), and on the address only for open routes.
 * Routes that take files (imports) set their own bodyLimit / multipart limits and keep them.
 */
export async function installLimits (app: FastifyInstance, limits: LimitsOptions): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (route.bodyLimit === undefined) route.bodyLimit = limits.jsonBodyLimit
  })
  installStrictJson(app)
  await app.register(rateLimit, {
    global: true,
    max: limits.ratePerToken,
    timeWindow: limits.rateWindowMs,
    // A person's session is keyed like a token: one budget per credential, not per address (a lab's NAT).
    keyGenerator: (request) => request.principal === undefined
      ? `ip:${request.ip}`
      : request.principal.tokenId !== undefined ? `token:${request.principal.tokenId}` : `session:${request.principal.session?.id ?? ''}`,
    errorResponseBuilder: (_request, context) => new HomewardError('RATE_LIMITED',
      `too many requests: at most ${context.max} per ${limits.rateWindowMs / 1000} s for one token; retry in ${context.after}`)
  })
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/**
 * JSON bodies must be UTF-8 (RFC 8259 §8.1). Fastify's own parser decodes whatever arrives as UTF-8
 * and turns invalid bytes into U+FFFD, so a Latin-1 "José" would be stored as "Jos\uFFFD" under a
 * sample id nobody can type again. Here a declared charset other than UTF-8 is a 415 and invalid
 * UTF-8 a 400, both named; the text then goes to Fastify's parser, which keeps its protection
 * against __proto__ and constructor poisoning, and a key given twice in one object is a 400 naming
 * the key and its path (JSON.parse would silently keep the last value).
 */
function installStrictJson (app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]
      if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
        fail('UNSUPPORTED_MEDIA_TYPE', `JSON bodies must be UTF-8, not ${charset.slice(0, 40)}`, { field: 'content-type', value: charset.slice(0, 40) })
      }
      let text: string
      try {
        text = UTF8.decode(body as Buffer)
      } catch {
        return fail('BAD_REQUEST', 'the body is not valid UTF-8 (JSON must be UTF-8; was the file saved in another encoding?)', { field: 'body' })
      }
      parseJson(request, text, (err, value) => {
        if (err !== null) return done(err, undefined)
        try {
          assertUniqueKeys(text)
        } catch (dup) {
          return done(dup as Error, undefined)
        }
        done(null, value)
      })
    } catch (err) {
      done(err as Error, undefined)
    }
  })
}
