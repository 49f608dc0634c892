import type { FastifyInstance } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import { HomewardError } from '../../core/errors.ts'

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
  await app.register(rateLimit, {
    global: true,
    max: limits.ratePerToken,
    timeWindow: limits.rateWindowMs,
    keyGenerator: (request) => request.principal === undefined ? `ip:${request.ip}` : `token:${request.principal.tokenId}`,
    errorResponseBuilder: (_request, context) => new HomewardError('RATE_LIMITED',
      `too many requests: at most ${context.max} per ${limits.rateWindowMs / 1000} s for one token; retry in ${context.after}`)
  })
}
