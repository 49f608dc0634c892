import './lib/development-key.ts'
// What does encryption at rest cost a start? `node --import tsx bench/encrypted-start.ts [PERSONS]` (default 10^4).
// The same simulated persons (with a found place) in two databases: sealed as the repositories write them,
// and plain as before migration 076 (read as they are). Times: the candidate screen's start (every open
// person read through the repository, decrypted, fed to the index; no cases), a search of the persons list
// in the found place (decrypts the rows it passes), and the first open of the plain database (the one-time
// sealing pass and VACUUM of an older database). Medians of 5 (the sealing pass: once).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../src/config.ts'
import { simulatePopulation } from '../src/core/simulation/simulate-population.ts'
import { simulatedProfile, simulatedSex } from '../src/core/simulation/simulate-cases.ts'
import { createInProcessRunner } from '../src/runs/in-process-runner.ts'
import { personInputHash } from '../src/runs/input-hash.ts'
import { createMatchService } from '../src/runs/match-service.ts'
import { installBundledTables } from '../src/storage/bundled-frequency-tables.ts'
import { openDatabase, type Database } from '../src/storage/database.ts'
import { createFrequencyTableRepository } from '../src/storage/frequency-table-repository.ts'
import { createPersonListQuery } from '../src/storage/person-list-query.ts'
import { createPersonRepository } from '../src/storage/person-repository.ts'
import { ROOT_UNIT_ID } from '../src/storage/unit-repository.ts'
import { fmtInt, fmtMs, median, printTable, timed } from './lib/measure.ts'
import { benchLoci, BENCH_MUTATION } from './lib/population-model.ts'
import { simPersonId } from './lib/population-db.ts'

const M = Number(process.argv[2] ?? 10_000)
const dir = mkdtempSync(join(tmpdir(), 'homeward-bench-enc-'))
const pop = simulatePopulation({ seed: 16, cases: 0, persons: M, plantedFraction: 0, loci: benchLoci(), coreLoci: 20, mutation: BENCH_MUTATION })
const place = (p: number): string => `Simulated place ${p % 997}, district ${p % 31}`

function fill (file: string, sealed: boolean): Database {
  const db = openDatabase(file)
  installBundledTables(createFrequencyTableRepository(db), 'nist1036_asian')
  const persons = createPersonRepository(db)
  // plain rows as a database before migration 076 holds them (its marker says sealing is done, so they stay plain)
  const plain = db.prepare(`INSERT INTO unidentified_persons (id, sex, found_place, profile_json, status, input_hash, created_at, updated_at)
    VALUES (?, ?, ?, ?, 'open', ?, ?, ?)`)
  const now = new Date().toISOString()
  db.transaction(() => {
    for (let p = 0; p < M; p++) {
      const profile = simulatedProfile(pop, p)
      const sex = simulatedSex(pop, p)
      const inputHash = personInputHash({ sex, profile, amelogenin: undefined })
      if (sealed) persons.put({ id: simPersonId(p), sex, profile, foundPlace: place(p), status: 'open', inputHash }, now)
      else plain.run(simPersonId(p), sex, place(p), JSON.stringify(profile), inputHash, now, now)
    }
  })()
  return db
}

async function startMs (db: Database): Promise<number> {
  const runs: number[] = []
  for (let i = 0; i < 5; i++) {
    const match = createMatchService({ db, runner: createInProcessRunner(), settings: loadConfig({ HOMEWARD_THETA: '0' }) })
    runs.push((await timed(() => match.screen.warm())).ms)
  }
  return median(runs)
}

async function searchMs (db: Database): Promise<number> {
  const list = createPersonListQuery(db)
  const runs: number[] = []
  for (let i = 0; i < 5; i++) {
    runs.push((await timed(() => list.page({ q: 'no such place', viewer: { userId: 0, role: 'caseworker', unitId: ROOT_UNIT_ID }, log10Floor: 3, limit: 50, offset: 0 }))).ms)
  }
  return median(runs)
}

try {
  const sealedDb = fill(join(dir, 'sealed.sqlite'), true)
  const plainFile = join(dir, 'plain.sqlite')
  const plainDb = fill(plainFile, false)
  const rows = [
    [`candidate screen start: ${fmtInt(M)} persons read and indexed`, fmtMs(await startMs(sealedDb)), fmtMs(await startMs(plainDb))],
    [`persons list: search in the found place over ${fmtInt(M)} rows`, fmtMs(await searchMs(sealedDb)), fmtMs(await searchMs(plainDb))]
  ]
  sealedDb.close()
  plainDb.prepare('DELETE FROM encryption_state').run()
  plainDb.close()
  const migrate = await timed(() => openDatabase(plainFile).close())
  rows.push([`first open of an older database: seal ${fmtInt(M)} persons' values, VACUUM`, fmtMs(migrate.ms), ''])
  printTable(`Encryption at rest, ${fmtInt(M)} persons (medians of 5)`, ['step', 'sealed (AES-256-GCM)', 'plain (before 076)'], rows)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
