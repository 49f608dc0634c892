import { fail } from '../core/errors.ts'
import type { Sex } from '../core/markers/profile.ts'
import type { PersonRecord } from '../storage/person-repository.ts'
import { contentHash } from '../storage/stable-hash.ts'
import { personInputHash } from './input-hash.ts'
import { canonicalProfile, type RawProfile } from './profile-intake.ts'

export interface PersonRequest {
  id: string
  sex: Sex
  profile: RawProfile
  estimatedBirthYear?: number
  foundPlace?: string
  foundDate?: string
}

export type NewPerson = Omit<PersonRecord, 'createdAt' | 'updatedAt'>

/** A canonical unidentified person from a request; a profile with no STR locus is refused. */
export function personFromRequest (req: PersonRequest): NewPerson {
  const { profile, amelogenin } = canonicalProfile(req.profile, req.id)
  if (Object.keys(profile).length === 0) fail('INVALID_PROFILE', `sample ${req.id}: the profile has no STR locus`, { sample: req.id })
  const p: NewPerson = { id: req.id, sex: req.sex, profile, status: 'open', inputHash: personInputHash({ sex: req.sex, profile, amelogenin }) }
  if (amelogenin !== undefined) p.amelogenin = amelogenin
  if (req.estimatedBirthYear !== undefined) p.estimatedBirthYear = req.estimatedBirthYear
  if (req.foundPlace !== undefined) p.foundPlace = req.foundPlace
  if (req.foundDate !== undefined) p.foundDate = req.foundDate
  return p
}

/** Hash of everything a client states about a person: an identical re-upload has the same one. */
export function personContentHash (p: Pick<PersonRecord, 'id' | 'sex' | 'profile' | 'amelogenin' | 'estimatedBirthYear' | 'foundPlace' | 'foundDate'>): string {
  return contentHash({ id: p.id, sex: p.sex, profile: p.profile, amelogenin: p.amelogenin, estimatedBirthYear: p.estimatedBirthYear, foundPlace: p.foundPlace, foundDate: p.foundDate })
}
