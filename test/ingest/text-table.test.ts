import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { HomewardError } from '../../src/core/errors.ts'
import { MAX_COLUMNS, MAX_LINE_CHARS, MAX_SAMPLES, MAX_TABLE_ROWS } from '../../src/ingest/import-limits.ts'
import { parseImportFile } from '../../src/ingest/parse-file.ts'
import { readTable, splitLine } from '../../src/ingest/text-table.ts'
import { parseInChild, type BoundedParse } from './bounded-parse.ts'

function tempDir (t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-table-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Writes the file and previews it in a child with a capped heap (256 MiB: these files once took 1–2 GB). */
function boundedRefusal (t: Test, dir: string, name: string, content: string, message: string | RegExp, ms = 3000, heapMiB = 256): BoundedParse {
  writeFileSync(join(dir, name), content)
  const r = parseInChild(join(dir, name), heapMiB)
  t.equal(r.status, 0, `${name}: the child survived a ${heapMiB} MiB heap ${r.stderr}`)
  t.equal(r.code, 'UNREADABLE_FILE', name)
  if (typeof message === 'string') t.equal(r.message, message, name)
  else t.match(r.message, message, name)
  t.ok((r.ms ?? Infinity) < ms, `${name}: refused in ${r.ms?.toFixed(0)} ms`)
  return r
}

t.test('a 45 MB row, an unterminated quote over 40 MB, a million columns: refused fast in bounded memory', async (t) => {
  const dir = tempDir(t)
  const row = 'Sample Name,TH01\nS1,' + '7'.repeat(45 * 1024 * 1024) + '\n'
  boundedRefusal(t, dir, 'row.csv', row, `line 2: ${45 * 1024 * 1024 + 3} characters long; a line may hold at most ${MAX_LINE_CHARS}`)
  const quote = 'Sample Name,TH01\nS1,"' + '7,'.repeat(20 * 1024 * 1024) + '\n'
  boundedRefusal(t, dir, 'quote.csv', quote, /^line 2: \d+ characters long; a line may hold at most 65536$/)
  const columns = 'Sample Name' + ',TH01'.repeat(1_000_000) + '\nS1' + ',7'.repeat(1_000_000) + '\n'
  boundedRefusal(t, dir, 'columns.csv', columns, `line 1: ${5_000_011} characters long; a line may hold at most ${MAX_LINE_CHARS}`)
})

t.test('within the line bound: too many columns, an unclosed quote, each named by line and column', async (t) => {
  const wide = 'Sample Name' + ',TH01'.repeat(MAX_COLUMNS) + '\nS1,7\n'
  const err = t.throws(() => parseImportFile(wide, { fileName: 'wide.csv' })) as HomewardError
  t.equal(err.code, 'UNREADABLE_FILE')
  t.equal(err.message, `line 1: ${MAX_COLUMNS + 1} columns; a row may hold at most ${MAX_COLUMNS}`)
  t.same(err.details, { line: 1, limit: MAX_COLUMNS })
  const open = t.throws(() => parseImportFile('Sample Name,TH01,FGA\nS1,7,20\nS2,"7,9\n', { fileName: 'open.csv' })) as HomewardError
  t.equal(open.message, 'line 3, column 2: a quoted cell is not closed before the end of the line (quoted cells may not span lines)')
  t.same(open.details, { line: 3, column: 2 })
})

t.test('quotes are still read as before: a quoted cell with separators, doubled quotes, literal quotes inside a cell', async (t) => {
  t.same(splitLine('a,"b,c", "d""e" ,f"g', ','), ['a', 'b,c', 'd"e', 'f"g'])
  t.same(splitLine(' "" ,x', ','), ['', 'x'])
  t.same(splitLine('x\t"1\t2"', '\t'), ['x', '1\t2'])
  // A cell of many quotes was re-scanned once per quote (quadratic): 60,000 quotes now take one pass.
  const t0 = performance.now()
  t.same(splitLine('S1,a' + '"'.repeat(60_000), ','), ['S1', 'a' + '"'.repeat(60_000)])
  t.ok(performance.now() - t0 < 500, `${(performance.now() - t0).toFixed(0)} ms`)
  const table = readTable('sep=;\n\nSample;TH01\n\nS1;"7"\n')
  t.same([table.separator, table.headerLine, table.header, table.rows], [';', 3, ['Sample', 'TH01'], [{ line: 5, cells: ['S1', '7'] }]])
})

t.test(`more than ${MAX_TABLE_ROWS} rows, or more than ${MAX_SAMPLES} samples, is refused naming the line`, async (t) => {
  const dir = tempDir(t)
  // The rows up to the bound are held (about 250 bytes each): the bound is what keeps that finite.
  const rows = 'SampleName,Marker,Allele1\n' + 'S1,TH01,7\n'.repeat(MAX_TABLE_ROWS + 1)
  boundedRefusal(t, dir, 'rows.csv', rows, `line ${MAX_TABLE_ROWS + 2}: more than ${MAX_TABLE_ROWS} rows; split the file`, 60_000, 1024)
  const samples = ['Sample Name,TH01', ...Array.from({ length: MAX_SAMPLES + 1 }, (_, i) => `U${i},7`)].join('\n')
  const err = t.throws(() => parseImportFile(samples, { fileName: 'many.csv' })) as HomewardError
  t.equal(err.message, `line ${MAX_SAMPLES + 2}: more than ${MAX_SAMPLES} samples in one file; split it`)
})
