import { codePointLabel, describeCodePoint } from './code-point-name.ts'
import { fail } from './errors.ts'

/**
 * The one rule for identifiers that name a record or a sample: case ids, person, pedigree and relative
 * ids, sample ids (typed or imported), account names. Two ids that look the same must be the same
 * record, or the family's reference and the child's profile can end up apart, never compared:
 * - the id is stored in Unicode NFC, so "José" typed on macOS (NFD, e + U+0301) and on Windows (NFC)
 *   is one id;
 * - refused: control characters (Cc, NUL included), format characters (Cf: zero-width spaces and
 *   joiners, BIDI embeddings, overrides and isolates, the BOM), other invisible (default-ignorable)
 *   characters, private-use, unassigned and lone-surrogate code points; whitespace other than the
 *   plain space, at either end, or doubled (HTML shows "A  B" as "A B");
 * - refused: Latin mixed with Cyrillic or Greek letters (or those two mixed): the common confusable
 *   check, since "UHR-1" with a Cyrillic "Н" looks like the Latin one. Han, digits and punctuation
 *   mix with Latin freely ("粤A-2024-0042"). A whole-Cyrillic id is allowed: it is a real id somewhere.
 */

/** The longest id, in UTF-16 code units (what the wire schemas have always allowed). */
export const MAX_RECORD_ID_LENGTH = 100

export type RecordIdCheck = { ok: true, id: string } | { ok: false, problem: string }

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Default_Ignorable_Code_Point}\u2800]/u
const OTHER_SPACE = /(?! )\p{White_Space}/u
const SHOWN_ESCAPED = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Default_Ignorable_Code_Point}\u2800]|(?! )\p{White_Space}/gu
const CONFUSABLE_SCRIPTS = [['Latin', /\p{Script=Latin}/u], ['Greek', /\p{Script=Greek}/u], ['Cyrillic', /\p{Script=Cyrillic}/u]] as const

/**
 * Checks an id against the rule; the canonical (NFC) id, or the problem, with the code point and its
 * 1-based position among the id's characters.
 *
 * @example checkRecordId('Jose\u0301') // { ok: true, id: 'José' } (the NFC form, 4 characters)
 * @example checkRecordId('UHR\u200b-1') // { ok: false, problem: 'has U+200B ZERO WIDTH SPACE at position 4 (...)' }
 */
export function checkRecordId (raw: string): RecordIdCheck {
  if (raw.length === 0) return { ok: false, problem: 'is empty' }
  if (raw.length > MAX_RECORD_ID_LENGTH) return { ok: false, problem: `has ${raw.length} characters; at most ${MAX_RECORD_ID_LENGTH}` }
  const invisible = INVISIBLE.exec(raw)
  if (invisible !== null) {
    return { ok: false, problem: `has ${describeCodePoint(invisible[0])} at position ${position(raw, invisible.index)} (control, invisible, BIDI, private-use and unassigned characters are refused in ids: they make ids that look alike but differ)` }
  }
  const space = OTHER_SPACE.exec(raw)
  if (space !== null) {
    return { ok: false, problem: `has ${describeCodePoint(space[0])} at position ${position(raw, space.index)} (only the plain space, U+0020, may separate words in an id)` }
  }
  if (raw.startsWith(' ')) return { ok: false, problem: `begins with a space (${codePointLabel(0x20)})` }
  if (raw.endsWith(' ')) return { ok: false, problem: `ends with a space (${codePointLabel(0x20)})` }
  const doubled = raw.indexOf('  ')
  if (doubled >= 0) return { ok: false, problem: `has two spaces in a row at position ${position(raw, doubled)}` }
  const mixed = mixedScripts(raw)
  if (mixed !== undefined) return { ok: false, problem: mixed }
  const id = raw.normalize('NFC')
  if (id.length > MAX_RECORD_ID_LENGTH) return { ok: false, problem: `has ${id.length} characters; at most ${MAX_RECORD_ID_LENGTH}` }
  return { ok: true, id }
}

/**
 * The canonical id, or a BAD_REQUEST error naming what the id is, the id (invisible characters shown
 * as <U+XXXX>) and the character at fault.
 *
 * @example recordId('粤A-2024-0042', 'sample id') // '粤A-2024-0042'
 * @example recordId(' X', 'account name') // throws: account name " X" begins with a space (U+0020)
 */
export function recordId (raw: string, what = 'id'): string {
  const checked = checkRecordId(raw)
  if (!checked.ok) fail('BAD_REQUEST', recordIdProblem(raw, checked.problem, what), { field: what, value: showId(raw) })
  return checked.id
}

/** The message of a refused id: `sample id "UHR<U+200B>-1" has U+200B ZERO WIDTH SPACE at position 4: ...`. */
export function recordIdProblem (raw: string, problem: string, what = 'id'): string {
  return `${what} ${showId(raw)} ${problem}`
}

/**
 * The form in which a stored record is looked up (a path parameter, a case named by an import):
 * NFC, nothing refused. An id that breaks the rule names no stored record, so it is simply not found.
 */
export function lookupRecordId (raw: string): string {
  return raw.normalize('NFC')
}

/** An id as shown in a message: quoted, invisible and odd space characters as <U+XXXX>, at most 60 characters. */
export function showId (raw: string): string {
  const cut = raw.length > 60 ? raw.slice(0, 60) + '…' : raw
  return `"${cut.replace(SHOWN_ESCAPED, (c) => `<${codePointLabel(c.codePointAt(0) ?? 0)}>`)}"`
}

/** 1-based position, counted in characters (code points), of the UTF-16 offset `index`. */
function position (raw: string, index: number): number {
  return [...raw.slice(0, index)].length + 1
}

/** The problem of an id whose letters come from more than one of Latin, Greek, Cyrillic; names the first letter of the rarer script. */
function mixedScripts (raw: string): string | undefined {
  const seen = new Map<string, { count: number, first: number, char: string }>()
  let pos = 0
  for (const char of raw) {
    pos++
    for (const [script, re] of CONFUSABLE_SCRIPTS) {
      if (!re.test(char)) continue
      const s = seen.get(script)
      if (s === undefined) seen.set(script, { count: 1, first: pos, char })
      else s.count++
    }
  }
  if (seen.size < 2) return undefined
  const scripts = [...seen.entries()].sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first)
  const [, at] = scripts[scripts.length - 1]
  return `mixes ${scripts.map(([s]) => s).join(' and ')} letters: ${describeCodePoint(at.char)} at position ${at.first} (letters that look alike across scripts make ids that look the same but differ: type the id in one script)`
}
