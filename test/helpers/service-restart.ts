// A service that is stopped and started again on the same SQLite file, as `npm start` after a restart:
// the app is built on the file and the candidate screen warmed up the way src/server.ts does it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../src/config.ts'
import type { Profile, Sex } from '../../src/core/markers/profile.ts'
import { buildApp, type App } from '../../src/http/app.ts'
import { openDatabase, type Database } from '../../src/storage/database.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'

export interface RunningService {
  app: App
  db: Database
  /** Stops the app and closes the database; the file stays. */
  stop: () => Promise<void>
}

export interface ServiceFile {
  dbFile: string
  /** Builds the app on the file and warms the screen (what a restart does before its first request); `env` changes the config of this start. */
  start: (env?: Record<string, string>) => Promise<RunningService>
  /** Bearer headers of the lab and caseworker accounts made on the first start. */
  headers: (role: 'lab' | 'caseworker' | 'admin') => Record<string, string>
  remove: () => void
}

/** A fresh database file in a temp dir, with one token per role made on the first start. */
export function serviceFile (): ServiceFile {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-restart-'))
  const dbFile = join(dir, 'homeward.sqlite')
  const base = { HOMEWARD_DB: dbFile, LOG_LEVEL: 'silent', HOMEWARD_WORKERS: '2' }
  const secrets = new Map<string, string>()
  return {
    dbFile,
    async start (env = {}) {
      const db = openDatabase(dbFile)
      const app = await buildApp({ config: loadConfig({ ...base, ...env }), db, runner: 'in-process' })
      await app.ready()
      if (secrets.size === 0) {
        const tokens = createTokenRepository(db)
        for (const role of ['lab', 'caseworker', 'admin'] as const) {
          tokens.createUser({ name: `restart-${role}`, role })
          secrets.set(role, tokens.issueToken({ userName: `restart-${role}`, createdBy: 'test' }).secret)
        }
      }
      await app.services.match.screen.warm()
      return { app, db, stop: async () => { await app.close(); db.close() } }
    },
    headers: (role) => ({ authorization: `Bearer ${secrets.get(role) ?? ''}` }),
    remove: () => { rmSync(dir, { recursive: true, force: true }) }
  }
}

/** A GeneMapper-style long export (SampleName,Marker,Allele1,Allele2, CRLF), amelogenin from the sex. */
export function longExport (samples: ReadonlyArray<{ id: string, sex: Sex, profile: Profile }>): string {
  const lines = ['SampleName,Marker,Allele1,Allele2']
  for (const s of samples) {
    lines.push(`${s.id},AMEL,X,${s.sex === 'male' ? 'Y' : 'X'}`)
    for (const [locus, [a, b]] of Object.entries(s.profile)) lines.push(`${s.id},${locus},${a},${b}`)
  }
  return lines.join('\r\n') + '\r\n'
}

/** POST /imports of one file, committed (accepted-only), every sample on the unidentified side. */
export async function importExport (app: App, headers: Record<string, string>, name: string, content: string) {
  const boundary = '----homeward-restart-boundary'
  const options = { dryRun: false, mode: 'accepted-only', defaultSide: 'unidentified' }
  const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="options"\r\n\r\n${JSON.stringify(options)}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`)
  return await app.inject({ method: 'POST', url: '/imports', payload, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } })
}

/** The ranked candidates of a case or person, best first (rank, the other side's id, log10 LR). */
export async function candidatesOf (app: App, headers: Record<string, string>, side: 'cases' | 'persons', id: string): Promise<Array<{ rank: number, caseId: string, personId: string, log10Lr: number | null }>> {
  const r = await app.inject({ method: 'GET', url: `/${side}/${encodeURIComponent(id)}/candidates`, headers })
  if (r.statusCode !== 200) throw new Error(`GET /${side}/${id}/candidates: ${r.statusCode} ${r.body}`)
  return (r.json() as { candidates: Array<{ rank: number, caseId: string, personId: string, log10Lr: number | null }> }).candidates
}
