import { collectErrors, failAll, HomewardError } from '../core/errors.ts'
import type { Sex } from '../core/markers/profile.ts'
import type { PersonRecord } from '../storage/person-repository.ts'
import { contentHash } from '../storage/stable-hash.ts'
import { personInputHash } from './input-hash.ts'
import { canonicalLineage, type RawLineage } from './lineage-intake.ts'
import { amelogeninSex } from './match-plan.ts'
import { ANY_LOCUS_COUNT, canonicalProfile, checkLocusCount, type IntakeRules, type RawProfile } from './profile-intake.ts'

export interface PersonRequest extends RawLineage {
  id: string
  sex: Sex
  profile: RawProfile
  estimatedBirthYear?: number
  foundPlace?: string
  foundDate?: string
  /** Keeps the declared sex although amelogenin contradicts it (an AMEL-Y deletion, Y dropout), with the lab's reason. */
  sexOverride?: { reason: string }
  /** The unit to place the person in (default: the submitter's; see src/storage/unit-scope.ts). Not part of the content. */
  unit?: number
}

export type NewPerson = Omit<PersonRecord, 'createdAt' | 'updatedAt'>

/**
 * A canonical unidentified person from a request. Refused, with every problem named at once: bad loci
 * or alleles, a profile with no STR locus or fewer than `rules.minPersonLoci`, malformed Y-STR or mtDNA calls.
 */
export function personFromRequest (req: PersonRequest, rules: IntakeRules = ANY_LOCUS_COUNT): NewPerson {
  const problems: HomewardError[] = []
  const canonical = collectErrors(problems, () => canonicalProfile(req.profile, req.id))
  if (canonical !== undefined) {
    if (Object.keys(canonical.profile).length === 0) problems.push(new HomewardError('INVALID_PROFILE', `sample ${req.id}: the profile has no STR locus`, { sample: req.id }))
    else collectErrors(problems, () => { checkLocusCount(canonical.profile, req.id, rules.minPersonLoci, 'an unidentified person', 'HOMEWARD_MIN_LOCI') })
    const contradiction = sexContradiction(req.sex, canonical.amelogenin)
    const reason = req.sexOverride?.reason.trim()
    if (reason === '') problems.push(new HomewardError('INVALID_PROFILE', `sample ${req.id}: the sex override needs a reason (how the declared sex was confirmed)`, { sample: req.id, field: 'sexOverride.reason' }))
    else if (contradiction !== undefined && reason === undefined) problems.push(new HomewardError('INVALID_PROFILE', `sample ${req.id}: ${contradiction}; or keep the declared sex with sexOverride: { reason }`, { sample: req.id, locus: 'AMEL', value: canonical.amelogenin!.join(',') }))
    // An override where nothing is contradicted would be shown everywhere for no reason: refused, so it means something.
    else if (contradiction === undefined && reason !== undefined) problems.push(new HomewardError('INVALID_PROFILE', `sample ${req.id}: a sex override was given but amelogenin ${canonical.amelogenin === undefined ? 'is not typed' : `(${canonical.amelogenin.join(',')}) fits the declared sex`}: send it without sexOverride`, { sample: req.id, field: 'sexOverride' }))
  }
  const lineage = canonicalLineage(req, req.id, req.sex, problems)
  failAll(problems)
  const { profile, amelogenin } = canonical!
  const p: NewPerson = { id: req.id, sex: req.sex, profile, ...lineage, status: 'open', inputHash: personInputHash({ sex: req.sex, profile, amelogenin, sexOverride: req.sexOverride, ...lineage }) }
  if (amelogenin !== undefined) p.amelogenin = amelogenin
  if (req.estimatedBirthYear !== undefined) p.estimatedBirthYear = req.estimatedBirthYear
  if (req.foundPlace !== undefined) p.foundPlace = req.foundPlace
  if (req.foundDate !== undefined) p.foundDate = req.foundDate
  if (req.sexOverride !== undefined) p.sexOverride = { reason: req.sexOverride.reason.trim() }
  return p
}

/**
 * Why the declared sex and the amelogenin call disagree, or undefined. Such a person was stored and then
 * compared with nobody (the search trusts the amelogenin too), so it is refused at the door instead:
 * a wrong sample or a wrong form field is fixed by the lab; a true AMEL-Y deletion needs its sex
 * confirmed by other markers (Y-STRs), and the profile is then sent without AMEL.
 */
export function sexContradiction (sex: Sex, amelogenin: readonly string[] | undefined): string | undefined {
  const indicated = amelogeninSex(amelogenin)
  if (indicated === undefined || indicated === sex) return undefined
  return sex === 'male'
    ? `amelogenin ${amelogenin!.join(',')} indicates female but the person is declared male (a wrong sample, a wrong sex, or an AMEL-Y deletion or Y dropout: confirm with Y-STRs, then send the profile without AMEL)`
    : `amelogenin ${amelogenin!.join(',')} indicates male but the person is declared female (a wrong sample or a wrong sex)`
}

/** Hash of everything a client states about a person: an identical re-upload has the same one. */
export function personContentHash (p: Pick<PersonRecord, 'id' | 'sex' | 'profile' | 'amelogenin' | 'estimatedBirthYear' | 'foundPlace' | 'foundDate' | 'sexOverride' | 'yStr' | 'mtDna'>): string {
  return contentHash({ id: p.id, sex: p.sex, profile: p.profile, amelogenin: p.amelogenin, estimatedBirthYear: p.estimatedBirthYear, foundPlace: p.foundPlace, foundDate: p.foundDate, sexOverride: p.sexOverride, yStr: p.yStr, mtDna: p.mtDna })
}
