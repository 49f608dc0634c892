import { canonicalAllele } from '../core/markers/allele.ts'
import { fail } from '../core/errors.ts'
import type { FrequencyTable, LocusFrequencies } from '../core/markers/frequency-table.ts'
import { lookupLocus } from '../core/markers/locus.ts'
import type { Sex } from '../core/markers/profile.ts'
import { parseFamiliasDvi } from './familias-dvi.ts'
import { tableId } from './frequency-builder.ts'
import type { ParsedFile, ParsedPedigree, ParsedSample } from './import-types.ts'
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
  const lines = text.split('\n').map((l) => l.replace(/"/g, '').trimEnd())
  if (!/^Output from Familias/.test(lines[0] ?? '')) fail('UNREADABLE_FILE', 'line 1: not a Familias file (expected "Output from Familias, version ...")', { line: 1 })
  const c = new Cursor(lines, lines[3] === '' ? 4 : 3)
  const errors: string[] = []
  const warnings: string[] = []
  const nPersons = c.int('the number of persons')
  const persons: RawPerson[] = []
  for (let i = 0; i < nPersons; i++) {
    const line = c.at + 1
    const name = c.text()
    c.at += 3
    const sex: Sex = c.text() === '#TRUE#' ? 'male' : 'female'
    const n = c.int(`the number of typed markers of "${name}"`)
    const calls = []
    for (let k = 0; k < n; k++) calls.push({ line: c.at + 1, a1: c.int('an allele index'), a2: c.int('an allele index'), m: c.int('a marker index') })
    persons.push({ name, sex, line, calls })
  }
  if (c.peek() !== 'Known relations') fail('UNREADABLE_FILE', `line ${c.at + 1}: expected "Known relations", found "${c.peek()}"`, { line: c.at + 1 })
  c.at++
  const ids = persons.map((p) => p.name)
  const sexes = persons.map((p) => p.sex)
  addExtras(ids, sexes, c.int('the number of extra females'), c.int('the number of extra males'), 'extra')
  const base = readRelations(c, ids.length)
  const pedigrees: ParsedPedigree[] = []
  const nPed = c.int('the number of pedigrees')
  for (let p = 0; p < nPed; p++) {
    c.int('a pedigree index')
    const name = c.text()
    const pIds = [...ids]
    const pSex = [...sexes]
    addExtras(pIds, pSex, c.int('the number of extra females'), c.int('the number of extra males'), `${name}-extra`)
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
      builder.add({ locus: locus.name, alleles: [a1, a2], line: call.line })
    }
    if (person.calls.length > 0) samples.push(builder.sample)
  }
  const dviStart = lines.indexOf('[DVI]')
  if (dviStart >= 0) {
    const dvi = parseFamiliasDvi(lines, dviStart)
    samples.push(...dvi.samples)
    pedigrees.push(...dvi.pedigrees)
  }
  if (db.length > 0) warnings.push('per-locus mutation models of the file are not imported; choose the mutation model per run')
  return { format: 'familias-fam', samples, frequencyTables: table === undefined ? [] : [table], pedigrees, errors, warnings }
}

function addExtras (ids: string[], sexes: Sex[], females: number, males: number, prefix: string): void {
  for (let i = 0; i < females; i++) { ids.push(`${prefix}-female-${i + 1}`); sexes.push('female') }
  for (let i = 0; i < males; i++) { ids.push(`${prefix}-male-${i + 1}`); sexes.push('male') }
}

function readRelations (c: Cursor, size: number): Array<[number, number]> {
  const n = c.int('the number of relations')
  const out: Array<[number, number]> = []
  for (let i = 0; i < n; i++) {
    if (/Direct/.test(c.peek())) fail('UNREADABLE_FILE', `line ${c.at + 1}: twins ("Direct" relations) are not supported`, { line: c.at + 1 })
    const parent = c.int('a parent index')
    const child = c.int('a child index')
    if (parent >= size || child >= size) fail('UNREADABLE_FILE', `line ${c.at}: relation ${parent} → ${child} names a person index beyond ${size - 1}`, { line: c.at })
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
  const nLoci = c.int('the number of loci')
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
    const alleles: string[] = []
    const kept: LocusFrequencies = { alleles: [], frequencies: [] }
    for (let a = 0; a < Number(info[0]); a++) {
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
