import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { openDatabase } from '../../src/storage/database.ts'
import { parseKeys } from '../../src/storage/keyring.ts'
import { createResultRepository } from '../../src/storage/result-repository.ts'

const MIGRATIONS = fileURLToPath(new URL('../../src/storage/migrations', import.meta.url))
// as the repository wrote it before migration 078: the adjustment names vWA 23.1, which no table holds
const PER_LOCUS = '[{"locus":"vWA","log10Lr":1.2,"class":"consistent","adjustments":[{"locus":"vWA","allele":"23.1","frequency":0.001,"rule":"fixed"}]}]'
const ERROR = 'allele 999.9 at FGA (migration 078 marker)'

t.test('results stored plain before migration 078 are sealed at the first open after it, and read back', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-078-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const upTo077 = join(dir, 'migrations')
  mkdirSync(upTo077)
  for (const f of readdirSync(MIGRATIONS)) if (/^0([0-6]\d|7[0-7])-/.test(f)) copyFileSync(join(MIGRATIONS, f), join(upTo077, f))
  const file = join(dir, 'h.sqlite')
  const keyring = parseKeys(randomBytes(32).toString('base64'), 'k')

  // a database of 077, its sealing pass done, with results written plain as the repository then wrote them
  const old = openDatabase(file, { keyring, migrationsDir: upTo077 })
  t.ok(old.prepare('SELECT plain_sealed_at FROM encryption_state WHERE id = 1').pluck().get(), 'control: the 076 pass is marked done')
  const now = '2026-01-01T00:00:00.000Z'
  old.prepare(`INSERT INTO cases (id, missing_person, missing_person_sex, frequency_table_id, input_hash, created_at, updated_at)
    VALUES ('C-1', 'MP', 'male', 'nist1036_asian', 'h', ?, ?)`).run(now, now)
  const person = old.prepare('INSERT INTO unidentified_persons (id, sex, profile_json, input_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
  for (const id of ['U-1', 'U-2']) person.run(id, 'male', '{}', 'h', now, now)
  const result = old.prepare(`INSERT INTO match_results (case_id, person_id, status, log10_lr, per_locus_json, error, model_version, frequency_table_id,
    frequency_table_version, input_hash, computed_at) VALUES ('C-1', ?, ?, ?, ?, ?, 'm', 'nist1036_asian', '1', 'h', ?)`)
  result.run('U-1', 'scored', 4.5, PER_LOCUS, null, now)
  result.run('U-2', 'error', null, '[]', ERROR, now)
  old.close()
  const holdsPlain = (): string[] => {
    const bytes = Buffer.concat([readFileSync(file), (() => { try { return readFileSync(`${file}-wal`) } catch { return Buffer.alloc(0) } })()])
    return ['"allele":"23.1"', ERROR].filter((s) => bytes.includes(Buffer.from(s)))
  }
  t.same(holdsPlain(), ['"allele":"23.1"', ERROR], 'control: the old file holds them plain')

  const db = openDatabase(file, { keyring })
  t.teardown(() => db.close())
  t.equal(db.prepare("SELECT count(*) FROM match_results WHERE typeof(per_locus_json) <> 'blob' OR (error IS NOT NULL AND typeof(error) <> 'blob')").pluck().get(), 0, 'every per-locus list and error sealed')
  t.same(holdsPlain(), [], 'no plain value left in the file or its WAL (the pass vacuums and checkpoints)')
  const results = createResultRepository(db)
  t.same(results.get('C-1', 'U-1')?.perLocus, JSON.parse(PER_LOCUS), 'the per-locus LRs read back as they were')
  t.equal(results.get('C-1', 'U-2')?.error, ERROR, 'and the error')
  // a value moved to another pair's row fails its tag instead of being read as that pair's
  db.prepare("UPDATE match_results SET per_locus_json = (SELECT per_locus_json FROM match_results WHERE person_id = 'U-1') WHERE person_id = 'U-2'").run()
  t.throws(() => results.get('C-1', 'U-2'), /match_results\.per_locus_json of row .*U-2.* fails its authentication tag/)
})
