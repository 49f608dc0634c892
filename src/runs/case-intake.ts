import { collectErrors, fail, failAll, type HomewardError } from '../core/errors.ts'
import { validatePedigree } from '../core/pedigree/pedigree.ts'
import type { Sex } from '../core/markers/profile.ts'
import { relativesToPedigree, type Relative } from '../core/pedigree/relatives-pedigree.ts'
import type { CasePerson, CaseRecord, ReferenceSample } from '../storage/case-repository.ts'
import { contentHash } from '../storage/stable-hash.ts'
import { caseInputHash } from './input-hash.ts'
import { ANY_LOCUS_COUNT, canonicalProfile, checkLocusCount, type IntakeRules, type RawProfile } from './profile-intake.ts'

/** A case as a client sends it: the pedigree form (as the oracle case files) or the relatives form. */
export interface CaseRequest {
  id: string
  missingPerson: string | { id?: string, sex: Sex }
  persons?: Array<{ id: string, sex: Sex, father?: string | null, mother?: string | null }>
  genotypes?: Record<string, RawProfile>
  relatives?: Array<Relative & { profile?: RawProfile, sampleId?: string }>
  born?: string
  missingSince?: string
  frequencyTable?: string
  /** The unit to place the case in (default: the submitter's; see src/storage/unit-scope.ts). Not part of the content. */
  unit?: number
}

export type NewCase = Omit<CaseRecord, 'createdAt' | 'updatedAt'>

/**
 * Turns a request into a canonical case: pedigree validated, profiles canonical, input hash computed.
 * A genotype given for the missing person is not a reference: it is left out, with a warning.
 */
export function caseFromRequest (req: CaseRequest, frequencyTableId: string, rules: IntakeRules = ANY_LOCUS_COUNT): { record: NewCase, warnings: string[] } {
  const warnings: string[] = []
  let persons: CasePerson[]
  let missingPerson: string
  const raw: Record<string, { profile: RawProfile, sampleId?: string }> = {}
  if (req.relatives !== undefined) {
    if (typeof req.missingPerson !== 'object') fail('INVALID_CASE', `case ${req.id}: with relatives, missingPerson is {"sex": ..., "id"?: ...}`, { field: 'missingPerson' })
    const built = relativesToPedigree({ id: req.missingPerson.id ?? 'MP', sex: req.missingPerson.sex }, req.relatives)
    persons = built.persons
    missingPerson = built.missingPerson
    for (const r of req.relatives) if (r.profile !== undefined) raw[r.id] = r.sampleId === undefined ? { profile: r.profile } : { profile: r.profile, sampleId: r.sampleId }
  } else {
    if (typeof req.missingPerson !== 'string') fail('INVALID_CASE', `case ${req.id}: with persons, missingPerson is the id of the missing person's slot`, { field: 'missingPerson' })
    if (req.persons === undefined) fail('INVALID_CASE', `case ${req.id}: give either persons (a pedigree) or relatives`, { field: 'persons' })
    missingPerson = req.missingPerson
    persons = req.persons.map((p) => {
      const q: CasePerson = { id: p.id, sex: p.sex }
      if (p.father != null) q.father = p.father
      if (p.mother != null) q.mother = p.mother
      return q
    })
    for (const [id, profile] of Object.entries(req.genotypes ?? {})) raw[id] = { profile }
  }
  validatePedigree({ persons, missingPerson })
  const ids = new Set(persons.map((p) => p.id))
  const references: Record<string, ReferenceSample> = {}
  // Every reference's problems are collected, so one answer names every sample, locus and value at fault.
  const problems: HomewardError[] = []
  for (const [id, { profile, sampleId }] of Object.entries(raw)) {
    if (!ids.has(id)) fail('INVALID_CASE', `case ${req.id}: genotypes are given for ${id}, who is not in the pedigree`, { person: id, sample: id })
    if (id === missingPerson) {
      warnings.push(`the genotype given for the missing person ${id} is not a reference and was left out; upload it as a person to compare it`)
      continue
    }
    const canonical = collectErrors(problems, () => canonicalProfile(profile, sampleId ?? id))
    if (canonical === undefined || Object.keys(canonical.profile).length === 0) continue
    collectErrors(problems, () => { checkLocusCount(canonical.profile, sampleId ?? id, rules.minReferenceLoci, 'a reference', 'HOMEWARD_MIN_REFERENCE_LOCI') })
    const ref: ReferenceSample = { profile: canonical.profile }
    if (canonical.amelogenin !== undefined) ref.amelogenin = canonical.amelogenin
    if (sampleId !== undefined) ref.sampleId = sampleId
    references[id] = ref
  }
  failAll(problems)
  if (Object.keys(references).length === 0) fail('INVALID_CASE', `case ${req.id}: no reference profile; type at least one relative`, { field: 'genotypes' })
  const missingPersonSex = persons.find((p) => p.id === missingPerson)!.sex
  const base = { persons, missingPerson, missingPersonSex, references, frequencyTableId }
  const record: NewCase = { id: req.id, ...base, status: 'open', inputHash: caseInputHash(base) }
  if (req.born !== undefined) record.born = req.born
  if (req.missingSince !== undefined) record.missingSince = req.missingSince
  return { record, warnings }
}

/** Hash of everything a client states about a case: an identical re-upload has the same one. */
export function caseContentHash (c: Pick<CaseRecord, 'id' | 'persons' | 'missingPerson' | 'references' | 'frequencyTableId' | 'born' | 'missingSince'>): string {
  return contentHash({ id: c.id, persons: c.persons, missingPerson: c.missingPerson, references: c.references, frequencyTableId: c.frequencyTableId, born: c.born, missingSince: c.missingSince })
}
