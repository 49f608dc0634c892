import { fail } from '../core/errors.ts'
import { MAX_SAMPLES } from './import-limits.ts'
import type { ParsedFile } from './import-types.ts'
import { SampleBuilder } from './sample-builder.ts'
import { findColumn, findFactColumns, findIdColumn, isMetadataColumn, readFacts } from './table-columns.ts'
import { foldHeader, type TextTable } from './text-table.ts'

export interface TableOptions {
  /** Header of the column holding the sample id; by default the first of ID_COLUMNS present. */
  idColumn?: string
  /** Used as the sample id when the table has no id column at all (a one-sample export). */
  fileName?: string
}

/**
 * GeneMapper / GeneMapper ID-X "long" genotype tables, one row per (sample, marker):
 * `Sample Name | Marker | Allele 1..n` with any other columns (Size n, Height n, PQV flags, UD1..3)
 * in any order. Also the EuroForMix/LRmix references (`SampleName,Marker,Allele1,Allele2`), R-mangled
 * headers (`Sample.Name`, `Allele.1`) and lusSTR's `Locus,Allele` (one row per allele).
 */
export function parseGenemapperLong (table: TextTable, options: TableOptions = {}): ParsedFile {
  const { header, rows } = table
  const folded = header.map(foldHeader)
  const markerCol = findColumn(header, 'marker', 'locus')
  if (markerCol < 0) fail('UNREADABLE_FILE', `line ${table.headerLine}: no Marker column`, { line: table.headerLine })
  const alleleCols: Array<{ index: number, n: number }> = []
  folded.forEach((h, index) => {
    const m = /^allele ?(\d+)$/.exec(h)
    if (m !== null) alleleCols.push({ index, n: Number(m[1]) })
    else if (h === 'allele') alleleCols.push({ index, n: 0 })
  })
  // A LIMS export may give the pair in one "Genotype" cell: "12,13", "12/13".
  const genotypeCol = alleleCols.length === 0 ? findColumn(header, 'genotype', 'alleles') : -1
  if (genotypeCol >= 0) alleleCols.push({ index: genotypeCol, n: 1 })
  if (alleleCols.length === 0) fail('UNREADABLE_FILE', `line ${table.headerLine}: no Allele columns (expected "Allele 1", "Allele1", "Allele.1" or "Genotype")`, { line: table.headerLine })
  alleleCols.sort((a, b) => a.n - b.n)
  // One unnumbered Allele column means one row per allele (lusSTR): rows of a locus are merged.
  const rowPerAllele = alleleCols.length === 1 && alleleCols[0].n === 0

  const warnings: string[] = []
  const idCol = findIdColumn(header, options.idColumn)
  if (idCol < 0) {
    const unknown = header.filter((h, i) => h !== '' && i !== markerCol && !alleleCols.some((c) => c.index === i) && !isMetadataColumn(folded[i]))
    if (unknown.length > 0 || options.fileName === undefined) {
      fail('UNREADABLE_FILE', `line ${table.headerLine}: no sample id column (expected "Sample Name", "SampleName", "Sample ID", "specimenId" or "Sample File"${unknown.length > 0 ? `; found unrecognised ${unknown.map((u) => `"${u}"`).join(', ')}` : ''})`, { line: table.headerLine })
    }
    warnings.push(`no sample id column: the sample is named after the file ("${options.fileName}"); choose an id column to change this`)
  }
  const facts = findFactColumns(header)
  const builders = new Map<string, SampleBuilder>()
  const merged = new Map<string, { line: number, alleles: string[] }>()
  const errors: string[] = []

  for (const row of rows) {
    const id = idCol >= 0 ? (row.cells[idCol] ?? '').trim() : (options.fileName ?? '')
    if (id === '') { errors.push(`line ${row.line}: empty sample id; row skipped`); continue }
    const locus = (row.cells[markerCol] ?? '').trim()
    if (locus === '') { errors.push(`line ${row.line}: sample ${id}: empty marker name; row skipped`); continue }
    let builder = builders.get(id)
    if (builder === undefined) {
      if (builders.size >= MAX_SAMPLES) fail('UNREADABLE_FILE', `line ${row.line}: more than ${MAX_SAMPLES} samples in one file; split it`, { line: row.line, limit: MAX_SAMPLES })
      builder = new SampleBuilder(id, { line: row.line })
      Object.assign(builder.sample, readFacts(row.cells, facts))
      builders.set(id, builder)
    }
    const alleles = alleleCols.flatMap((c) => c.index === genotypeCol ? (row.cells[c.index] ?? '').split(/[,/]/) : [row.cells[c.index] ?? ''])
    if (rowPerAllele) {
      const key = `${id}\u0000${locus}`
      const entry = merged.get(key) ?? { line: row.line, alleles: [] }
      entry.alleles.push(...alleles)
      merged.set(key, entry)
    } else {
      builder.add({ locus, alleles, line: row.line })
    }
  }
  for (const [key, entry] of merged) {
    const [id, locus] = key.split('\u0000')
    builders.get(id)?.add({ locus, alleles: entry.alleles, line: entry.line })
  }
  return { format: 'genemapper-long', samples: [...builders.values()].map((b) => b.sample), frequencyTables: [], pedigrees: [], errors, warnings }
}
