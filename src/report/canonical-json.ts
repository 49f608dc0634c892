/**
 * A canonical JSON text of a value, for hashing: object keys sorted by code unit, no whitespace,
 * `undefined` members dropped (as JSON.stringify drops them), numbers in JavaScript's shortest
 * round-trip form. Parsing the text and serialising again gives the same text, so a report that
 * went over the wire as JSON hashes the same. Non-finite numbers cannot be carried and are refused.
 *
 * @example canonicalJson({ b: 1, a: [true, null, 'x'] }) // '{"a":[true,null,"x"],"b":1}'
 */
export function canonicalJson (value: unknown): string {
  return write(value, '$')
}

function write (value: unknown, path: string): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean': return value ? 'true' : 'false'
    case 'string': return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot hash the non-finite number ${value} at ${path}`)
      return JSON.stringify(value) // -0 prints as 0, like JSON
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => v === undefined ? 'null' : write(v, `${path}[${i}]`)).join(',')}]`
      const keys = Object.keys(value).sort()
      const parts: string[] = []
      for (const k of keys) {
        const v = (value as Record<string, unknown>)[k]
        if (v === undefined) continue
        parts.push(`${JSON.stringify(k)}:${write(v, `${path}.${k}`)}`)
      }
      return `{${parts.join(',')}}`
    }
    default:
      throw new TypeError(`cannot hash a ${typeof value} at ${path}`)
  }
}
