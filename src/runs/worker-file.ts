import { fileURLToPath } from 'node:url'

/**
 * Where the match worker lives and how to start it: the one place that knows Node 20 cannot start a
 * .ts worker directly. Passing execArgv ['--import', 'tsx'] to piscina's threads is not enough (the
 * thread still refuses the .ts file), so each pool starts a plain-JS entry that registers tsx's loader
 * and then imports the TypeScript worker (workers/*-entry.mjs).
 */
export function workerFile (entry: string): string {
  return fileURLToPath(new URL(`../../workers/${entry}`, import.meta.url))
}

export const MATCH_WORKER_FILE = workerFile('match-worker-entry.mjs')

/** The import pool's entry: parsing and previewing lab exports (src/runs/import-pool.ts). */
export const IMPORT_WORKER_FILE = workerFile('import-worker-entry.mjs')

/**
 * How much lower than the rest the threads of bulk work run (nice(2), per thread on Linux; piscina's
 * niceIncrement): reruns, family power sweeps and import parsing take the CPU only when uploads, screens
 * and the event loop leave it, so a one-profile search never competes with a 10^6-row import or a rerun
 * on a shared 2-core machine. 10 gives bulk work about a tenth of a core that an interactive thread also
 * wants (CFS weights 110 against 1024), and all of an idle one. Not the screening-table builds: every
 * search waits for those (candidate-screen.ts), so lowering them would only slow the searches down.
 */
export const BULK_NICE = 10

/** No extra Node options: the entry registers the loader itself. */
export const WORKER_EXEC_ARGV: readonly string[] = []
