import { parseArgs } from 'node:util'
import { loadConfig } from '../../config.ts'
import { HomewardError } from '../../core/errors.ts'
import { createAuditRepository } from '../../storage/audit-repository.ts'
import { openDatabase } from '../../storage/database.ts'
import { installBundledTables } from '../../storage/bundled-frequency-tables.ts'
import { createFrequencyTableRepository } from '../../storage/frequency-table-repository.ts'
import { createInProcessRunner } from '../../runs/in-process-runner.ts'
import { createMatchService } from '../../runs/match-service.ts'
import { createPoolRunner } from '../../runs/pool-runner.ts'
import { progressLine } from '../../runs/progress-bar.ts'
import { createRerunService, type RerunProgress } from '../../runs/rerun-service.ts'
import { attachIdentification } from '../../runs/identification-wiring.ts'
import { recordCli } from '../operator.ts'

const USAGE = `usage: homeward rerun [--all] [--reason TEXT] [--resume ID] [--cancel ID] [--list] [--db FILE]
  [--workers N] [--in-process] [--batch N] [--throttle-ms MS] [--json]
  Recomputes the pairs whose inputs changed (new references, a new frequency table version, a changed
  mutation model or θ; --all: every pair) with a progress bar on stderr. Ctrl-C stops after the current
  batch; --resume ID finishes an interrupted (or killed) rerun with no pair lost or counted twice.
  --throttle-ms pauses between batches, to leave the CPU to a running server.
`

/** `homeward rerun`: plan and run (or resume, or cancel) a batch rerun on the database of HOMEWARD_DB or --db. */
export async function run (args: string[]): Promise<number> {
  let values
  try {
    values = parseArgs({
      args,
      options: {
        all: { type: 'boolean' },
        reason: { type: 'string' },
        resume: { type: 'string' },
        cancel: { type: 'string' },
        list: { type: 'boolean' },
        db: { type: 'string' },
        workers: { type: 'string' },
        'in-process': { type: 'boolean' },
        batch: { type: 'string' },
        'throttle-ms': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' }
      }
    }).values
  } catch (err) {
    process.stderr.write(`homeward rerun: ${(err as Error).message}\n${USAGE}`)
    return 2
  }
  if (values.help === true) {
    process.stdout.write(USAGE)
    return 0
  }
  const env = { ...process.env, ...(values.db === undefined ? {} : { HOMEWARD_DB: values.db }), ...(values.workers === undefined ? {} : { HOMEWARD_WORKERS: values.workers }) }
  const config = loadConfig(env)
  const batchSize = values.batch === undefined ? 256 : Number(values.batch)
  const throttleMs = values['throttle-ms'] === undefined ? 0 : Number(values['throttle-ms'])
  if (!(Number.isInteger(batchSize) && batchSize > 0) || !(throttleMs >= 0)) {
    process.stderr.write(`homeward rerun: --batch must be a positive integer and --throttle-ms a non-negative number\n${USAGE}`)
    return 2
  }

  const db = openDatabase(config.dbFile)
  const runner = values['in-process'] === true ? createInProcessRunner() : createPoolRunner({ workers: config.workers })
  try {
    installBundledTables(createFrequencyTableRepository(db), config.defaultFrequencyTable)
    const match = createMatchService({ db, runner, settings: config, batchSize })
    const reruns = createRerunService({ db, match })
    // once done, the components it changed are identified again, as the server does (src/runs/identification-wiring.ts)
    attachIdentification({ db, match, reruns, settings: config })
    const audit = createAuditRepository(db)
    if (values.list === true) {
      for (const r of reruns.list()) process.stdout.write(`${r.id}\t${r.status}\t${r.done}/${r.total}\t${r.createdAt}\t${r.reason}\n`)
      return 0
    }
    if (values.cancel !== undefined) {
      const r = db.transaction(() => {
        const cancelled = reruns.cancel(Number(values.cancel))
        recordCli(audit, 'rerun.cancel', { rerunId: cancelled.id }, { inTransaction: true })
        return cancelled
      }).immediate()
      process.stdout.write(`rerun ${r.id} cancelled at ${r.done}/${r.total}\n`)
      return 0
    }
    const planned = values.resume !== undefined
      ? reruns.get(Number(values.resume))
      : await reruns.plan({
        scope: values.all === true ? 'all' : 'changed',
        reason: values.reason ?? 'homeward rerun',
        record: ({ id, total }) => { recordCli(audit, 'rerun.create', { rerunId: id, total, scope: values.all === true ? 'all' : 'changed', reason: values.reason ?? 'homeward rerun' }, { inTransaction: true }) }
      })
    if (values.resume !== undefined) recordCli(audit, 'rerun.resume', { rerunId: planned.id, done: planned.done, total: planned.total })
    process.stderr.write(`rerun ${planned.id}: ${planned.total - planned.done} of ${planned.total} pairs to compute\n`)

    let stop = false
    const onSignal = (): void => {
      stop = true
      process.stderr.write('\nstopping after the current batch; resume with: homeward rerun --resume ' + String(planned.id) + '\n')
    }
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    const tty = process.stderr.isTTY === true
    const show = (p: RerunProgress): void => { process.stderr.write(tty ? `\r${progressLine(p)}` : `${progressLine(p)}\n`) }
    const final = await reruns.run(planned.id, {
      batchSize,
      shouldStop: () => stop,
      pauseMs: throttleMs,
      onProgress: (p) => { show(p) }
    })
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    if (tty) process.stderr.write('\n')
    if (values.json === true) process.stdout.write(JSON.stringify(final) + '\n')
    else process.stdout.write(`rerun ${final.id} ${final.status}: ${final.done}/${final.total} pairs\n`)
    if (final.status === 'running') process.stderr.write(`interrupted at ${final.done}/${final.total}; resume with: homeward rerun --resume ${final.id}\n`)
    // 0: finished or cancelled; 3: stopped on a signal, resumable.
    return final.status === 'done' || final.status === 'cancelled' ? 0 : 3
  } catch (err) {
    if (err instanceof HomewardError) {
      process.stderr.write(`homeward rerun: ${err.message}\n`)
      return 1
    }
    throw err
  } finally {
    await runner.close()
    db.close()
  }
}
