import { canonicalAllele } from '../core/markers/allele.ts'
import { fail } from '../core/errors.ts'
import type { FrequencyTable, LocusFrequencies } from '../core/markers/frequency-table.ts'
import { lookupLocus } from '../core/markers/locus.ts'
import type { Sex } from '../core/markers/profile.ts'
import { parseFamiliasDvi } from './familias-dvi.ts'
import { tableId } from './frequency-builder.ts'
import type { ParsedFile, ParsedPedigree, ParsedSample } from './import-types.ts'
import { MAX_ALLELES_PER_LOCUS, MAX_FAMILIAS_LINES, MAX_FAMILIAS_PERSONS, MAX_LINE_CHARS, MAX_LOCI, MAX_PEDIGREE_PERSONS_TOTAL, MAX_PEDIGREES } from './import-limits.ts'
import { SampleBuilder } from './sample-builder.ts'

/** Reads the line-per-value body of a .fam file, failing with the line number on anything unexpected. */
class Cursor {
  constructor (readonly lines: string[], public at = 0) {}
  peek (offset = 0): string { return this.lines[this.at + offset] ?? '' }
  text (): string { return this.lines[this.at++] ?? '' }
  int (what: string): number {
    const v = this.text()
    if (!/^-?\d+$/.test(v)) fail('UNREADABLE_FILE', `line ${this.at}: expected ${what}, found "${v}"`, { line: this.at, value: v })
    return Number(v)
  }

  /**
   * A count stated by the file, checked before anything is allocated for it: at most `max`, and
   * never more items than the lines left could hold when each item takes `linesEach` lines.
   */
  count (what: string, max: number, linesEach: number): number {
    const n = this.int(what)
    const line = this.at
    if (n < 0) fail('UNREADABLE_FILE', `line ${line}: ${what} is ${n}, a negative count`, { line, value: String(n) })
    if (n > max) fail('UNREADABLE_FILE', `line ${line}: ${what} is ${n}; at most ${max} are accepted`, { line, value: String(n), limit: max })
    const left = this.lines.length - this.at
    if (n * linesEach > left) fail('UNREADABLE_FILE', `line ${line}: ${what} is ${n}, but only ${left} lines follow (${linesEach} per item)`, { line, value: String(n) })
    return n
  }

  num (what: string): number {
    const v = this.text()
    const n = Number(v)
    if (v === '' || !Number.isFinite(n)) fail('UNREADABLE_FILE', `line ${this.at}: expected ${what}, found "${v}"`, { line: this.at, value: v })
    return n
  }
}

interface DbLocus { name: string, alleles: string[] }
interface RawPerson { name: string, sex: Sex, line: number, calls: Array<{ a1: number, a2: number, m: number, line: number }> }

/**
 * Familias 3.x `.fam` files (format as read by pedFamilias::readFam): persons with genotypes given
 * as 0-based indices into the file's own allele database, known relations, pedigrees, the database
 * (locus, mutation parameters, alleles and frequencies), and the optional [DVI] section whose
 * persons carry allele names. Mutation parameters are not imported (reported as a warning).
 */
