/**
 * Deterministic hostile inputs for the fuzz tests: a seeded PRNG (mulberry32) and mutators for
 * files (bytes) and JSON bodies. The same seed gives the same inputs, so a failure is replayable
 * from the seed and the input's index.
 */

export interface Rng {
  next: () => number
  int: (n: number) => number
  pick: <T>(xs: readonly T[]) => T
  chance: (p: number) => boolean
}

/** mulberry32: small, fast, good enough to spread inputs; not for cryptography. */
export function seededRng (seed: number): Rng {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number): number => Math.floor(next() * n)
  return { next, int, pick: (xs) => xs[int(xs.length)], chance: (p) => next() < p }
}

/** Cell values that break naive parsers: absurd numbers, off-ladder calls, control and odd Unicode. */
export const NASTY_VALUES = [
  '', ' ', 'OL', '?', '<6', '>15', 'NULL', 'NaN', 'Infinity', '-Infinity', '-1', '0', '1e308', '1e-320', '9'.repeat(400),
  '12.0000000001', '8.3000000000000007', '12,13', '12/13', '12 13 14', '"', '""', "'", '\\', '\u0000', '\u202e12', '１２',
  '\uFEFF', '\uD800', '%s%s%n', '$' + '{7*7}', '{{7*7}}', '<script>', '__proto__', 'constructor', 'AMEL', 'X,Y', 'Y'
]

const XML_BOMBS = [
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><CODISImportFile>&d;&d;&d;&d;</CODISImportFile>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><CODISImportFile><SPECIMEN><SPECIMENID>&xxe;</SPECIMENID></SPECIMEN></CODISImportFile>',
  '<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://127.0.0.1:1/evil.dtd"><CODISImportFile/>',
  '<?xml version="1.0"?>' + '<a>'.repeat(20000) + '</a>'.repeat(20000),
  '<?xml version="1.0"?><CODISImportFile><SPECIMEN ' + 'x="1" '.repeat(5000) + '/></CODISImportFile>',
  '<?xml version="1.0"?><CODISImportFile><SPECIMEN><SPECIMENID>&#x110000;&#99999999999;</SPECIMENID><LOCUS><LOCUSNAME>TH01</LOCUSNAME><ALLELE>&#xD800;</ALLELE></LOCUS></SPECIMEN></CODISImportFile>',
  '<?xml version="1.0"?><CODISImportFile><SPECIMEN><LOCUS><LOCUSNAME>TH01</LOCUSNAME>' + '<ALLELE><ALLELEVALUE>9</ALLELEVALUE></ALLELE>'.repeat(10000) + '</LOCUS></SPECIMEN></CODISImportFile>'
]

function utf16 (text: string, bigEndian: boolean, bom: boolean): Buffer {
  const le = Buffer.from((bom ? '\uFEFF' : '') + text, 'utf16le')
  if (!bigEndian) return le
  const be = Buffer.alloc(le.length)
  for (let i = 0; i + 1 < le.length; i += 2) { be[i] = le[i + 1]; be[i + 1] = le[i] }
  return be
}

/** One mutated file derived from `seed` bytes, with a short description of what was done. */
export function mutateFile (rng: Rng, seed: Buffer, others: readonly Buffer[]): { bytes: Buffer, how: string } {
  const text = seed.toString('utf8')
  const lines = text.split(/\r?\n/)
  const kind = rng.int(14)
  switch (kind) {
    case 0: { // flip bytes
      const b = Buffer.from(seed)
      const n = 1 + rng.int(20)
      for (let i = 0; i < n && b.length > 0; i++) b[rng.int(b.length)] = rng.int(256)
      return { bytes: b, how: `flip ${n} bytes` }
    }
    case 1: { // truncate
      const at = rng.int(seed.length + 1)
      return { bytes: seed.subarray(0, at), how: `truncate at ${at}` }
    }
    case 2: { // nasty value into a random cell
      const li = rng.int(lines.length)
      const cells = lines[li].split(/([\t,;])/)
      const ci = rng.int(cells.length)
      if (!/^[\t,;]$/.test(cells[ci] ?? '')) cells[ci] = rng.pick(NASTY_VALUES)
      lines[li] = cells.join('')
      return { bytes: Buffer.from(lines.join('\n')), how: `nasty cell line ${li + 1}` }
    }
    case 3: { // duplicate lines many times (same sample twice, huge files)
      const li = rng.int(lines.length)
      const times = rng.pick([2, 10, 1000])
      lines.splice(li, 0, ...Array(times).fill(lines[li]))
      return { bytes: Buffer.from(lines.join('\n')), how: `duplicate line ${li + 1} x${times}` }
    }
    case 4: { // delete a range of lines (header lost, sample cut)
      const li = rng.int(lines.length)
      lines.splice(li, 1 + rng.int(5))
      return { bytes: Buffer.from(lines.join('\n')), how: `delete lines from ${li + 1}` }
    }
    case 5: // other encodings of the same text
      return rng.chance(0.5)
        ? { bytes: utf16(text, rng.chance(0.5), rng.chance(0.7)), how: 'utf-16' }
        : { bytes: Buffer.from(text, 'latin1'), how: 'latin1' }
    case 6: { // invalid UTF-8 sequences sprinkled in
      const b = Buffer.from(seed)
      const bad = [0xC0, 0xC1, 0xF5, 0xFF, 0xED, 0xA0, 0x80]
      for (let i = 0; i < 5 && b.length > 0; i++) b[rng.int(b.length)] = rng.pick(bad)
      return { bytes: b, how: 'invalid utf-8' }
    }
    case 7: { // splice with another file
      const other = rng.pick(others)
      const a = rng.int(seed.length + 1)
      const c = rng.int(other.length + 1)
      return { bytes: Buffer.concat([seed.subarray(0, a), other.subarray(c)]), how: 'splice' }
    }
    case 8: { // very many columns on one line (10^4 alleles)
      const li = rng.int(lines.length)
      const sep = lines[li].includes('\t') ? '\t' : ','
      lines[li] = lines[li] + (sep + String(8 + rng.int(20))).repeat(10_000)
      return { bytes: Buffer.from(lines.join('\n')), how: `10^4 extra cells line ${li + 1}` }
    }
    case 9: // line endings
      return { bytes: Buffer.from(rng.chance(0.5) ? lines.join('\r') : lines.join('\r\r\n')), how: 'line endings' }
    case 10: // XML bombs, external entities, deep nesting
      return { bytes: Buffer.from(rng.pick(XML_BOMBS)), how: 'xml attack' }
    case 11: { // random bytes
      const n = rng.int(4096)
      return { bytes: Buffer.from(Array.from({ length: n }, () => rng.int(256))), how: `random ${n} bytes` }
    }
    case 12: { // insert NULs and control characters
      const b = Buffer.from(seed)
      for (let i = 0; i < 8 && b.length > 0; i++) b[rng.int(b.length)] = rng.pick([0, 1, 8, 11, 12, 27, 127])
      return { bytes: b, how: 'control chars' }
    }
    default: { // many distinct loci: a marker column full of invented names
      const extra = Array.from({ length: 2000 }, (_, i) => `S1\tLOCUS${i}\t${8 + (i % 10)}\t${9 + (i % 10)}`)
      return { bytes: Buffer.from(text + '\n' + extra.join('\n')), how: '2000 invented loci' }
    }
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** A random JSON value: types, sizes and keys that a route should refuse cleanly. */
export function randomJson (rng: Rng, depth = 0): Json {
  const k = rng.int(depth > 3 ? 5 : 8)
  switch (k) {
    case 0: return null
    case 1: return rng.chance(0.5)
    case 2: return rng.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 5e-324, 12, 9.3])
    case 3: return rng.pick(NASTY_VALUES)
    case 4: return 'x'.repeat(rng.pick([1, 100, 10_000]))
    case 5: return Array.from({ length: rng.int(6) }, () => randomJson(rng, depth + 1))
    default: {
      const o: Record<string, Json> = {}
      const n = rng.int(6)
      for (let i = 0; i < n; i++) o[rng.pick(['id', 'sex', 'profile', 'persons', 'genotypes', 'missingPerson', 'name', 'role', '__proto__', 'constructor', 'TH01', 'father', 'mother', 'x'])] = randomJson(rng, depth + 1)
      return o
    }
  }
}

