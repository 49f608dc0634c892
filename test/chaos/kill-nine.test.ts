import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { HomewardError } from '../../src/core/errors.ts'
import { verifyChain } from '../../src/core/trust/audit-chain.ts'
import { recoverInterruptedImports } from '../../src/ingest/import-journal.ts'
import { createAuditRepository } from '../../src/storage/audit-repository.ts'
import { restoreDatabase } from '../../src/storage/backup.ts'
import { openDatabase } from '../../src/storage/database.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'
import { seededRng } from '../helpers/fuzz-inputs.ts'
import { largeGenemapperFile } from '../helpers/large-import-file.ts'
import { runCli } from '../helpers/run-cli.ts'

/**
 * Chaos: `kill -9` at seeded random moments of real operations, each run as the operator runs it, in its
 * own process: `homeward import` of lab files (a fixture, then generated GeneMapper batches), `homeward
 * backup`, the server's start (`npm start`: migrations, the candidate screen's table build over every
 * stored profile) and the server answering an expungement (DELETE /persons/:id). Each operation is first
 * run once to its end, and its duration measured; each kill then lands at a seeded point in [0, 1.1 ×
 * that duration] (an expungement: in the 110 ms after its request was sent). After every kill the next
 * start's view of the file is checked (checkAfterKill), and a killed backup's file restored or refused
 * (checkBackupFile). HOMEWARD_CHAOS_ROUNDS sets the number of kills (default 4, one per operation),
 * HOMEWARD_CHAOS_SEED the seed. Issue 16's run, HOMEWARD_CHAOS_ROUNDS=52 (seed 1616, 2026-12-01, 520 s): 52 kills
 * (14 imports, 12 backups, 13 starts, 13 expungements), 866 checks passed; those kills all landed before an
 * import's commit began. Since, two more operations are killed inside the phase that matters: an import once
 * its commit has begun (its journal row is seen in the database) and a backup once its copy has begun (its
 * file exists), each at a seeded offset within that phase's measured length; the default is one kill per
 * operation (6).
 */

const ROUNDS = Number(process.env.HOMEWARD_CHAOS_ROUNDS ?? 6)
const BATCH_SAMPLES = 600
const BIN = fileURLToPath(new URL('../../src/cli/bin.mjs', import.meta.url))
const SERVER = fileURLToPath(new URL('../../src/server.ts', import.meta.url))
const FIXTURE = fileURLToPath(new URL('../../fixtures/formats/genemapper/provedit/converted/PROVEDIt_RD14-0003 GF Known Genotypes.Sheet1.csv', import.meta.url))
// import-commit and backup-copy are killed inside those phases: armed when the import's journal row
// appears (the commit has begun) or the backup file does (the copy has begun), then at a seeded offset
// within the phase's measured length
type Op = 'import' | 'import-commit' | 'backup' | 'backup-copy' | 'start' | 'expunge'
const OPS: Op[] = ['import', 'import-commit', 'backup', 'backup-copy', 'start', 'expunge']

/** `ms`: from the moment the kill was armed to the exit. */
interface Outcome { killed: boolean, ms: number, code: number | null, output: string }

/**
 * Spawns a child and kills it with SIGKILL `killAfterMs` after it is armed (unless it ended before): at
 * once, or when `arm` (called with its output so far) first returns true. `killAfterMs` undefined: not killed.
 */
async function runAndKill (args: string[], env: Record<string, string>, killAfterMs: number | undefined, arm: (all: string) => boolean = () => true, pollMs?: number): Promise<Outcome> {
  const started = Date.now()
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  let timer: NodeJS.Timeout | undefined
  let armedAt: number | undefined
  const check = (): void => {
    if (armedAt !== undefined || !arm(output)) return
    armedAt = Date.now()
    if (killAfterMs !== undefined) timer = setTimeout(() => { child.kill('SIGKILL') }, killAfterMs)
  }
  const take = (d: Buffer): void => { output += String(d); check() }
  child.stdout.on('data', take)
  child.stderr.on('data', take)
  check()
  // an arm that watches the file system or the database rather than the output is polled
  const poll = pollMs === undefined ? undefined : setInterval(check, pollMs)
  return await new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      clearInterval(poll)
      resolve({ killed: signal === 'SIGKILL', ms: Date.now() - (armedAt ?? started), code, output })
    })
  })
}

interface Counts { imports: number, persons: number, expunged: number }

/**
 * What must hold after any kill, seen as the next start sees the file:
 * - it opens (openDatabase runs the migrations) and an interrupted import is rolled back the way the next
 *   import or server start does it (recoverInterruptedImports); `PRAGMA integrity_check` is ok;
 * - the audit chain verifies;
 * - every committed import is whole: each id its imports row records (stored_json) is stored, unless an
 *   audited expungement removed it; every batch file's samples are all there or none (less the expunged);
 * - nothing half-written: no unidentified person without the import that stored it (every person here
 *   comes from an import), no stored person with an audited expungement, and `PRAGMA foreign_key_check`
 *   empty over every table that declares its references (case_persons, reference_profiles, match_results,
 *   rerun_pairs, search marks, alerts, sessions, tokens, ...).
 */
