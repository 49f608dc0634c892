// Child side of bounded-parse.ts: parses one file and prints what happened as one JSON line.
// Run as `node --max-old-space-size=N --import tsx parse-in-child.ts FILE [OPTIONS_JSON]`.
import { readFileSync } from 'node:fs'
import { HomewardError } from '../../src/core/errors.ts'
import { previewImport } from '../../src/ingest/import-preview.ts'

const [file, options] = process.argv.slice(2)
const bytes = readFileSync(file)
const before = process.memoryUsage().heapUsed
const t0 = performance.now()
let outcome: { ok: true, samples: number } | { ok: false, code: string, message: string }
try {
  const { preview } = previewImport(bytes, { fileName: file.replace(/^.*\//, ''), ...(options !== undefined ? JSON.parse(options) : {}) })
  outcome = { ok: true, samples: preview.samples.length }
} catch (err) {
  outcome = err instanceof HomewardError ? { ok: false, code: err.code, message: err.message } : { ok: false, code: 'CRASH', message: String(err) }
}
const ms = performance.now() - t0
const heapGrowthMiB = (process.memoryUsage().heapUsed - before) / 2 ** 20
process.stdout.write(JSON.stringify({ ...outcome, ms, heapGrowthMiB, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n')
