import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { fail, HomewardError } from '../core/errors.ts'

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
