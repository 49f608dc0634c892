import { loadConfig } from './config.ts'
import { resolve } from 'node:path'
import { buildApp } from './http/app.ts'
import { HomewardError } from './core/errors.ts'
import { holdServerLock } from './storage/server-lock.ts'
import { EncryptionKeyError } from './storage/keyring.ts'
import { currentModelOf, staleResultSummary } from './runs/stale-results.ts'

// Entry point of `npm start`: config from the environment → app (piscina pool, SQLite file) → listen.
const config = loadConfig(process.env)
// Held while this process has the file open, so `homeward restore` refuses meanwhile; released on any exit
// (after kill -9 the lock names a pid that no longer runs, and is ignored).
try {
  process.on('exit', holdServerLock(resolve(config.dbFile)))
} catch (err) {
  if (!(err instanceof HomewardError)) throw err
  process.stderr.write(`homeward: refusing to start: ${err.message}\n`)
  process.exit(1)
}
const app = await buildApp({ config, runner: 'pool', logger: { level: config.logLevel } }).catch((err: unknown) => {
  // a missing or wrong encryption key is the operator's to fix: said in one line, exit 1, nothing opened
  if (!(err instanceof EncryptionKeyError)) throw err
  process.stderr.write(`homeward: refusing to start: ${err.message}\n`)
  process.exit(1)
})

let closing = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'closing')
    app.close().then(() => process.exit(0), (err: unknown) => {
      app.log.error({ err }, 'error while closing')
      process.exit(1)
    })
  })
}

await app.listen({ port: config.port, host: config.host })

// The screen in front of the engine loads every profile and case table once; done now, not on the first upload.
const warmStart = Date.now()
const warmed = await app.services.match.screen.warm()
app.log.info({ ...warmed, ms: Date.now() - warmStart }, 'candidate screen ready')

// Results of another θ, mutation model or table version are served marked stale: offer the rerun that replaces them.
const stale = staleResultSummary(app.db, currentModelOf(app.services.match.modelFor))
if (stale.offer !== null) {
  app.log.warn({ staleResults: stale.stale }, `${stale.stale} stored results were computed under another model or frequency table version than the current one; they are served marked stale until a rerun replaces them: ${stale.offer.route} or ${stale.offer.command} (GET /reruns/stale lists them)`)
}

// A rerun interrupted by a crash stays 'running'; say so, rather than restart work nobody asked for now.
for (const r of app.services.reruns.list()) {
  if (r.status === 'running' || r.status === 'pending') {
    app.log.warn({ rerunId: r.id, done: r.done, total: r.total }, `rerun ${r.id} is unfinished: POST /reruns/${r.id}/resume or npx homeward rerun --resume ${r.id}`)
  }
}
