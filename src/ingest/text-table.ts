import { fail } from '../core/errors.ts'
import { MAX_COLUMNS, MAX_IMPORT_BYTES, MAX_LINE_CHARS, MAX_TABLE_ROWS } from './import-limits.ts'

export { MAX_IMPORT_BYTES }

/** One data row of a delimited file, with its 1-based line number in the file. */
export interface TableRow {
  line: number
  cells: string[]
}

/** A delimited table: the header cells and the non-blank rows after it. */
export interface TextTable {
  separator: '\t' | ',' | ';'
  headerLine: number
  header: string[]
  rows: TableRow[]
}

/**
 * File bytes → text: UTF-8 with the BOM removed, or UTF-16 when it starts with a UTF-16 BOM (Excel's
 * "Unicode text"); CRLF and lone CR turned into LF. Binary content (a NUL byte, e.g. an .xlsx uploaded
 * by mistake) is refused rather than mis-read.
 */
export function decodeText (input: Buffer | string): string {
  if (typeof input !== 'string' && input.length > MAX_IMPORT_BYTES) {
    fail('PAYLOAD_TOO_LARGE', `file of ${input.length} bytes; at most ${MAX_IMPORT_BYTES} are accepted`)
  }
  let text = typeof input === 'string' ? input : decodeBytes(input)
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (text.includes('\u0000')) fail('UNREADABLE_FILE', 'the file is binary (it contains NUL bytes), not a text export: save it as tab- or comma-separated text')
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
}

function decodeBytes (bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le')
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)))
    return swapped.swap16().toString('utf16le')
  }
  return bytes.toString('utf8')
}

/** The separator of a header line: the one of TAB, semicolon, comma that splits it into most cells. */
export function detectSeparator (headerLine: string, lineNumber = 1): TextTable['separator'] {
  const count = (sep: string): number => splitLine(headerLine, sep, lineNumber).length
  const tabs = count('\t')
  if (tabs > 1) return '\t'
  return count(';') > count(',') ? ';' : ','
}

/**
 * Splits one line on the separator, honouring double quotes ("a,b" stays one cell, "" is a quote).
 * Cells are trimmed; the quotes themselves are removed. One pass, linear in the line's length (a
 * cell of many quotes once cost a re-scan of the cell per quote). A quote that opens a cell and is
 * not closed on the same line is refused: cells do not span lines here, and guessing where such a
 * cell ends would shift every later column of the row.
 */
export function splitLine (line: string, separator: string, lineNumber?: number): string[] {
  const cells: string[] = []
  let cell = ''
  let blank = true // the cell holds only spaces so far: a quote here opens a quoted cell
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++; blank = false } else if (ch === '"') quoted = false
      else { cell += ch; if (blank && ch.trim() !== '') blank = false }
    } else if (ch === '"' && blank) {
      quoted = true
      cell = ''
    } else if (ch === separator) {
      cells.push(cell.trim())
      cell = ''
      blank = true
    } else {
      cell += ch
      if (blank && ch.trim() !== '') blank = false
    }
  }
  if (quoted) {
    const where = lineNumber !== undefined ? `line ${lineNumber}, ` : ''
    fail('UNREADABLE_FILE', `${where}column ${cells.length + 1}: a quoted cell is not closed before the end of the line (quoted cells may not span lines)`, { ...(lineNumber !== undefined ? { line: lineNumber } : {}), column: cells.length + 1 })
  }
  cells.push(cell.trim())
  return cells
}

/**
 * The lines of a text, each with its 1-based number, read one at a time (the file is never split into
 * an array of all its lines). A line longer than MAX_LINE_CHARS is refused before it is copied.
 */
export function * textLines (text: string): Generator<{ line: number, text: string }> {
  let line = 0
  for (let at = 0; at <= text.length;) {
    line++
    const nl = text.indexOf('\n', at)
    const end = nl < 0 ? text.length : nl
    if (end - at > MAX_LINE_CHARS) {
      fail('UNREADABLE_FILE', `line ${line}: ${end - at} characters long; a line may hold at most ${MAX_LINE_CHARS}`, { line, limit: MAX_LINE_CHARS })
    }
    yield { line, text: text.slice(at, end) }
    if (nl < 0) return
    at = nl + 1
  }
}

/**
 * Reads a delimited table. Blank lines are skipped (GeneMapper exports put them between samples);
 * trailing empty cells past the header's last named column (the trailing TAB of many exports) are dropped.
 * Refused, naming the line and the bound: a line over MAX_LINE_CHARS, a row of more than MAX_COLUMNS
 * cells, more than MAX_TABLE_ROWS rows, an unclosed quote.
 */
export function readTable (text: string): TextTable {
  let declared: string | undefined
  let separator: TextTable['separator'] | undefined
  let header: string[] | undefined
  let headerLine = 0
  let first = true
  const rows: TableRow[] = []
  for (const { line, text: l } of textLines(text)) {
    if (l.trim() === '') continue
    // Excel writes "sep=;" as the first line of some CSV files: it names the separator.
    if (first) {
      first = false
      declared = /^"?sep=(.)"?$/.exec(l.trim())?.[1]
      if (declared !== undefined) continue
    }
    if (separator === undefined || header === undefined) {
      separator = declared === '\t' || declared === ',' || declared === ';' ? declared : detectSeparator(l, line)
      header = trimTrailingEmpty(boundedCells(splitLine(l, separator, line), line))
      headerLine = line
      continue
    }
    if (rows.length >= MAX_TABLE_ROWS) fail('UNREADABLE_FILE', `line ${line}: more than ${MAX_TABLE_ROWS} rows; split the file`, { line, limit: MAX_TABLE_ROWS })
    const cells = boundedCells(splitLine(l, separator, line), line)
    while (cells.length > header.length && cells[cells.length - 1] === '') cells.pop()
    rows.push({ line, cells })
  }
  if (first) fail('UNREADABLE_FILE', 'the file is empty')
  if (separator === undefined || header === undefined) fail('UNREADABLE_FILE', 'the file has no header after its "sep=" line')
  return { separator, headerLine, header, rows }
}

function boundedCells (cells: string[], line: number): string[] {
  if (cells.length > MAX_COLUMNS) fail('UNREADABLE_FILE', `line ${line}: ${cells.length} columns; a row may hold at most ${MAX_COLUMNS}`, { line, limit: MAX_COLUMNS })
  return cells
}

function trimTrailingEmpty (cells: string[]): string[] {
  const out = [...cells]
  while (out.length > 0 && out[out.length - 1] === '') out.pop()
  return out
}

/**
 * A header cell folded for matching: lower case, dots and underscores as spaces, spaces collapsed.
 * "Sample.Name", "sample_name", "Sample  Name" → "sample name"; "SampleName" stays "samplename"
 * (both are accepted spellings), while a misspelt "Sam pleName" matches neither.
 */
export function foldHeader (cell: string): string {
  return cell.toLowerCase().replace(/[._]/g, ' ').replace(/\s+/g, ' ').trim()
}
