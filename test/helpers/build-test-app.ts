import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig, type Config } from '../../src/config.ts'
import { buildApp, type App } from '../../src/http/app.ts'
import { openDatabase, type Database } from '../../src/storage/database.ts'
import type { MatchRunner } from '../../src/runs/match-runner.ts'
import type { TrustOptions } from '../../src/http/plugins/trust.ts'
import type { FastifyServerOptions } from 'fastify'
import { createTokenRepository } from '../../src/storage/token-repository.ts'

export type Role = 'lab' | 'caseworker' | 'admin' | 'auditor'

export interface TestApp {
  app: App
  db: Database
  dbFile: string
  config: Config
  /** Headers that authenticate as the test account of the role (accounts test-lab, test-caseworker, ...). */
  authHeaders: (role: Role) => Record<string, string>
  close: () => Promise<void>
}

export interface TestAppOptions {
  env?: Record<string, string>
  runner?: MatchRunner | 'pool' | 'in-process'
  /** Auth is on unless a test turns it off; limits can be lowered to test them. */
  trust?: TrustOptions
  /** A logger (e.g. { level: 'info', stream }) for tests that read the log. */
  logger?: FastifyServerOptions['logger']
}

/**
 * The only way tests build the app: a fresh SQLite file in a temp dir, the in-process runner unless
 * asked otherwise, and `authHeaders(role)` so auth can be switched on here in one place.
 * Pass the tap test to have everything closed and removed at teardown.
 */
export async function buildTestApp (t?: { teardown: (fn: () => unknown) => void }, options: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-test-'))
  const dbFile = join(dir, 'homeward.sqlite')
  // Hand-written test profiles have a few loci; the locus minimums are tested where they are set (test/runs/intake-refusals.test.ts).
  const config = loadConfig({ HOMEWARD_DB: dbFile, LOG_LEVEL: 'silent', HOMEWARD_WORKERS: '2', HOMEWARD_MIN_LOCI: '1', HOMEWARD_MIN_REFERENCE_LOCI: '1', HOMEWARD_POWER_ON_ENTRY: 'on-request', HOMEWARD_POWER_SIMULATIONS: '2', ...options.env })
  const db = openDatabase(dbFile)
  const app = await buildApp({ config, db, runner: options.runner ?? 'in-process', trust: options.trust, logger: options.logger })
  await app.ready()
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await app.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
  t?.teardown(close)
  // One account and one token per role, made the way an admin would (hashed in the database).
  const tokens = createTokenRepository(db)
  const secrets = new Map<Role, string>()
  for (const role of ['lab', 'caseworker', 'admin', 'auditor'] as const) {
    tokens.createUser({ name: `test-${role}`, role })
    secrets.set(role, tokens.issueToken({ userName: `test-${role}`, createdBy: 'test' }).secret)
  }
  const authHeaders = (role: Role): Record<string, string> => ({ authorization: `Bearer ${secrets.get(role) ?? ''}` })
  return { app, db, dbFile, config, authHeaders, close }
}
