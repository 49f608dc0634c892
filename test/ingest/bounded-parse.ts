import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const CHILD = fileURLToPath(new URL('./parse-in-child.ts', import.meta.url))

/** What previewing one file did in a child process with a capped heap. */
export interface BoundedParse {
  /** The child's exit status: anything but 0 means it died (a heap cap hit is an abort, not an answer). */
  status: number | null
  ok?: boolean
  code?: string
  message?: string
  samples?: number
  /** Time spent in previewImport, reading the bytes from disk excluded. */
  ms?: number
  heapGrowthMiB?: number
  maxRssMiB?: number
  stderr: string
}

/**
 * Previews FILE in a fresh node with `--max-old-space-size=heapMiB`, so a parser that allocates what
 * a hostile file asks for dies there (and the test sees it) instead of taking the test runner down.
 */
export function parseInChild (file: string, heapMiB = 256, options?: object): BoundedParse {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMiB}`, '--import', 'tsx', CHILD, file, ...(options !== undefined ? [JSON.stringify(options)] : [])], { encoding: 'utf8', timeout: 120_000 })
  const last = r.stdout.trim().split('\n').pop() ?? ''
  let parsed: Partial<BoundedParse> = {}
  try { parsed = JSON.parse(last) as Partial<BoundedParse> } catch { /* the child died before answering */ }
  return { ...parsed, status: r.status, stderr: r.stderr.slice(-2000) }
}
