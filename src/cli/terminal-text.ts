/**
 * Text from lab files (sample ids, locus names, values, the messages that quote them) is printed to an
 * operator's terminal. Control characters in it are commands to that terminal: ESC sequences clear the
 * screen, rewrite earlier lines or set the window title, C1 codes (U+0080–U+009F, e.g. U+009B CSI) do
 * the same on many terminals, and BIDI controls (U+202E...) reorder what is shown so an id reads as
 * another. Each is printed as a visible escape instead, so what the operator reads is what the file holds.
 */

/** C0 (but not LF in JSON), DEL, C1, the BIDI embeddings, overrides, isolates and marks, line/paragraph separators. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const escape = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`

/**
 * One line for a human reader, every control character shown as `\uXXXX`.
 *
 * @example terminalSafe('U1\u001b[2J') // 'U1\\u001b[2J'
 */
export function terminalSafe (text: string): string {
  return text.replace(UNSAFE, escape)
}

/**
 * JSON text with the characters JSON.stringify leaves raw (C1, BIDI controls, U+2028/9) written as
 * `\uXXXX` escapes as well: the same JSON value for a parser, inert on a terminal.
 *
 * @example terminalSafeJson(JSON.stringify({ id: 'a\u202eb' })) // '{"id":"a\\u202eb"}'
 */
export function terminalSafeJson (json: string): string {
  // JSON.stringify already escapes C0 inside strings; outside strings JSON has only spaces and newlines.
  return json.replace(UNSAFE, (ch) => ch === '\n' ? ch : escape(ch))
}
