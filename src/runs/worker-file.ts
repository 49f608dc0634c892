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

/** No extra Node options: the entry registers the loader itself. */
export const WORKER_EXEC_ARGV: readonly string[] = []
