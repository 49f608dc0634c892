import { fail } from '../core/errors.ts'
import type { Sex } from '../core/markers/profile.ts'
import { MAX_FAMILIAS_PERSONS, MAX_PEDIGREE_PERSONS_TOTAL } from './import-limits.ts'
import type { ParsedPedigree, ParsedSample } from './import-types.ts'
import { SampleBuilder } from './sample-builder.ts'

/** A section of the INI-like [DVI] block: `[[[Person 1 ]]]` nests by its number of brackets. */
interface Section { name: string, line: number, entries: Array<{ key: string, value: string, line: number }>, children: Section[] }

function readSections (lines: string[], start: number): Section {
  const root: Section = { name: '', line: start + 1, entries: [], children: [] }
  const stack: Section[] = [root]
  for (let i = start; i < lines.length; i++) {
    const line = lines[i].trim()
    if (line === '') continue
    // The name excludes "[" too: with it, "\[+" and the name overlap and a long run of "[" backtracks quadratically.
    const m = /^(\[+)([^[\]]*)\]+$/.exec(line)
    if (m !== null) {
      const depth = m[1].length
      const section: Section = { name: m[2].trim(), line: i + 1, entries: [], children: [] }
      stack.length = Math.min(stack.length, depth)
      stack[stack.length - 1].children.push(section)
      stack.push(section)
      continue
    }
    const eq = line.indexOf('=')
    if (eq > 0) stack[stack.length - 1].entries.push({ key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim(), line: i + 1 })
  }
  return root
}

const child = (s: Section | undefined, name: string): Section | undefined => s?.children.find((c) => c.name === name)
const value = (s: Section, key: string): string | undefined => s.entries.find((e) => e.key === key)?.value

function personSample (person: Section, extra: Partial<ParsedSample>): ParsedSample | undefined {
  const name = value(person, 'Name')
  const dna = child(person, 'DNA data')
  if (name === undefined || dna === undefined) return undefined
  const builder = new SampleBuilder(name, { line: person.line })
  const gender = value(person, 'Gender')
  if (gender === 'Male' || gender === 'Female') builder.sample.sex = gender.toLowerCase() as Sex
  Object.assign(builder.sample, extra)
  const e = dna.entries
  for (let i = 0; i < e.length; i++) {
    if (e[i].key !== 'SystemName') continue
    const alleles = [e[i + 1], e[i + 2]].filter((x) => x !== undefined && /^Allele[12]$/.test(x.key)).map((x) => x.value)
    builder.add({ locus: e[i].value, alleles, line: e[i].line, bothAllelesWritten: true })
  }
  return Object.keys(builder.sample.loci).length + builder.sample.refused.length > 0 ? builder.sample : undefined
}

/**
 * The [DVI] section of a Familias file: unidentified persons and reference families with their
 * persons and pedigrees. Here alleles are written by name (`Allele1= 30.2`), not by index.
 */
export function parseFamiliasDvi (lines: string[], start: number, pedigreePersonsBefore = 0): { samples: ParsedSample[], pedigrees: ParsedPedigree[] } {
  const dvi = child(readSections(lines, start), 'DVI')
  const samples: ParsedSample[] = []
  const pedigrees: ParsedPedigree[] = []
  let pedigreePersons = pedigreePersonsBefore
  for (const person of child(dvi, 'Unidentified persons')?.children ?? []) {
    const s = personSample(person, { category: 'Unidentified Person' })
    if (s !== undefined) samples.push(s)
  }
  for (const family of child(dvi, 'Reference Families')?.children ?? []) {
    const familyName = value(family, 'Name') ?? family.name
    const persons = child(family, 'Persons')?.children ?? []
    const sexOf = new Map<string, Sex>()
    for (const person of persons) {
      const name = value(person, 'Name')
      const gender = value(person, 'Gender')
      if (name !== undefined && (gender === 'Male' || gender === 'Female')) sexOf.set(name, gender.toLowerCase() as Sex)
      const s = personSample(person, { caseId: familyName })
      if (s !== undefined) samples.push(s)
    }
    for (const ped of child(family, 'Pedigrees')?.children ?? []) {
      const ids = new Map<string, { id: string, sex: Sex, father?: string, mother?: string }>()
      const ensure = (id: string): { id: string, sex: Sex, father?: string, mother?: string } => {
        let p = ids.get(id)
        if (p === undefined) { p = { id, sex: sexOf.get(id) ?? 'male' }; ids.set(id, p) }
        return p
      }
      // Each pedigree holds all the family's persons, so persons × pedigrees is bounded before they are
      // made, on an upper bound of this pedigree's size (the family's persons and every name it lists).
      const upTo = sexOf.size + ped.entries.length
      pedigreePersons += upTo
      if (upTo > MAX_FAMILIAS_PERSONS || pedigreePersons > MAX_PEDIGREE_PERSONS_TOTAL) {
        fail('UNREADABLE_FILE', `line ${ped.line}: pedigree "${ped.name}" of family "${familyName}" may hold ${upTo} persons (${pedigreePersons} in all pedigrees so far); at most ${MAX_FAMILIAS_PERSONS} per pedigree and ${MAX_PEDIGREE_PERSONS_TOTAL} in all are accepted`, { line: ped.line, limit: upTo > MAX_FAMILIAS_PERSONS ? MAX_FAMILIAS_PERSONS : MAX_PEDIGREE_PERSONS_TOTAL })
      }
      for (const name of sexOf.keys()) ensure(name)
      const e = ped.entries
      for (let i = 0; i + 1 < e.length; i++) {
        if (e[i].key !== 'Parent' || e[i + 1].key !== 'Child') continue
        const parent = ensure(e[i].value)
        const kid = ensure(e[i + 1].value)
        if (parent.sex === 'male') kid.father = parent.id
        else kid.mother = parent.id
      }
      pedigrees.push({ name: `${familyName}: ${value(ped, 'Name') ?? ped.name}`, persons: [...ids.values()], ...(ids.has('Missing person') ? { missingPerson: 'Missing person' } : {}) })
    }
  }
  return { samples, pedigrees }
}
