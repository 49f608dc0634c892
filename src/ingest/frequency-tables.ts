import { fail } from '../core/errors.ts'
import type { FrequencyTable } from '../core/markers/frequency-table.ts'
import { FrequencyBuilder, numberCell, tableId } from './frequency-builder.ts'
import type { ParsedFile } from './import-types.ts'
import { findColumn } from './table-columns.ts'
import { foldHeader, type TextTable } from './text-table.ts'

function result (format: ParsedFile['format'], tables: FrequencyTable[], warnings: string[]): ParsedFile {
  const errors = tables.length === 0 ? ['no usable allele frequencies in the file'] : []
  return { format, samples: [], frequencyTables: tables, pedigrees: [], errors, warnings }
}

/**
 * Allele × locus matrix (EuroForMix, LRmix Studio, STRidER CSV, NIST/FBI "FSIgen"): first column
 * `Allele`, one column per locus, blank or 0 = not observed, optional last row `N`/`n` with the
 * number of alleles sampled per locus. Cells above 1 mean the table holds counts (UK DNA-17);
 * they are divided by that `n` row.
 */
export function parseFrequencyMatrix (table: TextTable, fileName: string): ParsedFile {
  const warnings: string[] = []
  const population = tableId(fileName, '')
  const builder = new FrequencyBuilder(population, warnings)
  const body = table.rows.filter((r) => !/^n$/i.test(r.cells[0] ?? ''))
  const nRow = table.rows.find((r) => /^n$/i.test(r.cells[0] ?? ''))
  const counts = body.some((r) => r.cells.slice(1).some((c) => numberCell(c) > 1))
  for (const row of body) {
    for (let i = 1; i < table.header.length; i++) {
      const cell = row.cells[i] ?? ''
      if (cell === '') continue
      builder.add(table.header[i], row.cells[0], numberCell(cell), `line ${row.line}`)
    }
  }
  if (nRow !== undefined) for (let i = 1; i < table.header.length; i++) builder.setSampleSize(table.header[i], numberCell(nRow.cells[i]))
  const built = builder.build({ id: population, source: fileName, counts })
  return result('frequency-matrix', built === undefined ? [] : [built], warnings)
}

/**
 * STR-validator's stacked databases (`Database, N, Allele, <loci>`): one table per Database value,
 * N = persons, so 2N alleles.
 */
export function parseFrequencyMulti (table: TextTable, fileName: string): ParsedFile {
  const warnings: string[] = []
  const dbCol = findColumn(table.header, 'database')
  const nCol = findColumn(table.header, 'n')
  const alleleCol = findColumn(table.header, 'allele')
  const builders = new Map<string, FrequencyBuilder>()
  for (const row of table.rows) {
    const db = row.cells[dbCol] ?? ''
    let b = builders.get(db)
    if (b === undefined) { b = new FrequencyBuilder(db, warnings); builders.set(db, b) }
    for (let i = alleleCol + 1; i < table.header.length; i++) {
      const cell = row.cells[i] ?? ''
      if (cell !== '') b.add(table.header[i], row.cells[alleleCol], numberCell(cell), `line ${row.line}`)
      if (nCol >= 0) b.setSampleSize(table.header[i], 2 * numberCell(row.cells[nCol]))
    }
  }
  const tables = [...builders.entries()].map(([db, b]) => b.build({ id: tableId(fileName, db), source: fileName })).filter((t) => t !== undefined)
  return result('frequency-multi', tables, warnings)
}

/**
 * Long tables: `locus, allele, frequency` (or `count`), optional `population` and `N` columns
 * (N = alleles sampled, as in the NIST 1036 and FBI 2015 long files, where every frequency × N is
 * a whole number). One table per population.
 */
export function parseFrequencyLong (table: TextTable, fileName: string): ParsedFile {
  const warnings: string[] = []
  const h = table.header
  const locusCol = findColumn(h, 'locus', 'marker')
  const alleleCol = findColumn(h, 'allele')
  const freqCol = findColumn(h, 'frequency', 'freq', 'afreq')
  const countCol = findColumn(h, 'count', 'counts')
  const popCol = findColumn(h, 'population', 'pop')
  const nCol = findColumn(h, 'n', '2n', 'alleles')
  if (locusCol < 0 || alleleCol < 0 || (freqCol < 0 && countCol < 0)) {
    fail('UNREADABLE_FILE', `line ${table.headerLine}: a long frequency table needs locus, allele and frequency (or count) columns; found ${h.map((x) => `"${x}"`).join(', ')}`, { line: table.headerLine })
  }
  const builders = new Map<string, FrequencyBuilder>()
  for (const row of table.rows) {
    const pop = popCol >= 0 ? row.cells[popCol] ?? '' : ''
    let b = builders.get(pop)
    if (b === undefined) { b = new FrequencyBuilder(pop === '' ? tableId(fileName, '') : pop, warnings); builders.set(pop, b) }
    const value = numberCell(row.cells[freqCol >= 0 ? freqCol : countCol])
    b.add(row.cells[locusCol] ?? '', row.cells[alleleCol] ?? '', value, `line ${row.line}`)
    if (nCol >= 0) b.setSampleSize(row.cells[locusCol] ?? '', numberCell(row.cells[nCol]))
  }
  const tables = [...builders.entries()].map(([pop, b]) => b.build({ id: tableId(fileName, pop), source: fileName, counts: freqCol < 0 })).filter((t) => t !== undefined)
  return result('frequency-long', tables, warnings)
}

/**
 * Familias / pedtools "list" text (norSTR, dvir codis.txt): a locus name line, then `allele<TAB>frequency`
 * lines, a blank line between loci.
 */
export function parseFamiliasList (text: string, fileName: string): ParsedFile {
  const warnings: string[] = []
  const population = tableId(fileName, '')
  const builder = new FrequencyBuilder(population, warnings)
  let locus: string | undefined
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    if (line === '') { locus = undefined; continue }
    const parts = line.split(/\t|\s{2,}/)
    if (parts.length === 1 || locus === undefined) {
      if (parts.length !== 1) fail('UNREADABLE_FILE', `line ${i + 1}: expected a locus name, found "${line}"`, { line: i + 1 })
      locus = line
      continue
    }
    builder.add(locus, parts[0], numberCell(parts[1]), `line ${i + 1}`)
  }
  const built = builder.build({ id: population, source: fileName })
  return result('familias-frequencies', built === undefined ? [] : [built], warnings)
}

/** True when a header looks like an allele × locus frequency matrix. */
export function isFrequencyMatrixHeader (header: readonly string[]): boolean {
  return foldHeader(header[0] ?? '') === 'allele' && header.length > 2
}
