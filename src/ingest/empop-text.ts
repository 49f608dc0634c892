import { fail } from '../core/errors.ts'
import { MAX_LINE_CHARS, MAX_SAMPLES } from './import-limits.ts'
import type { ParsedFile } from './import-types.ts'
import { SampleBuilder } from './sample-builder.ts'

/** A data line: id, TAB, a range ("16024-16569 1-576", "16024-576"), TAB, variants. */
const DATA_LINE = /^[^\t]+\t\s*\d{1,5}-\d{1,5}([\s,;]+\d{1,5}-\d{1,5})*\s*(\t|$)/
/** A header line: a range column, then the variants under any of EMPOP's and labs' names. */
const HEADER_LINE = /^[^\t]*\t\s*range\s*\t\s*(variants?|haplotype|profile|polymorphisms?|mutations?)\b/i

/** True when the text's first line that is not a comment is an EMPOP-style header or data line. */
export function isEmpopText (text: string): boolean {
  const first = text.slice(0, 2 * MAX_LINE_CHARS).split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'))
  return first !== undefined && (DATA_LINE.test(first) || HEADER_LINE.test(first))
}

/**
 * EMPOP-style plain text mitotypes, one sample per line: the sample id, a TAB, the sequenced range
 * (several stretches separated by spaces, commas or semicolons; a wrap through the origin as
 * "16024-576"), a TAB, and the differences from rCRS in EMPOP notation separated by spaces or by
 * further TABs ("16223T 16362C 73G 263G 315.1C"). An optional header line (`Sample<TAB>Range<TAB>Variants`),
 * `#` comment lines and blank lines are skipped. The range and variants are read by the preview with the
 * API's parser (parseMitoProfile), so a bad position or base is refused as it would be there.
 */
export function parseEmpopText (text: string): ParsedFile {
  const builders = new Map<string, SampleBuilder>()
  const errors: string[] = []
  const lines = text.split(/\r?\n/)
  let headerSeen = false
  lines.forEach((raw, i) => {
    const line = i + 1
    if (raw.trim() === '' || raw.startsWith('#')) return
    if (!headerSeen && HEADER_LINE.test(raw)) { headerSeen = true; return }
    headerSeen = true
    const cells = raw.split('\t').map((c) => c.trim())
    const [id, range, ...variants] = cells
    if (id === undefined || id === '') { errors.push(`line ${line}: empty sample id; line skipped`); return }
    if (range === undefined || range === '') { errors.push(`line ${line}: sample ${id}: no sequenced range (id, TAB, range, TAB, variants); line skipped`); return }
    if (builders.has(id)) { errors.push(`line ${line}: sample ${id} is given again (first at line ${builders.get(id)!.sample.line ?? '?'}); line skipped`); return }
    if (builders.size >= MAX_SAMPLES) fail('UNREADABLE_FILE', `line ${line}: more than ${MAX_SAMPLES} samples in one file; split it`, { line, limit: MAX_SAMPLES })
    const builder = new SampleBuilder(id, { line })
    builder.sample.mtCalls = { range, variants: variants.join(' ') }
    builders.set(id, builder)
  })
  return { format: 'empop-text', samples: [...builders.values()].map((b) => b.sample), frequencyTables: [], pedigrees: [], errors, warnings: [] }
}
