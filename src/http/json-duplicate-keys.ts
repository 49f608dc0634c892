import { fail } from '../core/errors.ts'

/** The deepest nesting a JSON body may have: a case in the relatives form is 5 levels deep. */
export const MAX_JSON_DEPTH = 64

interface Frame {
  /** The keys seen so far in an object; undefined for an array. */
  keys: Set<string> | undefined
  /** The current member's key (object) or element index (array), for the path in a refusal. */
  at: string | number
}

/**
 * Refuses a JSON text with a key given twice in one object, at any depth, naming the key and where
 * (`body.relatives[0].profile`). JSON.parse keeps the last of two equal keys, so {"id": "A", "id": "B"}
 * would silently store B, and a reviver cannot tell: the parsed object no longer has the first one.
 * One pass over the text with an explicit stack (no recursion, depth bounded): linear time. Keys are
 * compared decoded, so "id" and "\u0069d" are the same key. Call it on text JSON.parse accepted.
 */
export function assertUniqueKeys (text: string, root = 'body'): void {
  const stack: Frame[] = []
  let expectKey = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) { // a string: a key when an object expects one
      let j = i + 1
      let escaped = false
      for (; text.charCodeAt(j) !== 0x22; j++) {
        if (text.charCodeAt(j) === 0x5c) { escaped = true; j++ }
      }
      const top = stack[stack.length - 1]
      if (expectKey && top?.keys !== undefined) {
        const key = escaped ? JSON.parse(text.slice(i, j + 1)) as string : text.slice(i + 1, j)
        if (top.keys.has(key)) {
          const where = pathOf(stack.slice(0, -1), root)
          fail('BAD_REQUEST', `duplicate key ${JSON.stringify(key.slice(0, 60))} in ${where}: JSON keeps only the last value, so the first would be silently lost; give each key once`, { field: where, value: key.slice(0, 60) })
        }
        top.keys.add(key)
        top.at = key
        expectKey = false
      }
      i = j
    } else if (c === 0x7b || c === 0x5b) { // { or [
      if (stack.length >= MAX_JSON_DEPTH) fail('BAD_REQUEST', `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`, { field: root })
      stack.push(c === 0x7b ? { keys: new Set(), at: '' } : { keys: undefined, at: 0 })
      expectKey = c === 0x7b
    } else if (c === 0x7d || c === 0x5d) { // } or ]
      stack.pop()
      expectKey = false
    } else if (c === 0x2c) { // , : the next member (object) or element (array)
      const top = stack[stack.length - 1]
      if (top === undefined) continue
      if (top.keys !== undefined) expectKey = true
      else top.at = (top.at as number) + 1
    }
  }
}

/** `body.relatives[0].profile`: the path of the innermost frame of `frames`. */
function pathOf (frames: Frame[], root: string): string {
  let path = root
  for (const f of frames) {
    if (f.keys === undefined) path += `[${String(f.at)}]`
    else path += /^[A-Za-z_$][\w$]*$/.test(String(f.at)) ? `.${String(f.at)}` : `[${JSON.stringify(String(f.at).slice(0, 60))}]`
  }
  return path
}
