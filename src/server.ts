import { loadConfig } from './config.ts'
import { buildApp } from './http/app.ts'

// Entry point of `npm start`: config from the environment → app (piscina pool, SQLite file) → listen.
const config = loadConfig(process.env)
const app = await buildApp({ config, runner: 'pool', logger: { level: config.logLevel } })

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
