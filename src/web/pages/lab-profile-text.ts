import type { labRecordMessages } from './lab-record-messages.ts'

type T = ReturnType<typeof labRecordMessages>

/** Longest line echoed back in an error (a pasted line may be a whole spreadsheet row). */
const ECHO = 60

/**
 * A profile pasted as a table, one locus a line: the locus, then two alleles, separated by tabs, commas,
 * semicolons or spaces ("D3S1358 15 16", "Penta D\t9\t12", "TH01,9.3,9.3"). The last two fields are the
 * alleles, so a locus name with a space (Penta D) needs no quoting. Locus names and allele text are
 * normalised later by the same intake as the API's (src/ingest/normalise-call.ts), which also refuses
 * unknown loci and off-ladder calls; here only the table's shape is checked, naming the line.
 *
 * @example parseProfileText('D3S1358 15 16\nPenta D 9 12', t) → { profile: { D3S1358: ['15', '16'], 'Penta D': ['9', '12'] }, errors: [] }
 */
export function parseProfileText (text: string, t: T): { profile: Record<string, string[]>, errors: string[] } {
  const profile: Record<string, string[]> = Object.create(null)
  const errors: string[] = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    if (line === '') continue
    const fields = line.split(/[\t,;]+|\s+/).map((f) => f.trim()).filter((f) => f !== '')
    if (fields.length < 3) {
      errors.push(t('lineProblem', { line: i + 1, text: line.slice(0, ECHO) }))
      continue
    }
    const locus = fields.slice(0, -2).join(' ')
    if (Object.hasOwn(profile, locus)) {
      errors.push(t('locusTwice', { line: i + 1, locus: locus.slice(0, ECHO) }))
      continue
    }
    profile[locus] = fields.slice(-2)
  }
  return { profile, errors }
}
