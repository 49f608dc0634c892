/**
 * PDF's standard 14 fonts (Helvetica) encode WinAnsi (Windows-1252) only. Text for them is mapped
 * here: the few mathematical signs the report uses get ASCII spellings, anything else outside WinAnsi
 * (e.g. Chinese place names) becomes '?', and the PDF says so. Pass a Unicode TTF to renderReportPdf
 * to print such text as is.
 */

const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')

const SPELLED: Record<string, string> = { '−': '-', '≥': '>=', '≤': '<=', θ: 'theta', '∞': 'inf', '→': '->', '≈': '~' }

/** True when every character of `text` prints with a standard font. */
export function isWinAnsi (text: string): boolean {
  for (const ch of text) if (!winAnsiChar(ch)) return false
  return true
}

function winAnsiChar (ch: string): boolean {
  const c = ch.codePointAt(0)!
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || c === 0x0a || CP1252_EXTRA.has(ch)
}

/** Text a standard font can print: known signs spelled out, other unsupported characters as '?'. */
export function toWinAnsi (text: string): string {
  let out = ''
  for (const ch of text) out += winAnsiChar(ch) ? ch : (SPELLED[ch] ?? '?')
  return out
}

/** True when `toWinAnsi` had to replace a character by '?' (not merely spell a sign). */
export function losesCharacters (text: string): boolean {
  for (const ch of text) if (!winAnsiChar(ch) && SPELLED[ch] === undefined) return true
  return false
}
