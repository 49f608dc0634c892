import type { CaseRecord } from '../storage/case-repository.ts'
import type { PersonRecord } from '../storage/person-repository.ts'
import { contentHash } from '../storage/stable-hash.ts'

/** Hash of what a case contributes to an LR: pedigree, missing person, reference profiles, population. */
export function caseInputHash (c: Pick<CaseRecord, 'persons' | 'missingPerson' | 'missingPersonSex' | 'missingPersons' | 'references' | 'frequencyTableId'>): string {
  const references: Record<string, unknown> = {}
  // lineage markers only when typed, so a case without them keeps the hash it had before migration 079
  for (const [id, ref] of Object.entries(c.references)) references[id] = { profile: ref.profile, amelogenin: ref.amelogenin, yStr: ref.yStr, mtDna: ref.mtDna }
  return contentHash({
    persons: c.persons.map((p) => ({ id: p.id, sex: p.sex, father: p.father, mother: p.mother })),
    missingPerson: c.missingPerson,
    missingPersonSex: c.missingPersonSex,
    // only a case with several missing persons has them (migration 082), so a single-slot case keeps its hash
    missingPersons: c.missingPersons,
    references,
    frequencyTableId: c.frequencyTableId
  })
}

/** Hash of what a person contributes: sex, amelogenin, profile and lineage markers. */
export function personInputHash (p: Pick<PersonRecord, 'sex' | 'profile' | 'amelogenin' | 'sexOverride' | 'yStr' | 'mtDna'>): string {
  // the override changes who the person is compared with (sexMismatch); absent, the hash is as before
  return contentHash({ sex: p.sex, profile: p.profile, amelogenin: p.amelogenin, sexOverride: p.sexOverride === undefined ? undefined : true, yStr: p.yStr, mtDna: p.mtDna })
}

/** Hash of every input of one pair's computation: a pair is recomputed by a rerun when this changes. */
export function pairInputHash (caseHash: string, personHash: string, tableId: string, tableVersion: string, modelVersion: string): string {
  return contentHash([caseHash, personHash, tableId, tableVersion, modelVersion])
}
