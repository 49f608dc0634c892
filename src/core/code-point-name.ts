/**
 * Names of the code points that an id may not hold, so that a refusal says which character it met
 * ("U+200B ZERO WIDTH SPACE") rather than showing an invisible one. The JavaScript runtime has no
 * Unicode name table; these are the characters that realistically reach an id (pasted from a word
 * processor, a spreadsheet, a chat window or a terminal). Others are described by their category.
 */
const NAMES: Record<number, string> = {
  0x00: 'NULL',
  0x07: 'BELL',
  0x08: 'BACKSPACE',
  0x09: 'CHARACTER TABULATION',
  0x0a: 'LINE FEED',
  0x0b: 'LINE TABULATION',
  0x0c: 'FORM FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x20: 'SPACE',
  0x7f: 'DELETE',
  0x85: 'NEXT LINE',
  0xa0: 'NO-BREAK SPACE',
  0xad: 'SOFT HYPHEN',
  0x34f: 'COMBINING GRAPHEME JOINER',
  0x61c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x1680: 'OGHAM SPACE MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x2000: 'EN QUAD',
  0x2001: 'EM QUAD',
  0x2002: 'EN SPACE',
  0x2003: 'EM SPACE',
  0x2004: 'THREE-PER-EM SPACE',
  0x2005: 'FOUR-PER-EM SPACE',
  0x2006: 'SIX-PER-EM SPACE',
  0x2007: 'FIGURE SPACE',
  0x2008: 'PUNCTUATION SPACE',
  0x2009: 'THIN SPACE',
  0x200a: 'HAIR SPACE',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x202f: 'NARROW NO-BREAK SPACE',
  0x205f: 'MEDIUM MATHEMATICAL SPACE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x2800: 'BRAILLE PATTERN BLANK',
  0x3000: 'IDEOGRAPHIC SPACE',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
  0xffa0: 'HALFWIDTH HANGUL FILLER'
}

const CATEGORIES: Array<[RegExp, string]> = [
  [/^\p{Cc}$/u, 'a control character'],
  [/^\p{Cs}$/u, 'a lone surrogate, not a character'],
  [/^\p{Co}$/u, 'a private-use character'],
  [/^\p{Cn}$/u, 'an unassigned code point'],
  [/^\p{Cf}$/u, 'an invisible format character'],
  [/^\p{Default_Ignorable_Code_Point}$/u, 'an invisible character'],
  [/^\p{White_Space}$/u, 'a space character']
]

/** "U+200B": the code point in the Unicode notation, at least four hex digits. */
export function codePointLabel (codePoint: number): string {
  return 'U+' + codePoint.toString(16).toUpperCase().padStart(4, '0')
}

/**
 * The code point of `char` with its name when known, else what kind of character it is.
 *
 * @example describeCodePoint('\u200b') // 'U+200B ZERO WIDTH SPACE'
 * @example describeCodePoint('\ue000') // 'U+E000 (a private-use character)'
 * @example describeCodePoint('Н') // 'U+041D (Cyrillic letter "Н")'
 */
export function describeCodePoint (char: string): string {
  const cp = char.codePointAt(0) ?? 0
  const label = codePointLabel(cp)
  const name = NAMES[cp]
  if (name !== undefined) return `${label} ${name}`
  for (const [re, kind] of CATEGORIES) if (re.test(char)) return `${label} (${kind})`
  const script = ['Latin', 'Greek', 'Cyrillic'].find((s) => new RegExp(`^\\p{Script=${s}}$`, 'u').test(char))
  return script === undefined ? `${label} ("${char}")` : `${label} (${script} letter "${char}")`
}