/** A mutation of a valid body: one field replaced, removed, or blown up to an absurd size. */
export function mutateJson (rng: Rng, valid: Json): { body: string, how: string } {
  const copy = structuredClone(valid)
  const paths: Array<{ parent: Record<string, Json> | Json[], key: string | number }> = []
  const walk = (v: Json): void => {
    if (Array.isArray(v)) v.forEach((x, i) => { paths.push({ parent: v, key: i }); walk(x) })
    else if (v !== null && typeof v === 'object') Object.entries(v).forEach(([key, x]) => { paths.push({ parent: v, key }); walk(x) })
  }
  walk(copy)
  const kind = rng.int(9)
  if (kind === 0 || paths.length === 0) return { body: JSON.stringify(randomJson(rng)), how: 'random json' }
  const target = rng.pick(paths)
  const set = (value: Json): void => { (target.parent as Record<string | number, Json>)[target.key] = value }
  switch (kind) {
    case 1: set(randomJson(rng, 2)); return { body: JSON.stringify(copy), how: `replace ${String(target.key)}` }
    case 2:
      if (Array.isArray(target.parent)) target.parent.splice(Number(target.key), 1)
      else Reflect.deleteProperty(target.parent, target.key)
      return { body: JSON.stringify(copy), how: `delete ${String(target.key)}` }
    case 3: set(Array.from({ length: 10_000 }, (_, i) => String(8 + (i % 30)))); return { body: JSON.stringify(copy), how: `10^4 alleles at ${String(target.key)}` }
    case 4: {
      const loci: Record<string, Json> = {}
      for (let i = 0; i < 20_000; i++) loci[`L${i}`] = ['12', '13']
      set(loci)
      return { body: JSON.stringify(copy), how: `2*10^4 loci at ${String(target.key)}` }
    }
    case 5: {
      // built as text: JSON.stringify itself would overflow the stack on it
      const depth = rng.pick([100, 5000, 100_000])
      set('__deep__')
      const body = JSON.stringify(copy).replace('"__deep__"', '['.repeat(depth) + '"12"' + ']'.repeat(depth))
      return { body, how: `${depth}-deep nesting at ${String(target.key)}` }
    }
    case 6: {
      const text = JSON.stringify(copy)
      return { body: text.slice(0, rng.int(text.length)), how: 'truncated json' }
    }
    case 7: return { body: JSON.stringify(copy).replace('{', '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},'), how: 'prototype pollution' }
    default: set(rng.pick(NASTY_VALUES)); return { body: JSON.stringify(copy), how: `nasty value at ${String(target.key)}` }
  }
}

/** A multipart/form-data body with one file part and an optional JSON options part. */
export function multipartBody (file: { name: string, bytes: Buffer }, options?: string): { body: Buffer, contentType: string } {
  const boundary = '----homeward-fuzz-7d1f'
  const parts: Buffer[] = []
  if (options !== undefined) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="options"\r\n\r\n${options}\r\n`))
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name.replace(/"/g, '')}"\r\nContent-Type: application/octet-stream\r\n\r\n`))
  parts.push(file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}