function checkAfterKill (t: Test, file: string, label: string, batches: Map<string, number>): Counts {
  const start = openDatabase(file)
  recoverInterruptedImports(start)
  start.close()
  const db = new BetterSqlite3(file)
  try {
    t.equal(db.pragma('integrity_check', { simple: true }), 'ok', `${label}: integrity_check ok`)
    t.same(db.pragma('foreign_key_check'), [], `${label}: no row refers to a missing row`)
    const entries = [...createAuditRepository(db).all()]
    const chain = verifyChain(entries)
    t.ok(chain.ok, `${label}: the audit chain verifies (${entries.length} entries)${chain.ok ? '' : `: ${JSON.stringify(chain)}`}`)
    const expunged = new Set(entries.filter((e) => e.action === 'person.expunge' && e.status < 300).map((e) => String(e.target.personId)))
    const stored = new Set((db.prepare('SELECT id FROM unidentified_persons').all() as Array<{ id: string }>).map((r) => r.id))
    const recorded = new Set<string>()
    const imports = db.prepare('SELECT id, file_name, stored_json FROM imports').all() as Array<{ id: number, file_name: string, stored_json: string }>
    const missing: string[] = []
    for (const row of imports) {
      for (const id of (JSON.parse(row.stored_json) as { unidentified: string[] }).unidentified) {
        recorded.add(id)
        if (!stored.has(id) && !expunged.has(id)) missing.push(`${row.file_name}: ${id}`)
      }
    }
    t.same(missing, [], `${label}: every committed import is whole (${imports.length} imports)`)
    t.same([...stored].filter((id) => !recorded.has(id)), [], `${label}: no stored person without its import`)
    t.same([...stored].filter((id) => expunged.has(id)), [], `${label}: no expunged person still stored`)
    for (const [prefix, n] of batches) {
      const ids = [...recorded].filter((id) => id.startsWith(prefix))
      t.ok(ids.length === 0 || ids.length === n, `${label}: batch ${prefix} recorded all or nothing (${ids.length}/${n})`)
    }
    return { imports: imports.length, persons: stored.size, expunged: expunged.size }
  } finally {
    db.close()
  }
}

/** A killed backup's file restores into a database whose chain verifies, or is refused with a catalogued error and no target left. */
async function checkBackupFile (t: Test, backup: string, dir: string, label: string): Promise<string> {
  if (!existsSync(backup)) return 'no file'
  const target = join(dir, `restored-${label.replace(/\W+/g, '-')}.sqlite`)
  try {
    const check = await restoreDatabase(backup, target)
    t.ok(check.audit.ok, `${label}: the restored backup's chain verifies`)
    const db = new BetterSqlite3(target)
    t.equal(db.pragma('integrity_check', { simple: true }), 'ok', `${label}: the restored backup is intact`)
    db.close()
    return 'restored'
  } catch (err) {
    t.ok(err instanceof HomewardError, `${label}: a partial backup is refused with a clear error, not a crash: ${(err as Error).message}`)
    t.notOk(existsSync(target), `${label}: the refused restore left no file`)
    return 'refused'
  } finally {
    rmSync(target, { force: true })
  }
}

