import { fail } from '../core/errors.ts'

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

/** Largest file the importer will read; lab exports are kilobytes, a national batch a few megabytes. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024

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
  return text.replace(/\r\n?/g, '\n')
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
export function detectSeparator (headerLine: string): TextTable['separator'] {
  const count = (sep: string): number => splitLine(headerLine, sep).length
  const tabs = count('\t')
  if (tabs > 1) return '\t'
  return count(';') > count(',') ? ';' : ','
}

/**
 * Splits one line on the separator, honouring double quotes ("a,b" stays one cell, "" is a quote).
 * Cells are trimmed; the quotes themselves are removed.
 */
export function splitLine (line: string, separator: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++ } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true
      cell = ''
    } else if (ch === separator) {
      cells.push(cell.trim())
      cell = ''
    } else cell += ch
  }
  cells.push(cell.trim())
  return cells
}

/**
 * Reads a delimited table. Blank lines are skipped (GeneMapper exports put them between samples);
 * trailing empty cells past the header's last named column (the trailing TAB of many exports) are dropped.
 */
export function readTable (text: string): TextTable {
  const lines = text.split('\n')
  let first = lines.findIndex((l) => l.trim() !== '')
  if (first < 0) fail('UNREADABLE_FILE', 'the file is empty')
  // Excel writes "sep=;" as the first line of some CSV files: it names the separator.
  const declared = /^"?sep=(.)"?$/.exec(lines[first].trim())?.[1]
  if (declared !== undefined) first = lines.findIndex((l, i) => i > first && l.trim() !== '')
  if (first < 0) fail('UNREADABLE_FILE', 'the file has no header after its "sep=" line')
  const separator = declared === '\t' || declared === ',' || declared === ';' ? declared : detectSeparator(lines[first])
  const header = trimTrailingEmpty(splitLine(lines[first], separator))
  const rows: TableRow[] = []
  for (let i = first + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue
    const cells = splitLine(lines[i], separator)
    while (cells.length > header.length && cells[cells.length - 1] === '') cells.pop()
    rows.push({ line: i + 1, cells })
  }
  return { separator, headerLine: first + 1, header, rows }
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
