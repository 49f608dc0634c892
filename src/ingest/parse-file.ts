import { fail, HomewardError } from '../core/errors.ts'
import { parseCodisCmf } from './codis-cmf.ts'
import { isEmpopText, parseEmpopText } from './empop-text.ts'
import { parseFamiliasFam } from './familias-fam.ts'
import { isFrequencyMatrixHeader, parseFamiliasList, parseFrequencyLong, parseFrequencyMatrix, parseFrequencyMulti } from './frequency-tables.ts'
import { parseGenemapperLong } from './genemapper-long.ts'
import { parseGenotypeWide } from './genotype-wide.ts'
import { checkImportSize, checkTableRows, type ImportCaps } from './import-caps.ts'
import type { ImportFormat, ParsedFile } from './import-types.ts'
import { MAX_LINE_CHARS, MAX_SAMPLES } from './import-limits.ts'
import { parseStriderXml } from './strider-xml.ts'
import { findColumn } from './table-columns.ts'
import { decodeText, readTable, type TextTable } from './text-table.ts'

export interface ParseOptions {
  /** The uploaded file's name: names a one-sample table without an id column, and frequency tables. */
  fileName?: string
  /**
   * Header of the sample id column (tables; default: the first of Sample Name, SampleName, Sample ID,
   * specimenId, Sample File), or the SPECIMEN child element / attribute holding it (CMF; default SPECIMENID).
   */
  idColumn?: string
  /** The operator's size and row caps (config); without them only the built-in bounds apply. */
  caps?: ImportCaps
}

type Layout = 'xml' | 'familias-fam' | 'familias-frequencies' | 'empop-text' | 'table'

/**
 * Format detection, in one place, from the content only (file extensions lie: `.txt` files hold
 * comma-separated tables). XML by its first character, Familias by its banner line, a Familias
 * frequency list by its "locus line, then allele<TAB>frequency" shape, EMPOP-style mitotypes by their
 * "id<TAB>range<TAB>variants" lines (empop-text.ts); everything else is a table
 * whose header decides the layout (see tableFormat).
 */
export function detectLayout (text: string): Layout {
  const start = text.trimStart()
  if (start.startsWith('<')) return 'xml'
  // Only the first two lines decide: the file is never split whole just to look at its start.
  const [first, second] = start.slice(0, 2 * MAX_LINE_CHARS).split('\n', 2)
  if (/^"?Output from Familias/.test(first)) return 'familias-fam'
  if (second !== undefined && /^[^\t,;]+$/.test(first.trim()) && /^[\w.]+\t[\d.eE+-]+$/.test(second.trim())) return 'familias-frequencies'
  if (isEmpopText(start)) return 'empop-text'
  return 'table'
}

/** The layout of a delimited table, from its header. */
export function tableFormat (table: TextTable): ImportFormat {
  const h = table.header
  if (findColumn(h, 'database') >= 0 && findColumn(h, 'allele') >= 0) return 'frequency-multi'
  if (isFrequencyMatrixHeader(h)) return 'frequency-matrix'
  const hasLocus = findColumn(h, 'marker', 'locus') >= 0
  if (hasLocus && findColumn(h, 'allele') >= 0 && findColumn(h, 'frequency', 'freq', 'afreq', 'count', 'counts') >= 0) return 'frequency-long'
  if (hasLocus) return 'genemapper-long'
  return 'genemapper-wide'
}

/**
 * Reads any supported file into profiles, pedigrees and/or frequency tables. Throws UNREADABLE_FILE
 * (with the line) for a file that cannot be read at all; everything readable comes back with
 * per-sample refusals and file-level `errors`.
 */
export function parseImportFile (input: Buffer | string, options: ParseOptions = {}): ParsedFile {
  try {
    if (options.caps !== undefined) checkImportSize(typeof input === 'string' ? Buffer.byteLength(input) : input.length, options.caps)
    const parsed = parseText(decodeText(input), options)
    // The preview lists every sample with its loci: its size is bounded here, whatever the format.
    if (parsed.samples.length > MAX_SAMPLES) fail('UNREADABLE_FILE', `the file holds ${parsed.samples.length} samples; at most ${MAX_SAMPLES} are read from one file: split it`, { limit: MAX_SAMPLES })
    return parsed
  } catch (err) {
    if (err instanceof HomewardError) throw err
    // A reader that trips over a hostile file must answer "unreadable", never crash the request.
    fail('UNREADABLE_FILE', `the file could not be read: ${(err as Error).message}`)
  }
}

function parseText (text: string, options: ParseOptions): ParsedFile {
  if (text.trim() === '') fail('UNREADABLE_FILE', 'the file is empty')
  const fileName = options.fileName ?? 'upload'
  const layout = detectLayout(text)
  if (layout === 'xml') {
    return /<(?:[\w.-]+:)?frequencies[\s>]/.test(text.slice(0, 2000)) ? parseStriderXml(text, fileName) : parseCodisCmf(text, options.idColumn)
  }
  if (layout === 'familias-fam') return parseFamiliasFam(text, fileName)
  if (layout === 'familias-frequencies') return parseFamiliasList(text, fileName)
  if (options.caps !== undefined) checkTableRows(text, options.caps)
  if (layout === 'empop-text') return parseEmpopText(text)
  const table = readTable(text)
  if (table.header.length < 2) fail('UNREADABLE_FILE', `line ${table.headerLine}: not a table (the header has one column: "${table.header[0] ?? ''}")`, { line: table.headerLine })
  const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '')
  switch (tableFormat(table)) {
    case 'frequency-multi': return parseFrequencyMulti(table, fileName)
    case 'frequency-matrix': return parseFrequencyMatrix(table, fileName)
    case 'frequency-long': return parseFrequencyLong(table, fileName)
    case 'genemapper-long': return parseGenemapperLong(table, { idColumn: options.idColumn, fileName: stem })
    default: return parseGenotypeWide(table, { idColumn: options.idColumn })
  }
}