t.test(`kill -9 ${ROUNDS} times during imports, backups and a server expunging: nothing committed is lost, nothing half-written stays`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-chaos-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  const file = join(dir, 'h.sqlite')
  const env = { HOMEWARD_DB: file, LOG_LEVEL: 'info' }
  const rng = seededRng(Number(process.env.HOMEWARD_CHAOS_SEED ?? 1616))
  const batches = new Map<string, number>()

  // The first data: a real lab file, imported whole; an admin token for the expungements.
  const first = runCli(['import', FIXTURE, '--db', file, '--default-side', 'unidentified', '--mode', 'all-or-nothing'], env)
  t.equal(first.code, 0, first.stderr)
  const setup = openDatabase(file)
  const tokens = createTokenRepository(setup)
  tokens.createUser({ name: 'chaos-admin', role: 'admin' })
  const secret = tokens.issueToken({ userName: 'chaos-admin', createdBy: 'chaos' }).secret
  setup.close()
  let counts = checkAfterKill(t, file, 'setup', batches)

  const tally: Record<string, number> = {}
  // One operation in its own process; `killAfterMs` undefined: run to its end (calibration), else killed then.
  let round = 0
  async function run (op: Op, killAfterMs: number | undefined): Promise<Outcome> {
    round++
    if (op === 'import' || op === 'import-commit') {
      const prefix = `R${round}X`
      const batch = join(dir, `${prefix}.txt`)
      writeFileSync(batch, largeGenemapperFile(BATCH_SAMPLES * 21, { seed: round, prefix }))
      batches.set(prefix, BATCH_SAMPLES)
      // the commit has begun once its journal row is in the imports table (import-commit-chunked.ts)
      const reader = op === 'import-commit' ? new BetterSqlite3(file, { readonly: true }) : undefined
      const journal = reader?.prepare('SELECT 1 FROM imports WHERE file_name = ?')
      const inCommit = (): boolean => journal?.get(`${prefix}.txt`) !== undefined
      const out = await runAndKill([BIN, 'import', batch, '--db', file, '--default-side', 'unidentified', '--mode', 'all-or-nothing'], env, killAfterMs, reader === undefined ? undefined : inCommit, reader === undefined ? undefined : 2)
      reader?.close()
      rmSync(batch, { force: true })
      return out
    }
    if (op === 'backup' || op === 'backup-copy') {
      const backup = join(dir, `backup-${round}.sqlite`)
      const out = await runAndKill([BIN, 'backup', backup, '--db', file], env, killAfterMs, op === 'backup' ? undefined : () => existsSync(backup), op === 'backup' ? undefined : 1)
      const kind = `backup ${await checkBackupFile(t, backup, dir, `${op} ${round}`)}`
      tally[kind] = (tally[kind] ?? 0) + 1
      rmSync(backup, { force: true })
      return out
    }
    // The server (migrations, table build); once its screen is ready it is asked to expunge a stored person.
    const db = new BetterSqlite3(file, { readonly: true })
    const victim = rng.pick((db.prepare('SELECT id FROM unidentified_persons ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id))
    db.close()
    const port = 20000 + rng.int(20000)
    let sent = false
    let answered = false
    const ready = (all: string): boolean => {
      if (!sent && all.includes('candidate screen ready')) {
        sent = true
        fetch(`http://127.0.0.1:${port}/persons/${encodeURIComponent(victim)}?reason=entered-in-error`, { method: 'DELETE', headers: { authorization: `Bearer ${secret}` } })
          .then(async (r) => { await r.arrayBuffer(); answered = r.status === 200 || r.status === 202 }, () => {})
      }
      return sent
    }
    const serverEnv = { ...env, PORT: String(port), HOMEWARD_WORKERS: '1' }
    const args = ['--import', 'tsx', SERVER]
    // start: killed during start-up (killAfterMs from the spawn); expunge: killed killAfterMs after the DELETE was sent
    if (op === 'start') return await runAndKill(args, serverEnv, killAfterMs ?? 0)
    if (killAfterMs !== undefined) return await runAndKill(args, serverEnv, killAfterMs, ready)
    // calibration: the expungement answered, then the server stopped; `ms` is the time to the ready screen
    const spawned = Date.now()
    let readyMs = 0
    const out = await runAndKill(args, serverEnv, 0, (all) => { ready(all); if (sent && readyMs === 0) readyMs = Date.now() - spawned; return answered })
    t.ok(answered, `calibration: the server expunged ${victim}`)
    return { ...out, killed: false, ms: readyMs }
  }

  // Each operation once to its end: its duration is where the kills land (a seeded point within it).
  const durationMs: Partial<Record<Op, number>> = {}
  for (const op of ['import', 'import-commit', 'backup', 'backup-copy', 'expunge'] as const) {
    const out = await run(op, undefined)
    t.ok(op === 'expunge' || out.code === 0, `calibration ${op}: exit ${String(out.code)} ${out.output.slice(-300)}`)
    durationMs[op] = out.ms
    counts = checkAfterKill(t, file, `calibration ${op}`, batches)
  }
  durationMs.start = durationMs.expunge
  durationMs.expunge = 100
  t.comment(`durations (ms): ${JSON.stringify(durationMs)}`)

  let kills = 0
  for (let i = 0; kills < ROUNDS && i < ROUNDS * 2; i++) {
    const op = OPS[i % OPS.length]
    const killAfter = Math.round(rng.next() * 1.1 * (durationMs[op] ?? 0))
    const label = `kill ${kills + 1} (${op}, at ${killAfter} ms)`
    const outcome = await run(op, killAfter)
    if (outcome.killed) kills++
    else t.ok(outcome.code === 0, `${label}: ended by itself, exit ${String(outcome.code)}: ${outcome.output.slice(-300)}`)
    tally[`${op} ${outcome.killed ? 'killed' : 'finished'}`] = (tally[`${op} ${outcome.killed ? 'killed' : 'finished'}`] ?? 0) + 1
    const before = counts
    counts = checkAfterKill(t, file, label, batches)
    t.ok(counts.imports >= before.imports, `${label}: no committed import lost (${before.imports} → ${counts.imports})`)
  }
  t.equal(kills, ROUNDS, `${ROUNDS} kills`)

  // And the operator's own check, through the CLI, at the end.
  const verify = runCli(['audit', 'verify', '--db', file], env)
  t.equal(verify.code, 0, `homeward audit verify: ${verify.stdout}${verify.stderr}`)
  t.comment(`chaos: ${kills} kills; ${JSON.stringify(tally)}; ${counts.imports} imports, ${counts.persons} persons, ${counts.expunged} expunged`)
})
