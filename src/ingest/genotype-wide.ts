import { fail } from '../core/errors.ts'
import { lookupLocus } from '../core/markers/locus.ts'
import { MAX_SAMPLES } from './import-limits.ts'
import type { ParsedFile } from './import-types.ts'
import type { TableOptions } from './genemapper-long.ts'
import { SampleBuilder } from './sample-builder.ts'
import { findFactColumns, findIdColumn, isMetadataColumn, readFacts } from './table-columns.ts'
import { foldHeader, type TextTable } from './text-table.ts'

/** A locus and the columns whose cells hold its alleles. */
interface LocusColumns { locus: string, indices: number[] }

const NON_AUTOSOMAL = /^(dys|y ?-?indel|y-?gata|dxs|qs ?\d)/i
/** Names that are surely meant as loci even when we do not know them (D<chr>S<n>, Penta X). */
const LOCUS_SHAPED = /^(D(\d{1,2}|X|Y)S\d+|D\d{1,2}GATA\w+|Penta.?\w)$/i

function isLocusName (name: string): boolean {
  return lookupLocus(name) !== undefined || NON_AUTOSOMAL.test(name) || LOCUS_SHAPED.test(name.trim())
}

/**
 * "Wide" genotype tables, one row per sample:
 * - GeneMapper ID-X combined cells: `Sample File | Sample Name | D10S1248 | Height | vWA | ...` with
 *   cells like `11, 12, , , , ` (repeated `Height` columns are skipped by position);
 * - pair cells `"14,18"` (PROVEDIt known genotypes);
 * - two columns per locus, the second header blank (NIST 1036 sheet) or `<LOCUS> 1`, `<LOCUS> 2`;
 * - slot columns `<LOCUS>_1.._k` with `NULL` cells (CODIS database extract CSV).
 * A header cell that is neither a locus nor a known column is reported once as a file error.
 */
export function parseGenotypeWide (table: TextTable, options: TableOptions = {}): ParsedFile {
  const { header, rows } = table
  const idCol = findIdColumn(header, options.idColumn)
  if (idCol < 0) {
    fail('UNREADABLE_FILE', `line ${table.headerLine}: no sample id column (expected "Sample Name", "SampleName", "Sample ID", "specimenId" or "Sample File"; found ${header.slice(0, 4).map((h) => `"${h}"`).join(', ')}...)`, { line: table.headerLine })
  }
  const errors: string[] = []
  const loci: LocusColumns[] = []
  const slots = new Map<string, LocusColumns>()
  let sawSlots = false
  for (let i = 0; i < header.length; i++) {
    if (i === idCol) continue
    const name = header[i]
    const folded = foldHeader(name)
    if (name === '') {
      // A blank header right after a locus is its second allele column (NIST 1036 genotype sheet).
      const prev = loci[loci.length - 1]
      if (prev !== undefined && prev.indices[prev.indices.length - 1] === i - 1) prev.indices.push(i)
      continue
    }
    if (isMetadataColumn(folded)) continue
    // `D3S1358_1`, `D3S1358 2`, `D3S1358.1`, `D3S1358-1` and `D3S1358 Allele 1` all name an allele slot of D3S1358.
    const slot = /^(.+?)[ _.-](?:allele[ _.]?)?(\d{1,2})$/i.exec(name)
    if (slot !== null && isLocusName(slot[1]) && !isLocusName(name)) {
      let entry = slots.get(slot[1])
      if (entry === undefined) {
        entry = { locus: slot[1], indices: [] }
        slots.set(slot[1], entry)
        loci.push(entry)
      }
      entry.indices.push(i)
      sawSlots = true
      continue
    }
    if (isLocusName(name)) { loci.push({ locus: name, indices: [i] }); continue }
    errors.push(`line ${table.headerLine}, column ${i + 1}: unknown column "${name}": neither a locus nor a known column; its cells were not read`)
  }
  if (loci.length === 0) fail('UNREADABLE_FILE', `line ${table.headerLine}: no locus columns in the header`, { line: table.headerLine })

  const facts = findFactColumns(header)
  const builders = new Map<string, SampleBuilder>()
  for (const row of rows) {
    const id = (row.cells[idCol] ?? '').trim()
    if (id === '') { errors.push(`line ${row.line}: empty sample id; row skipped`); continue }
    if (builders.has(id)) {
      errors.push(`line ${row.line}: sample ${id} appears again (first at line ${builders.get(id)?.sample.line ?? '?'}); this row was not read`)
      continue
    }
    if (builders.size >= MAX_SAMPLES) fail('UNREADABLE_FILE', `line ${row.line}: more than ${MAX_SAMPLES} samples in one file; split it`, { line: row.line, limit: MAX_SAMPLES })
    const builder = new SampleBuilder(id, { line: row.line })
    Object.assign(builder.sample, readFacts(row.cells, facts))
    for (const { locus, indices } of loci) {
      const alleles = indices.flatMap((i) => (row.cells[i] ?? '').split(','))
      builder.add({ locus, alleles, line: row.line })
    }
    builders.set(id, builder)
  }
  const format = sawSlots && foldHeader(header[idCol]).startsWith('specimen') ? 'codis-csv' : 'genemapper-wide'
  return { format, samples: [...builders.values()].map((b) => b.sample), frequencyTables: [], pedigrees: [], errors, warnings: [] }
}
