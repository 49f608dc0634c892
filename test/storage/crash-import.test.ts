import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { seededRng } from '../helpers/fuzz-inputs.ts'

/**
 * kill -9 during imports: a child process commits lab files (300 samples each, one transaction per
 * file, through the real preview + commit path) in a loop and says which files it committed; the
 * parent kills it with SIGKILL at a random moment, three times over the same database. After each
 * kill: the file passes SQLite's integrity check, every file the child reported committed is there
 * in full, and every other file is either entirely present or entirely absent (never half).
 */

const SAMPLES = 300
const src = (p: string): string => JSON.stringify(new URL(`../../src/${p}`, import.meta.url).href)

const CHILD = `
const { previewImport } = await import(${src('ingest/import-preview.ts')})
const { commitImport } = await import(${src('ingest/import-commit.ts')})
const { openDatabase } = await import(${src('storage/database.ts')})
const [file, firstArg] = process.argv.slice(-2)
const loci = ['D3S1358', 'vWA', 'D16S539', 'D2S1338', 'D8S1179', 'D21S11', 'D18S51', 'D19S433', 'TH01', 'FGA', 'D13S317', 'D7S820', 'D5S818', 'CSF1PO', 'TPOX']
const db = openDatabase(file)
for (let k = Number(firstArg); ; k++) {
  const rows = ['Sample Name\\t' + loci.join('\\t') + '\\tAMEL']
  for (let j = 0; j < ${SAMPLES}; j++) rows.push('F' + k + '-S' + j + '\\t' + loci.map((_, i) => (10 + (i + j + k) % 5) + ', ' + (12 + (i * j + k) % 6)).join('\\t') + '\\tX, Y')
  const { preview, parsed } = previewImport(Buffer.from(rows.join('\\n')), { fileName: 'f' + k + '.txt', defaultSide: 'unidentified' })
  const out = commitImport(db, preview, parsed.frequencyTables, 'all-or-nothing')
  if (!out.committed) throw new Error('refused: ' + out.reason)
  process.stdout.write('committed ' + k + '\\n')
}
`

interface Round { reported: number[], next: number }

async function runAndKill (file: string, first: number, killAfterMs: number): Promise<Round> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, file, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] })
  const reported: number[] = []
  let buf = ''
  let stderr = ''
  child.stderr.on('data', (d) => { stderr += String(d) })
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      buf += String(d)
      for (const m of buf.matchAll(/committed (\d+)\n/g)) if (!reported.includes(Number(m[1]))) reported.push(Number(m[1]))
      if (reported.length === 1) setTimeout(() => { child.kill('SIGKILL') }, killAfterMs)
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve()
      else reject(new Error(`child exited ${String(code)} before the kill: ${stderr.slice(0, 500)}`))
    })
  })
  return { reported, next: Math.max(first, ...reported) + 2 }
}

t.test('kill -9 mid-import loses nothing committed and leaves nothing half-written', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-crash-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'h.sqlite')
  const rng = seededRng(99)
  const allReported: number[] = []
  let first = 0
  for (let round = 0; round < 3; round++) {
    const { reported, next } = await runAndKill(file, first, 50 + rng.int(400))
    allReported.push(...reported)
    first = next

    const db = new BetterSqlite3(file)
    t.equal(db.pragma('integrity_check', { simple: true }), 'ok', `round ${round}: integrity`)
    const counts = new Map<number, number>()
    for (const r of db.prepare('SELECT id FROM unidentified_persons').all() as Array<{ id: string }>) {
      const k = Number(/^F(\d+)-S\d+$/.exec(r.id)?.[1])
      counts.set(k, (counts.get(k) ?? 0) + 1)
    }
    const imports = new Set((db.prepare('SELECT file_name FROM imports').all() as Array<{ file_name: string }>).map((r) => Number(/\d+/.exec(r.file_name)?.[0])))
    db.close()
    for (const k of allReported) t.equal(counts.get(k), SAMPLES, `round ${round}: reported file ${k} is all there`)
    const partial = [...counts].filter(([, n]) => n !== SAMPLES)
    t.same(partial, [], `round ${round}: no half-written file`)
    t.same([...counts.keys()].sort((a, b) => a - b), [...imports].sort((a, b) => a - b), `round ${round}: samples and import records agree`)
    t.comment(`round ${round}: ${reported.length} files reported, ${counts.size} stored in all; killed at a random moment`)
  }
})