export function parseFamiliasFam (text: string, fileName = 'familias'): ParsedFile {
  const lines = readLines(text)
  if (!/^Output from Familias/.test(lines[0] ?? '')) fail('UNREADABLE_FILE', 'line 1: not a Familias file (expected "Output from Familias, version ...")', { line: 1 })
  const c = new Cursor(lines, lines[3] === '' ? 4 : 3)
  const errors: string[] = []
  const warnings: string[] = []
  // A person block is at least 6 lines: name, 3 flags, sex, number of typed markers (3 lines each).
  const nPersons = c.count('the number of persons', MAX_FAMILIAS_PERSONS, 6)
  const persons: RawPerson[] = []
  for (let i = 0; i < nPersons; i++) {
    const line = c.at + 1
    const name = c.text()
    c.at += 3
    const sex: Sex = c.text() === '#TRUE#' ? 'male' : 'female'
    const n = c.count(`the number of typed markers of "${name}"`, MAX_LOCI, 3)
    const calls = []
    for (let k = 0; k < n; k++) calls.push({ line: c.at + 1, a1: c.int('an allele index'), a2: c.int('an allele index'), m: c.int('a marker index') })
    persons.push({ name, sex, line, calls })
  }
  if (c.peek() !== 'Known relations') fail('UNREADABLE_FILE', `line ${c.at + 1}: expected "Known relations", found "${c.peek()}"`, { line: c.at + 1 })
  c.at++
  const ids = persons.map((p) => p.name)
  const sexes = persons.map((p) => p.sex)
  addExtras(c, ids, sexes, 'extra')
  const base = readRelations(c, ids.length)
  const pedigrees: ParsedPedigree[] = []
  // A pedigree block is at least 5 lines: index, name, extra females, extra males, number of relations.
  const nPed = c.count('the number of pedigrees', MAX_PEDIGREES, 5)
  let pedigreePersons = 0
  for (let p = 0; p < nPed; p++) {
    c.int('a pedigree index')
    const name = c.text()
    const pIds = [...ids]
    const pSex = [...sexes]
    addExtras(c, pIds, pSex, `${name}-extra`)
    // Every pedigree repeats the whole person list: their sum is what grows with pedigrees × persons.
    pedigreePersons += pIds.length
    if (pedigreePersons > MAX_PEDIGREE_PERSONS_TOTAL) {
      fail('UNREADABLE_FILE', `line ${c.at}: pedigree ${p + 1} ("${name}") brings the persons of all pedigrees to ${pedigreePersons}; at most ${MAX_PEDIGREE_PERSONS_TOTAL} are accepted`, { line: c.at, limit: MAX_PEDIGREE_PERSONS_TOTAL })
    }
    const rel = [...base, ...readRelations(c, pIds.length)]
    pedigrees.push(toPedigree(name, pIds, pSex, rel))
  }
  if (c.peek().startsWith('#TRUE#')) errors.push(`line ${c.at + 1}: precomputed probabilities in the file are ignored`)
  const theta = /Theta\/Kinship\/Fst: ([\d.]+)/.exec(c.text())
  if (theta !== null && Number(theta[1]) > 0) warnings.push(`the file states theta = ${theta[1]}; theta is chosen per run in Homeward, not imported`)
  const { table, db } = readDatabase(c, fileName, warnings)
  const samples: ParsedSample[] = []
  for (const person of persons) {
    const builder = new SampleBuilder(person.name, { line: person.line })
    builder.sample.sex = person.sex
    for (const call of person.calls) {
      const locus = db[call.m]
      if (locus === undefined) { builder.sample.refused.push({ locus: `#${call.m}`, reason: `marker index ${call.m} is outside the ${db.length} loci of the database`, line: call.line }); continue }
      const [a1, a2] = [locus.alleles[call.a1], locus.alleles[call.a2]]
      if (a1 === undefined || a2 === undefined) {
        builder.sample.refused.push({ locus: locus.name, reason: `allele index ${a1 === undefined ? call.a1 : call.a2} is outside the ${locus.alleles.length} alleles of ${locus.name}`, line: call.line })
        continue
      }
      builder.add({ locus: locus.name, alleles: [a1, a2], line: call.line, bothAllelesWritten: true })
    }
    if (person.calls.length > 0) samples.push(builder.sample)
  }
  const dviStart = lines.indexOf('[DVI]')
  if (dviStart >= 0) {
    const dvi = parseFamiliasDvi(lines, dviStart, pedigreePersons)
    samples.push(...dvi.samples)
    pedigrees.push(...dvi.pedigrees)
  }
  if (db.length > 0) warnings.push('per-locus mutation models of the file are not imported; choose the mutation model per run')
  return { format: 'familias-fam', samples, frequencyTables: table === undefined ? [] : [table], pedigrees, errors, warnings }
}

/**
 * Reads the "extra females" and "extra males" counts and adds those untyped persons. They take no
 * lines of their own, so only the bound on a pedigree (MAX_FAMILIAS_PERSONS persons) limits them.
 */
function addExtras (c: Cursor, ids: string[], sexes: Sex[], prefix: string): void {
  const room = (n: number): number => Math.max(0, MAX_FAMILIAS_PERSONS - n)
  const why = (n: number): string => `(${n} persons already; a pedigree holds at most ${MAX_FAMILIAS_PERSONS})`
  const females = c.count(`the number of extra females ${why(ids.length)}`, room(ids.length), 0)
  const males = c.count(`the number of extra males ${why(ids.length + females)}`, room(ids.length + females), 0)
  for (let i = 0; i < females; i++) { ids.push(`${prefix}-female-${i + 1}`); sexes.push('female') }
  for (let i = 0; i < males; i++) { ids.push(`${prefix}-male-${i + 1}`); sexes.push('male') }
}

