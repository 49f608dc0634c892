import type { Profile, Sex } from '../core/markers/profile.ts'
import type { CaseRecord } from '../storage/case-repository.ts'
import type { PersonRecord } from '../storage/person-repository.ts'
import { stableStringify } from '../storage/stable-hash.ts'
import type { SamplePreview } from './import-preview.ts'

/** What a commit would do with one sample. */
export type SampleAction =
  | { id: string, action: 'store-unidentified', sex: Sex }
  | { id: string, action: 'store-reference', caseId: string, personId: string }
  | { id: string, action: 'unchanged', target: string }
  /** Lineage markers for a record already stored with this autosomal profile (a Y kit's or an mtDNA file typed later). */
  | { id: string, action: 'add-lineage', target: string, caseId?: string, personId: string }
  | { id: string, action: 'refused', reasons: string[] }

/** Read access the plan needs: the repositories' `get`. */
export interface PlanLookups {
  getCase: (id: string) => CaseRecord | undefined
  getPerson: (id: string) => PersonRecord | undefined
  /**
   * The importing lab's account. A lab changes and learns about its own records only: a person id
   * another account holds is "already taken", and another account's case takes no references and is
   * not described (which relatives it has or which are typed). Absent: an operator's import (CLI).
   */
  account?: number
}

const sameProfile = (a: Profile, b: Profile): boolean => stableStringify(a) === stableStringify(b)

type Lineage = Pick<SamplePreview, 'yStr' | 'mtDna'>
const SYSTEMS = [['yStr', 'Y-STR haplotype'], ['mtDna', 'mtDNA profile']] as const

/**
 * What the sample's lineage markers do to a stored record: nothing new ('same'), add a system the record
 * lacks ('add'), or conflict with the one it holds (the reason): never overwritten, as a profile is not.
 */
function lineageChange (stored: Lineage, s: Lineage, target: string): 'same' | 'add' | string {
  let add = false
  for (const [key, name] of SYSTEMS) {
    if (s[key] === undefined) continue
    if (stored[key] === undefined) add = true
    else if (stableStringify(stored[key]) !== stableStringify(s[key])) return `${target} already has a different ${name}; an import never overwrites it`
  }
  return add ? 'add' : 'same'
}

const hasLineage = (s: Lineage): boolean => s.yStr !== undefined || s.mtDna !== undefined

/**
 * Decides, sample by sample, what committing would do: store it, leave it (the identical profile is
 * already stored: importing a file twice stores nothing new), or refuse it (refused loci, a problem
 * from the preview, an unknown case or person, a different profile already stored under that id).
 * An existing profile is never overwritten by an import: changing a stored profile is a correction,
 * made deliberately through the case or person, not by re-uploading a file.
 */
