/**
 * Escapes text for HTML and XML (SVG) content and double- or single-quoted attribute values.
 * Every piece of case data (ids, relations, places) passes through here before it is written into a page.
 *
 * @example escapeXml('<script>"x" & \'y\'') // '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;'
 */
export function escapeXml (text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!)
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Shortens a label for a drawing; the full text stays in the tables. */
export function truncate (text: string, max: number): string {
  const chars = [...text] // by code point, so a surrogate pair is never split
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}
