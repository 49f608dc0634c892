import { collectErrors, fail, failAll, HomewardError } from '../core/errors.ts'
import { validatePedigree } from '../core/pedigree/pedigree.ts'
import type { Sex } from '../core/markers/profile.ts'
import { relativesToPedigree, type Relation, type Relative } from '../core/pedigree/relatives-pedigree.ts'
import { validateMissingSlots, type MissingSlot } from '../core/pedigree/missing-slots.ts'
import type { CasePerson, CaseRecord, ReferenceSample } from '../storage/case-repository.ts'
import { contentHash } from '../storage/stable-hash.ts'
import { caseInputHash } from './input-hash.ts'
import { canonicalLineage, type RawLineage } from './lineage-intake.ts'
import { ANY_LOCUS_COUNT, canonicalProfile, checkLocusCount, type IntakeRules, type RawProfile } from './profile-intake.ts'

/** A case as a client sends it: the pedigree form (as the oracle case files) or the relatives form. */
export interface CaseRequest {
  id: string
  missingPerson?: string | { id?: string, sex: Sex }
  /**
   * Several missing persons (MP1, MP2, ...), instead of missingPerson. With persons, each slot names a person
   * of the pedigree; with relatives, the relatives are named from the first slot and every other slot is
   * added as its `relation` (default full-sibling: two siblings abducted together).
   */
  missingPersons?: Array<MissingSlot & { relation?: Relation }>
  persons?: Array<{ id: string, sex: Sex, father?: string | null, mother?: string | null }>
  genotypes?: Record<string, RawProfile>
  /** Lineage markers of the pedigree form, by person id like `genotypes`. */
  yStr?: Record<string, NonNullable<RawLineage['yStr']>>
  mtDna?: Record<string, NonNullable<RawLineage['mtDna']>>
  relatives?: Array<Relative & RawLineage & { profile?: RawProfile, sampleId?: string }>
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
  const slots = requestedSlots(req)
  let persons: CasePerson[]
  let missingPerson: string
  const raw: Record<string, { profile: RawProfile, sampleId?: string }> = {}
  const rawLineage: Record<string, RawLineage> = {}
  if (req.relatives !== undefined) {
    const first = slots?.[0] ?? (typeof req.missingPerson === 'object' ? { slot: req.missingPerson.id ?? 'MP', sex: req.missingPerson.sex } : undefined)
    if (first === undefined) fail('INVALID_CASE', `case ${req.id}: with relatives, missingPerson is {"sex": ..., "id"?: ...}`, { field: 'missingPerson' })
    // the other missing persons are relatives of the first without a profile, marked as missing below
    const others: Relative[] = (slots ?? []).slice(1).map((s) => ({ id: s.slot, relation: s.relation ?? 'full-sibling', sex: s.sex }))
    const built = relativesToPedigree({ id: first.slot, sex: first.sex }, [...req.relatives, ...others])
    persons = built.persons
    for (const p of persons) if (others.some((o) => o.id === p.id)) p.relation = 'missing person'
    missingPerson = built.missingPerson
    for (const r of req.relatives) {
      if (r.profile !== undefined) raw[r.id] = r.sampleId === undefined ? { profile: r.profile } : { profile: r.profile, sampleId: r.sampleId }
      if (r.yStr !== undefined || r.mtDna !== undefined) rawLineage[r.id] = { ...(r.yStr === undefined ? {} : { yStr: r.yStr }), ...(r.mtDna === undefined ? {} : { mtDna: r.mtDna }) }
    }
  } else {
    const first = slots?.[0].slot ?? req.missingPerson
    if (typeof first !== 'string') fail('INVALID_CASE', `case ${req.id}: with persons, missingPerson is the id of the missing person's slot`, { field: 'missingPerson' })
    if (req.persons === undefined) fail('INVALID_CASE', `case ${req.id}: give either persons (a pedigree) or relatives`, { field: 'persons' })
    slots?.forEach((s, i) => {
      if (s.relation !== undefined) fail('INVALID_CASE', `case ${req.id}: missingPersons[${i}].relation is for the relatives form; with persons, the pedigree places ${s.slot}`, { field: `missingPersons[${i}].relation`, person: s.slot })
    })
    missingPerson = first
    persons = req.persons.map((p) => {
      const q: CasePerson = { id: p.id, sex: p.sex }
      if (p.father != null) q.father = p.father
      if (p.mother != null) q.mother = p.mother
      return q
    })
    for (const [id, profile] of Object.entries(req.genotypes ?? {})) raw[id] = { profile }
    for (const [id, yStr] of Object.entries(req.yStr ?? {})) rawLineage[id] = { yStr }
    for (const [id, mtDna] of Object.entries(req.mtDna ?? {})) rawLineage[id] = { ...rawLineage[id], mtDna }
  }
  validatePedigree({ persons, missingPerson })
  if (slots !== undefined) validateMissingSlots(req.id, persons, slots)
  const slotIds = new Set(slots?.map((s) => s.slot) ?? [missingPerson])
  const ids = new Set(persons.map((p) => p.id))
  const references: Record<string, ReferenceSample> = {}
  // Every reference's problems are collected, so one answer names every sample, locus and value at fault.
  const problems: HomewardError[] = []
  // Lineage markers are kept beside a reference's autosomal profile, never alone: every comparison of the
  // service (screen, engine, family power) starts from the autosomal profile.
  for (const id of Object.keys(rawLineage)) {
    if (!ids.has(id)) fail('INVALID_CASE', `case ${req.id}: lineage markers are given for ${id}, who is not in the pedigree`, { person: id, sample: id })
    if (id === missingPerson) {
      if (raw[id] === undefined) warnings.push(`the lineage markers given for the missing person ${id} are not a reference and were left out; upload them with the person to compare them`)
    } else if (raw[id] === undefined) problems.push(new HomewardError('INVALID_PROFILE', `sample ${id}: lineage markers (yStr, mtDna) are given without an autosomal profile; type the STR loci too`, { sample: id, field: 'profile' }))
  }
  for (const [id, { profile, sampleId }] of Object.entries(raw)) {
    if (!ids.has(id)) fail('INVALID_CASE', `case ${req.id}: genotypes are given for ${id}, who is not in the pedigree`, { person: id, sample: id })
    if (slotIds.has(id)) {
      warnings.push(`the genotype given for the missing person ${id} is not a reference and was left out; upload it as a person to compare it`)
      continue
    }
    const canonical = collectErrors(problems, () => canonicalProfile(profile, sampleId ?? id))
    const lineage = canonicalLineage(rawLineage[id] ?? {}, sampleId ?? id, persons.find((p) => p.id === id)?.sex, problems)
    if (canonical === undefined || Object.keys(canonical.profile).length === 0) continue
    collectErrors(problems, () => { checkLocusCount(canonical.profile, sampleId ?? id, rules.minReferenceLoci, 'a reference', 'HOMEWARD_MIN_REFERENCE_LOCI') })
    const ref: ReferenceSample = { profile: canonical.profile, ...lineage }
    if (canonical.amelogenin !== undefined) ref.amelogenin = canonical.amelogenin
    if (sampleId !== undefined) ref.sampleId = sampleId
    references[id] = ref
  }
  failAll(problems)
  if (Object.keys(references).length === 0) fail('INVALID_CASE', `case ${req.id}: no reference profile; type at least one relative`, { field: 'genotypes' })
  const missingPersonSex = persons.find((p) => p.id === missingPerson)!.sex
  const base: Pick<NewCase, 'persons' | 'missingPerson' | 'missingPersonSex' | 'missingPersons' | 'references' | 'frequencyTableId'> = { persons, missingPerson, missingPersonSex, references, frequencyTableId }
  // one declared slot is the single-slot case it always was (same record, same hashes)
  if (slots !== undefined && slots.length > 1) base.missingPersons = slots.map((s) => ({ slot: s.slot, sex: s.sex }))
  const record: NewCase = { id: req.id, ...base, status: 'open', inputHash: caseInputHash(base) }
  if (req.born !== undefined) record.born = req.born
  if (req.missingSince !== undefined) record.missingSince = req.missingSince
  return { record, warnings }
}