export function planSamples (samples: SamplePreview[], db: PlanLookups): SampleAction[] {
  const claimed = new Map<string, string>()
  const mine = (record: { createdBy?: number }): boolean => db.account === undefined || record.createdBy === db.account
  return samples.map((s): SampleAction => {
    const reasons = [...s.problems, ...s.refused.map((r) => `locus ${r.locus}: ${r.reason}${r.line !== undefined ? ` (line ${r.line})` : r.element !== undefined ? ` (${r.element})` : ''}`)]
    if (reasons.length > 0 || s.assignment === undefined) return { id: s.id, action: 'refused', reasons }
    if (s.assignment.side === 'unidentified') {
      const existing = db.getPerson(s.id)
      if (existing !== undefined && !mine(existing)) return { id: s.id, action: 'refused', reasons: [`unidentified person id ${s.id} is already taken`] }
      const target = `unidentified person ${s.id}`
      // lineage markers alone (no autosomal locus, no sex read) go with the stored person's profile and sex
      const alone = Object.keys(s.loci).length === 0 && hasLineage(s)
      if (existing !== undefined) {
        if (!alone && !(sameProfile(existing.profile, s.loci) && existing.sex === s.sex)) {
          return { id: s.id, action: 'refused', reasons: [`unidentified person ${s.id} is already stored with a different profile or sex; an import never overwrites it`] }
        }
        if (s.yStr !== undefined && existing.sex === 'female') return { id: s.id, action: 'refused', reasons: [`${target} is female: a Y-STR haplotype cannot be hers`] }
        const change = lineageChange(existing, s, target)
        if (change === 'same') return { id: s.id, action: 'unchanged', target }
        return change === 'add' ? { id: s.id, action: 'add-lineage', target, personId: s.id } : { id: s.id, action: 'refused', reasons: [change] }
      }
      if (alone) return { id: s.id, action: 'refused', reasons: [`no unidentified person ${s.id} is stored: lineage markers are added to a stored person; import the autosomal profile first`] }
      return { id: s.id, action: 'store-unidentified', sex: s.sex as Sex }
    }
    const { caseId } = s.assignment
    const kase = db.getCase(caseId)
    if (kase === undefined) return { id: s.id, action: 'refused', reasons: [`case ${caseId} does not exist: create the case (its pedigree) before importing its references`] }
    if (!mine(kase)) return { id: s.id, action: 'refused', reasons: [`case ${caseId} belongs to another account: a lab adds references only to its own cases`] }
    const person = resolvePerson(kase, s.assignment.personId, s.assignment.relation)
    if (typeof person === 'string') return { id: s.id, action: 'refused', reasons: [person] }
    const key = `${caseId}\u0000${person.id}`
    const other = claimed.get(key)
    if (other !== undefined) return { id: s.id, action: 'refused', reasons: [`person ${person.id} of case ${caseId} is also given by sample ${other} in this file`] }
    claimed.set(key, s.id)
    const sexProblem = s.sex !== undefined && s.sex !== person.sex && s.amelogenin !== undefined && s.amelogenin.includes('Y') && person.sex === 'female'
    if (sexProblem) return { id: s.id, action: 'refused', reasons: [`amelogenin ${s.amelogenin?.join(',')} shows a Y, but person ${person.id} of case ${caseId} is female`] }
    // Own properties only: a person id such as "constructor" must not find Object's prototype.
    const existing = Object.hasOwn(kase.references, person.id) ? kase.references[person.id] : undefined
    const target = `case ${caseId} person ${person.id}`
    const alone = Object.keys(s.loci).length === 0 && hasLineage(s)
    if (s.yStr !== undefined && person.sex === 'female') return { id: s.id, action: 'refused', reasons: [`person ${person.id} of case ${caseId} is female: a Y-STR haplotype cannot be hers`] }
    if (existing !== undefined) {
      if (!alone && !sameProfile(existing.profile, s.loci)) {
        return { id: s.id, action: 'refused', reasons: [`person ${person.id} of case ${caseId} already has a different reference profile${existing.sampleId !== undefined ? ` (sample ${existing.sampleId})` : ''}; an import never overwrites it`] }
      }
      const change = lineageChange(existing, s, target)
      if (change === 'same') return { id: s.id, action: 'unchanged', target }
      return change === 'add' ? { id: s.id, action: 'add-lineage', target, caseId, personId: person.id } : { id: s.id, action: 'refused', reasons: [change] }
    }
    if (alone) return { id: s.id, action: 'refused', reasons: [`person ${person.id} of case ${caseId} has no reference profile: lineage markers are added to a stored reference; import the autosomal profile first`] }
    return { id: s.id, action: 'store-reference', caseId, personId: person.id }
  })
}

/** The case person a reference belongs to: by id, else by relation (the case's relation label or person id). */
function resolvePerson (kase: CaseRecord, personId: string | undefined, relation: string | undefined): CaseRecord['persons'][number] | string {
  if (personId !== undefined) {
    const p = kase.persons.find((x) => x.id === personId)
    if (p === undefined) return `case ${kase.id} has no person ${personId}`
    if (p.id === kase.missingPerson) return `person ${personId} is the missing person of case ${kase.id}, not a reference`
    return p
  }
  if (relation === undefined) return `no person or relation given for case ${kase.id}`
  const want = relation.toLowerCase()
  const hits = kase.persons.filter((x) => x.id !== kase.missingPerson && (x.relation?.toLowerCase() === want || x.id.toLowerCase() === want))
  if (hits.length === 1) return hits[0]
  return hits.length === 0
    ? `case ${kase.id} has no person with relation "${relation}"`
    : `case ${kase.id} has ${hits.length} persons with relation "${relation}" (${hits.map((h) => h.id).join(', ')}): give the person id`
}
