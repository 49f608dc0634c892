import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Config } from '../config.ts'
import { openDatabase, type Database } from '../storage/database.ts'
import type { MatchRunner } from '../runs/match-runner.ts'
import { createScanPool } from '../runs/scan-pool.ts'
import { installErrorHandling } from './plugins/error-handler.ts'
import { installNoStore } from './plugins/no-store.ts'
import { installCanonicalParams } from './plugins/canonical-params.ts'
import { healthRoutes } from './routes/health.ts'
import { caseRoutes } from './routes/cases.ts'
import { personRoutes } from './routes/persons.ts'
import { reviewRoutes } from './routes/reviews.ts'
import { reportRoutes } from './routes/reports.ts'
import { frequencyTableRoutes } from './routes/frequency-tables.ts'
import { rerunRoutes } from './routes/reruns.ts'
import { createServices } from './services.ts'
import { importRoutes } from './routes/imports.ts'
import { eventLoopRoutes } from './routes/event-loop.ts'
import { alertRoutes } from './routes/alerts.ts'
import { unitRoutes } from './routes/units.ts'
import { pedigreePreviewRoutes } from './routes/pedigree-preview.ts'
import { familyPowerRoutes } from './routes/family-power.ts'
import { identificationRoutes } from './routes/identification.ts'
import { webPlugin } from '../web/pages-plugin.ts'
import { ASSETS, PAGE_GROUPS } from '../web/pages/index.ts'
import { installTrust, type TrustOptions } from './plugins/trust.ts'
import { withLogRedaction } from './log-redaction.ts'

export interface BuildAppOptions {
  config: Config
  /** An open database; when absent, config.dbFile is opened here and closed with the app. */
  db?: Database
  /** 'pool' (piscina, production), 'in-process' (default), or a runner of the caller's (closed by the caller). */
  runner?: MatchRunner | 'pool' | 'in-process'
  logger?: FastifyServerOptions['logger']
  /** Auth (default on), audit, body and rate limits: src/http/plugins/trust.ts. */
  trust?: TrustOptions
}

export type App = FastifyInstance

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
    config: Config
    runner: MatchRunner
    /** Runs a planned rerun in the background (no-op if it is already running here). */
    startRerun: (id: number) => void
  }
  interface FastifyContextConfig {
    /** The roles allowed on the route (enforced by the trust plugin). Empty: open (health, docs). */
    roles?: ReadonlyArray<'lab' | 'caseworker' | 'admin' | 'auditor'>
    /** The audit action recorded for the route, e.g. 'case.create'. */
    audit?: string
  }
}

/**
 * Builds the Fastify app: database, match runner, OpenAPI at /docs, one error handler, the routes.
 * Listening is src/server.ts's job; tests use app.inject through test/helpers/build-test-app.ts.
 */
export async function buildApp (opts: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger: withLogRedaction(opts.logger ?? false),
    bodyLimit: 5 * 1024 * 1024
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  const ownsDb = opts.db === undefined
  const db = opts.db ?? openDatabase(opts.config.dbFile)
  const runner = await resolveRunner(opts.runner ?? 'in-process', opts.config)
  const ownsRunner = typeof opts.runner !== 'object'
  app.decorate('db', db)
  app.decorate('config', opts.config)
  app.decorate('runner', runner)
  // With the production pool, national-size screens and table builds are sharded over a scan pool too.
  const scanPool = opts.runner === 'pool' ? createScanPool({ workers: opts.config.workers }) : undefined
  const services = createServices(db, runner, opts.config, scanPool)
  app.decorate('services', services)
  // Reruns started over the API run in the background; on close they stop after their current batch,
  // left 'running' so that a resume (API or CLI) finishes them.
  const reruns = new Map<number, Promise<unknown>>()
  let closing = false
  app.decorate('startRerun', (id: number): void => {
    if (reruns.has(id) || closing) return
    const run = services.reruns.run(id, { shouldStop: () => closing })
      .catch((err: unknown) => { app.log.error({ err: { message: err instanceof Error ? err.message : String(err) }, rerunId: id }, 'rerun failed') })
      .finally(() => reruns.delete(id))
    reruns.set(id, run)
  })
  app.addHook('onClose', async () => {
    closing = true
    await Promise.all(reruns.values())
    if (ownsRunner) await runner.close()
    await scanPool?.close()
    if (ownsDb) db.close()
  })

  installErrorHandling(app)
  installNoStore(app)
  installCanonicalParams(app)
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Homeward', description: 'DNA kinship matching for missing and abducted children', version: '0.1.0' }
    },
    transform: jsonSchemaTransform
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' })
  // Before every other route: auth, audit and limits apply to the routes registered after them.
  await installTrust(app, db, opts.trust)
  // An expunged case or person leaves the in-memory screen at once (its rows and screening table are gone).
  app.expungeListeners.push((kind, id) => { services.match.screen.drop(kind, id) })
  // Its components were removed with it (migration 083's triggers): the members left are identified again.
  app.expungeListeners.push(() => { services.identification.refreshPending() })

  await app.register(healthRoutes)
  await app.register(caseRoutes)
  await app.register(personRoutes)
  await app.register(reviewRoutes)
  await app.register(reportRoutes)
  await app.register(frequencyTableRoutes)
  await app.register(rerunRoutes)
  await app.register(importRoutes)
  await app.register(eventLoopRoutes)
  await app.register(alertRoutes)
  await app.register(unitRoutes)
  await app.register(pedigreePreviewRoutes)
  await app.register(familyPowerRoutes)
  await app.register(identificationRoutes)
  // The workspace (server-rendered pages), under the same roles and audit as the API.
  const pageRoutes = new Set<string>()
  app.decorate('pageRoutes', pageRoutes)
  await app.register(webPlugin, { assets: ASSETS, pages: PAGE_GROUPS, registry: pageRoutes })
  return app
}

async function resolveRunner (runner: MatchRunner | 'pool' | 'in-process', config: Config): Promise<MatchRunner> {
  if (typeof runner === 'object') return runner
  if (runner === 'pool') {
    const { createPoolRunner } = await import('../runs/pool-runner.ts')
    return createPoolRunner({ workers: config.workers })
  }
  const { createInProcessRunner } = await import('../runs/in-process-runner.ts')
  return createInProcessRunner()
}
