import type { KinshipCase, LocusModel } from '../core/pedigree/kinship-case.ts'
import type { MatchJob } from '../core/lr/match-job.ts'
import type { Sex } from '../core/markers/profile.ts'
import type { CaseRecord } from '../storage/case-repository.ts'
import type { PersonRecord } from '../storage/person-repository.ts'
import type { MatchModel } from './match-model.ts'

/** What to do with one (case, person) pair: compute it, or record it as not a candidate because of sex. */
export type PairPlan =
  | { kind: 'job', job: MatchJob, lociNotEvaluated: string[] }
  | { kind: 'sex-mismatch', reason: string }

/** The sex amelogenin calls indicate: a Y means male, X only female; anything else says nothing. */
export function amelogeninSex (calls: readonly string[] | undefined): Sex | undefined {
  if (calls === undefined || calls.length === 0) return undefined
  const upper = calls.map((c) => c.trim().toUpperCase())
  if (upper.some((c) => c !== 'X' && c !== 'Y')) return undefined
  return upper.includes('Y') ? 'male' : 'female'
}

/** Why a person cannot be the case's missing person by sex, or undefined when the sexes fit. */
export function sexMismatch (c: Pick<CaseRecord, 'missingPersonSex'>, p: Pick<PersonRecord, 'sex' | 'amelogenin' | 'sexOverride'>): string | undefined {
  if (p.sex !== c.missingPersonSex) return `the person is recorded as ${p.sex} but the missing person is ${c.missingPersonSex}`
  // The lab confirmed the declared sex against the amelogenin call (an AMEL-Y deletion, Y dropout).
  if (p.sexOverride !== undefined) return undefined
  const amel = amelogeninSex(p.amelogenin)
  if (amel !== undefined && amel !== c.missingPersonSex) return `the person's amelogenin (${p.amelogenin!.join(',')}) indicates ${amel} but the missing person is ${c.missingPersonSex}`
  return undefined
}

/**
 * Plans one comparison: the case's pedigree with the person's profile in the missing person's slot,
 * and the table loci where both the person and at least one reference are typed (elsewhere the LR is
 * exactly 1, so leaving those loci out changes nothing and saves work). Loci typed on both sides but
 * missing from the table are listed in `lociNotEvaluated`.
 */
export function planPair (c: CaseRecord, p: PersonRecord, model: MatchModel, options: { ignoreSex?: boolean } = {}): PairPlan {
  const mismatch = options.ignoreSex === true ? undefined : sexMismatch(c, p)
  if (mismatch !== undefined) return { kind: 'sex-mismatch', reason: mismatch }
  const kcase = caseKinship(c)
  kcase.genotypes[c.missingPerson] = p.profile
  const referenceLoci = new Set<string>()
  for (const [id, profile] of Object.entries(kcase.genotypes)) if (id !== c.missingPerson) for (const locus of Object.keys(profile)) referenceLoci.add(locus)
  const loci: LocusModel[] = []
  const lociNotEvaluated: string[] = []
  for (const locus of Object.keys(p.profile)) {
    if (!referenceLoci.has(locus)) continue
    const m = model.loci.get(locus)
    if (m === undefined) lociNotEvaluated.push(locus)
    else loci.push(m)
  }
  return { kind: 'job', job: { caseId: c.id, personId: p.id, kcase, loci, options: model.options }, lociNotEvaluated }
}

/**
 * A case as the engine sees it: the pedigree and the references' profiles, the missing person's slot
 * untyped (the tested person goes there). With ignoreSex (a report on a sex mismatch) the slot keeps
 * the missing person's sex, which only matters if the missing person is a parent in the pedigree.
 */
export function caseKinship (c: Pick<CaseRecord, 'persons' | 'missingPerson' | 'references'>): KinshipCase {
  const genotypes: KinshipCase['genotypes'] = {}
  for (const [id, ref] of Object.entries(c.references)) if (id !== c.missingPerson) genotypes[id] = ref.profile
  return {
    persons: c.persons.map((q) => (q.father === undefined ? { id: q.id, sex: q.sex } : { id: q.id, sex: q.sex, father: q.father, mother: q.mother })),
    missingPerson: c.missingPerson,
    genotypes
  }
}
