import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { verifyChain } from '../../../src/core/trust/audit-chain.ts'
import { recoverInterruptedImports } from '../../../src/ingest/import-journal.ts'
import { createAuditRepository } from '../../../src/storage/audit-repository.ts'
import { openDatabase } from '../../../src/storage/database.ts'
import { seededRng } from '../../helpers/fuzz-inputs.ts'

/**
 * kill -9 during `homeward import`'s commit: a child process commits large lab files through the
 * command's own commit (persons in slices under the import's journal; references, the imports row and
 * the audit entry in the final transaction) in a loop; the parent kills it at a random moment, three
 * times over one database, then opens it as the next start does (recoverInterruptedImports). After
 * each round the profiles of a file and its audit entry are both there or both absent: no stored
 * profile goes unaudited, no entry claims an import that is not stored, and the chain verifies.
 */

const SAMPLES = 1000
const src = (p: string): string => JSON.stringify(new URL(`../../../src/${p}`, import.meta.url).href)

const CHILD = `
const { packPreview, unpackReply } = await import(${src('ingest/preview-transfer.ts')})
const { commitRecorded } = await import(${src('cli/commands/import.ts')})
const { openDatabase } = await import(${src('storage/database.ts')})
const [file, firstArg] = process.argv.slice(-2)
const loci = ['D3S1358', 'vWA', 'D16S539', 'D2S1338', 'D8S1179', 'D21S11', 'D18S51', 'D19S433', 'TH01', 'FGA', 'D13S317', 'D7S820', 'D5S818', 'CSF1PO', 'TPOX']
const db = openDatabase(file)
for (let k = Number(firstArg); ; k++) {
  const rows = ['Sample Name\\t' + loci.join('\\t') + '\\tAMEL']
  for (let j = 0; j < ${SAMPLES}; j++) rows.push('F' + k + '-S' + j + '\\t' + loci.map((_, i) => (10 + (i + j + k) % 5) + ', ' + (12 + (i * j + k) % 6)).join('\\t') + '\\tX, Y')
  const packed = unpackReply(packPreview({ bytes: Buffer.from(rows.join('\\n')), options: { fileName: 'f' + k + '.txt', defaultSide: 'unidentified' } }))
  process.stdout.write('committing ' + k + '\\n')
  const out = await commitRecorded(db, packed, 'all-or-nothing')
  if (!out.committed) throw new Error('refused: ' + out.reason)
  process.stdout.write('committed ' + k + '\\n')
}
`

async function runAndKill (file: string, first: number, killAfterMs: number): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, file, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] })
  const reported: number[] = []
  let buf = ''
  let stderr = ''
  let armed = false
  child.stderr.on('data', (d) => { stderr += String(d) })
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      buf += String(d)
      for (const m of buf.matchAll(/committed (\d+)\n/g)) if (!reported.includes(Number(m[1]))) reported.push(Number(m[1]))
      // armed at the first "committing": the kill lands somewhere in the commits that follow
      if (!armed && buf.includes('committing')) { armed = true; setTimeout(() => { child.kill('SIGKILL') }, killAfterMs) }
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve()
      else reject(new Error(`child exited ${String(code)} before the kill: ${stderr.slice(0, 500)}`))
    })
  })
  return reported
}

t.test('kill -9 during homeward import: the profiles and their audit entry commit together or not at all', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-import-crash-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'h.sqlite')
  const rng = seededRng(1515)
  const reportedAll: number[] = []
  let first = 0
  for (let round = 0; round < 3; round++) {
    const reported = await runAndKill(file, first, 100 + rng.int(1500))
    reportedAll.push(...reported)
    first = Math.max(first, ...reported) + 2

    // the next start: an import the kill interrupted (its journal row still pending) is removed
    const start = openDatabase(file)
    const recovered = recoverInterruptedImports(start)
    start.close()
    const db = new BetterSqlite3(file)
    const perFile = new Map<number, number>()
    for (const r of db.prepare('SELECT id FROM unidentified_persons').all() as Array<{ id: string }>) {
      const k = Number(/^F(\d+)-S\d+$/.exec(r.id)?.[1])
      perFile.set(k, (perFile.get(k) ?? 0) + 1)
    }
    const imports = db.prepare('SELECT id, file_name FROM imports').all() as Array<{ id: number, file_name: string }>
    const entries = [...createAuditRepository(db).all()]
    db.close()

    t.ok(verifyChain(entries).ok, `round ${round}: the chain verifies`)
    const audited = new Map(entries.filter((e) => e.action === 'import.upload' && e.target.committed === 1).map((e) => [e.target.importId, e]))
    t.same([...perFile.values()].filter((n) => n !== SAMPLES), [], `round ${round}: no half-written file`)
    t.equal(audited.size, imports.length, `round ${round}: one audit entry per stored import (${imports.length})`)
    for (const row of imports) {
      const entry = audited.get(row.id)
      const k = Number(/\d+/.exec(row.file_name)?.[0])
      t.ok(entry !== undefined && entry.target.file === row.file_name && entry.target.stored === SAMPLES && perFile.get(k) === SAMPLES,
        `round ${round}: import ${row.id} (${row.file_name}) has its profiles and its entry`)
    }
    t.same([...perFile.keys()].sort((a, b) => a - b), imports.map((r) => Number(/\d+/.exec(r.file_name)?.[0])).sort((a, b) => a - b), `round ${round}: no profiles without their import and entry`)
    for (const k of reportedAll) t.equal(perFile.get(k), SAMPLES, `round ${round}: file ${k}, reported committed, is there`)
    t.comment(`round ${round}: ${reported.length} file(s) committed before the kill, ${imports.length} stored in all, ${recovered.length} interrupted import(s) removed`)
  }
})