/** Hash of everything a client states about a case: an identical re-upload has the same one. */
export function caseContentHash (c: Pick<CaseRecord, 'id' | 'persons' | 'missingPerson' | 'missingPersons' | 'references' | 'frequencyTableId' | 'born' | 'missingSince'>): string {
  return contentHash({ id: c.id, persons: c.persons, missingPerson: c.missingPerson, missingPersons: c.missingPersons, references: c.references, frequencyTableId: c.frequencyTableId, born: c.born, missingSince: c.missingSince })
}

/** The slots a request declares (missingPersons), or undefined for the one-missing-person shapes; giving both is refused. */
function requestedSlots (req: CaseRequest): CaseRequest['missingPersons'] {
  if (req.missingPersons === undefined) {
    if (req.missingPerson === undefined) fail('INVALID_CASE', `case ${req.id}: give missingPerson or missingPersons`, { field: 'missingPerson' })
    return undefined
  }
  if (req.missingPerson !== undefined) fail('INVALID_CASE', `case ${req.id}: give missingPerson or missingPersons, not both`, { field: 'missingPersons' })
  if (req.missingPersons.length === 0) fail('INVALID_CASE', `case ${req.id}: missingPersons is empty; give at least one missing person`, { field: 'missingPersons' })
  if (req.missingPersons[0].relation !== undefined) fail('INVALID_CASE', `case ${req.id}: missingPersons[0].relation: the relatives are named from the first missing person, who has none`, { field: 'missingPersons[0].relation' })
  return req.missingPersons
}
