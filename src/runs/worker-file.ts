import { fileURLToPath } from 'node:url'

/**
 * Where the match worker lives and how to start it: the one place that knows Node 20 cannot start a
 * .ts worker without tsx's loader. piscina passes `execArgv` to every worker thread it spawns.
 */
export const MATCH_WORKER_FILE = fileURLToPath(new URL('../../workers/match-worker.ts', import.meta.url))

export const WORKER_EXEC_ARGV: readonly string[] = ['--import', 'tsx']
