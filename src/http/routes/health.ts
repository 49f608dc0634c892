import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', {
    schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok'), runner: z.string() }) } },
    config: { roles: [], audit: undefined }
  }, async () => ({ status: 'ok' as const, runner: app.runner.kind }))
}
