/**
 * The Content-Disposition header of a downloaded report (RFC 6266 with the RFC 8187/5987 extended
 * parameter). Node refuses a header value with characters outside Latin-1, so a case id such as
 * "粤A-2014-0173" written into `filename="…"` made every report of that pair answer 500. The header
 * carries an ASCII fallback for old clients and the exact name, percent-encoded UTF-8, in `filename*`.
 *
 * @example attachmentDisposition('homeward-粤A-1.pdf')
 *   // `attachment; filename="homeward-_A-1.pdf"; filename*=UTF-8''homeward-%E7%B2%A4A-1.pdf`
 */
export function attachmentDisposition (filename: string): string {
  const clean = filename.replace(UNSAFE, '_')
  return `attachment; filename="${asciiFallback(clean)}"; filename*=UTF-8''${percentEncode(clean)}`
}

// Control characters and path separators never belong in a file name a browser will save.
const UNSAFE = /[\u0000-\u001f\u007f/\\]/g // eslint-disable-line no-control-regex

/** Printable ASCII only, without the quote and backslash that would end or escape the quoted string. */
function asciiFallback (name: string): string {
  let out = ''
  for (const ch of name) out += /^[\x20-\x7e]$/.test(ch) && ch !== '"' && ch !== '\\' ? ch : '_'
  return out
}

// RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/

function percentEncode (name: string): string {
  let out = ''
  for (const byte of Buffer.from(name, 'utf8')) {
    const ch = String.fromCharCode(byte)
    out += byte < 0x80 && ATTR_CHAR.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}
