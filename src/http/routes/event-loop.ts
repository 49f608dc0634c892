import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponses } from '../schemas/error.ts'

const EventLoopDelaySchema = z.object({
  /** Since the service started or the last `?reset=true` (ms). */
  sinceMs: z.number(),
  meanMs: z.number(),
  p50Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number()
})

/**
 * GET /admin/event-loop (admin): how long the event loop was held, from perf_hooks' histogram sampled
 * every 10 ms, since start or the last reset. The operator's measure of "nothing stalls the service"
 * (imports, reruns), and what bench/load.ts reads from the real server process.
 */
export const eventLoopRoutes: FastifyPluginAsyncZod = async (app) => {
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  let since = performance.now()
  app.addHook('onClose', async () => { histogram.disable() })
  app.get('/admin/event-loop', {
    schema: { tags: ['admin'], querystring: z.object({ reset: z.enum(['true', 'false']).default('false') }), response: { 200: EventLoopDelaySchema, ...errorResponses } },
    config: { roles: ['admin'] }
  }, async (request) => {
    const ms = (ns: number): number => Math.round(ns / 1e4) / 100
    const answer = { sinceMs: Math.round(performance.now() - since), meanMs: ms(histogram.mean), p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) }
    if (request.query.reset === 'true') { histogram.reset(); since = performance.now() }
    return answer
  })
}
