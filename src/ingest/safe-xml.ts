import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { fail, HomewardError } from '../core/errors.ts'
import { MAX_XML_ATTRIBUTES, MAX_XML_ELEMENTS } from './import-limits.ts'

export type XmlNode = Record<string, unknown>

/**
 * The one XML parser configuration of the importers. Entity processing is OFF, and any DOCTYPE is refused
 * before parsing: no lab export needs one, and a DTD is how "billion laughs" expansion and external-entity
 * file reads get in. The five predefined entities and character references (`&lt;6`) are decoded by hand,
 * afterwards (decodeXmlText). `arrays` names the elements that may repeat.
 */
export function createSafeXmlParser (arrays: readonly string[]): XMLParser {
  return new XMLParser({
    processEntities: false,
    htmlEntities: false,
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => arrays.includes(name)
  })
}

/** Refuses XML that declares a DTD or entities, naming the line. */
export function refuseDoctype (text: string): void {
  const m = /<!(DOCTYPE|ENTITY)/i.exec(text)
  if (m !== null) {
    const line = text.slice(0, m.index).split('\n').length
    fail('UNREADABLE_FILE', `line ${line}: XML with a <!${m[1].toUpperCase()}> declaration is refused (no DTDs or entities are accepted: they can expand without bound or read local files)`, { line })
  }
}

/** Parses well-formed XML with a parser from createSafeXmlParser, or fails with the validator's line and message. */
export function parseXmlSafely (text: string, xmlParser: XMLParser): XmlNode {
  refuseDoctype(text)
  checkXmlBounds(text)
  // The parser has its own limits (e.g. nesting depth) and throws plain Errors: a file that trips
  // them is unreadable, not a server fault.
  try {
    const valid = XMLValidator.validate(text)
    if (valid !== true) fail('UNREADABLE_FILE', `line ${valid.err.line}: malformed XML: ${valid.err.msg}`, { line: valid.err.line })
    return xmlParser.parse(text) as XmlNode
  } catch (err) {
    if (err instanceof HomewardError) throw err
    fail('UNREADABLE_FILE', `malformed XML: ${(err as Error).message}`)
  }
}

/**
 * One linear pass over the markup before the validator and the parser see it: at most
 * MAX_XML_ELEMENTS elements and MAX_XML_ATTRIBUTES attributes on any element (one element with
 * 2·10^6 attributes held the parser for 42 s and 2.8 GB). Comments, CDATA and processing
 * instructions are skipped; anything malformed is left to the validator, which names it.
 */
export function checkXmlBounds (text: string): void {
  let elements = 0
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    const skipTo = (end: string): number => { const at = text.indexOf(end, i); return at < 0 ? text.length : at + end.length - 1 }
    if (text.startsWith('<!--', i)) { i = skipTo('-->'); continue }
    if (text.startsWith('<![CDATA[', i)) { i = skipTo(']]>'); continue }
    const next = text[i + 1]
    if (next === '?') { i = skipTo('?>'); continue }
    if (next === '/' || next === '!') continue
    if (++elements > MAX_XML_ELEMENTS) refuseAt(text, i, `more than ${MAX_XML_ELEMENTS} XML elements; split the file`, MAX_XML_ELEMENTS)
    // The start tag, to its ">" outside quoted values: each "=" outside quotes is one attribute.
    let attributes = 0
    let quote = 0
    let j = i + 1
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j)
      if (quote !== 0) { if (c === quote) quote = 0 } else if (c === 34 || c === 39) quote = c
      else if (c === 62) break
      else if (c === 61 && ++attributes > MAX_XML_ATTRIBUTES) refuseAt(text, i, `element <${elementName(text, i)}> has more than ${MAX_XML_ATTRIBUTES} attributes`, MAX_XML_ATTRIBUTES)
    }
    i = j
  }
}

function elementName (text: string, at: number): string {
  return /^[^\s/>]{0,100}/.exec(text.slice(at + 1, at + 101))?.[0] ?? ''
}

/** Fails naming the line of text[at] (counted only now: the scan itself does not track lines). */
function refuseAt (text: string, at: number, what: string, limit: number): never {
  let line = 1
  for (let k = text.indexOf('\n'); k >= 0 && k < at; k = text.indexOf('\n', k + 1)) line++
  fail('UNREADABLE_FILE', `line ${line}: ${what}`, { line, element: elementName(text, at), limit })
}

/** A character reference's text, or the reference itself when it names no Unicode code point. */
function codePoint (ref: string, n: number): string {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ref
}

/** Decodes the XML predefined entities and numeric character references, nothing else. */
export function decodeXmlText (raw: unknown): string {
  const text = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : ''
  return text
    .replace(/&#x([0-9a-f]+);/gi, (ref: string, h: string) => codePoint(ref, parseInt(h, 16)))
    .replace(/&#(\d+);/g, (ref: string, d: string) => codePoint(ref, Number(d)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
    .trim()
}
