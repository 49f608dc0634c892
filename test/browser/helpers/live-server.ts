// The real service for the browser: buildApp and listen on 127.0.0.1, port 0, on a temp SQLite file, as
// src/server.ts does (with the in-process runner), plus password accounts made as an admin would.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../../src/config.ts'
import { buildApp, type App } from '../../../src/http/app.ts'
import type { Role } from '../../../src/core/trust/token.ts'
import { createTokenRepository } from '../../../src/storage/token-repository.ts'
import { addPerson } from '../../helpers/sign-in.ts'

export interface LiveServer {
  app: App
  /** http://127.0.0.1:PORT */
  origin: string
  dbFile: string
  /** A password account (not temporary), as `homeward user create` makes it. */
  addAccount: (name: string, role: Role, password: string) => Promise<void>
  /** An API token of a fresh account, for seeding data through the API as a lab system would. */
  bearer: (role: Role, name: string) => Record<string, string>
  close: () => Promise<void>
}

export async function startLiveServer (t: { teardown: (fn: () => unknown) => void }, env: Record<string, string> = {}): Promise<LiveServer> {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-browser-'))
  const dbFile = join(dir, 'homeward.sqlite')
  const config = loadConfig({ HOMEWARD_DB: dbFile, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', HOMEWARD_WORKERS: '1', ...env })
  const app = await buildApp({ config, runner: 'in-process' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  await app.services.match.screen.warm()
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  }
  t.teardown(close)
  return {
    app,
    origin: `http://127.0.0.1:${address.port}`,
    dbFile,
    addAccount: async (name, role, password) => { await addPerson(app.db, name, role, password) },
    bearer: (role, name) => {
      const tokens = createTokenRepository(app.db)
      tokens.createUser({ name, role })
      return { authorization: `Bearer ${tokens.issueToken({ userName: name, createdBy: 'browser-test' }).secret}` }
    },
    close
  }
}