/** The lines of the file, quotes removed; the line count and length bounded before splitting. */
function readLines (text: string): string[] {
  let count = 1
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    if (++count > MAX_FAMILIAS_LINES) fail('UNREADABLE_FILE', `line ${count}: a Familias file may hold at most ${MAX_FAMILIAS_LINES} lines`, { line: count, limit: MAX_FAMILIAS_LINES })
  }
  const lines = text.split('\n')
  const long = lines.findIndex((l) => l.length > MAX_LINE_CHARS)
  if (long >= 0) fail('UNREADABLE_FILE', `line ${long + 1}: ${lines[long].length} characters long; a line may hold at most ${MAX_LINE_CHARS}`, { line: long + 1, limit: MAX_LINE_CHARS })
  return lines.map((l) => l.replace(/"/g, '').trimEnd())
}

function readRelations (c: Cursor, size: number): Array<[number, number]> {
  // Each relation is 2 lines (parent, child), and each person has at most two parents.
  const n = c.count(`the number of relations (among ${size} persons)`, 2 * size, 2)
  const out: Array<[number, number]> = []
  for (let i = 0; i < n; i++) {
    if (/Direct/.test(c.peek())) fail('UNREADABLE_FILE', `line ${c.at + 1}: twins ("Direct" relations) are not supported`, { line: c.at + 1 })
    const parent = c.int('a parent index')
    const child = c.int('a child index')
    if (parent < 0 || child < 0 || parent >= size || child >= size) fail('UNREADABLE_FILE', `line ${c.at}: relation ${parent} → ${child} names a person index beyond ${size - 1}`, { line: c.at })
    out.push([parent, child])
  }
  return out
}

function toPedigree (name: string, ids: string[], sexes: Sex[], rel: Array<[number, number]>): ParsedPedigree {
  const persons = ids.map((id, i) => ({ id, sex: sexes[i] } as { id: string, sex: Sex, father?: string, mother?: string }))
  for (const [parent, child] of rel) {
    if (sexes[parent] === 'male') persons[child].father = ids[parent]
    else persons[child].mother = ids[parent]
  }
  return { name, persons }
}

function readDatabase (c: Cursor, fileName: string, warnings: string[]): { table?: FrequencyTable, db: DbLocus[] } {
  if (c.at >= c.lines.length || c.peek() === '') return { db: [] }
  // A database locus is at least 13 lines: name, 11 mutation lines, number of alleles.
  const nLoci = c.count('the number of loci', MAX_LOCI, 13)
  const hasName = c.text() === '#TRUE#'
  const dbName = hasName ? c.text() : fileName
  const db: DbLocus[] = []
  const loci: Record<string, LocusFrequencies> = {}
  for (let i = 0; i < nLoci; i++) {
    const name = c.text()
    for (let k = 0; k < 11; k++) c.text() // rates, models, ranges, rate2s, silent flag and frequency
    const infoLine = c.at + 1
    const info = c.text().split('\t')
    if (!/^\d+$/.test(info[0] ?? '')) fail('UNREADABLE_FILE', `line ${infoLine}: expected the number of alleles of ${name}, found "${info[0] ?? ''}"`, { line: infoLine, locus: name })
    const nAlleles = Number(info[0])
    const left = c.lines.length - c.at
    if (nAlleles > MAX_ALLELES_PER_LOCUS) fail('UNREADABLE_FILE', `line ${infoLine}: the number of alleles of ${name} is ${nAlleles}; at most ${MAX_ALLELES_PER_LOCUS} are accepted`, { line: infoLine, locus: name, value: String(nAlleles), limit: MAX_ALLELES_PER_LOCUS })
    if (2 * nAlleles > left) fail('UNREADABLE_FILE', `line ${infoLine}: the number of alleles of ${name} is ${nAlleles}, but only ${left} lines follow (2 per allele)`, { line: infoLine, locus: name, value: String(nAlleles) })
    const alleles: string[] = []
    const kept: LocusFrequencies = { alleles: [], frequencies: [] }
    for (let a = 0; a < nAlleles; a++) {
      const allele = c.text()
      const freq = c.num(`the frequency of allele ${allele} at ${name}`)
      alleles.push(allele)
      try {
        kept.alleles.push(canonicalAllele(allele))
        kept.frequencies.push(freq)
      } catch {
        warnings.push(`line ${c.at - 1}: ${name} allele "${allele}" is not a repeat number; left out of the frequency table`)
      }
    }
    db.push({ name, alleles })
    const canonical = lookupLocus(name)
    if (canonical === undefined) warnings.push(`database locus "${name}" is not a known autosomal STR; left out of the frequency table`)
    else loci[canonical] = kept
  }
  const table: FrequencyTable = { id: tableId(fileName, dbName), population: dbName, version: '1', source: `Familias file ${fileName}`, loci }
  return { table: Object.keys(loci).length > 0 ? table : undefined, db }
}
