import type { PedigreePerson } from '../core/pedigree/pedigree.ts'
import type { MitoProfile } from '../core/lineage/mito-profile.ts'
import type { YHaplotype } from '../core/lineage/y-haplotype.ts'
import type { Profile, Sex } from '../core/markers/profile.ts'
import type { Database } from './database.ts'
import { cipherOf } from './encryption-at-rest.ts'
import { rowKeyOf } from './sealed-columns.ts'
import { sharesFirstSlotScreen, type MissingSlot } from '../core/pedigree/missing-slots.ts'

export type RecordStatus = 'open' | 'closed'

/** A person of a case's pedigree, with how the caseworker named the relation when the relatives form built it. */
export type CasePerson = PedigreePerson & { relation?: string }

export interface ReferenceSample {
  profile: Profile
  sampleId?: string
  amelogenin?: string[]
  /** Lineage markers (migration 079), when typed: the Y-STR haplotype and the mtDNA profile, canonical. */
  yStr?: YHaplotype
  mtDna?: MitoProfile
}

/** A family case as stored: pedigree, reference profiles (canonical), and the population it uses. */
export interface CaseRecord {
  id: string
  missingPerson: string
  missingPersonSex: Sex
  /** Every missing person of a family with several (migration 082), the first being missingPerson; absent for one. */
  missingPersons?: MissingSlot[]
  born?: string
  missingSince?: string
  frequencyTableId: string
  status: RecordStatus
  persons: CasePerson[]
  /** pedigree person id → reference sample */
  references: Record<string, ReferenceSample>
  /** Hash of everything the LR depends on (see src/runs/input-hash.ts). */
  inputHash: string
  /** The account that created the case (users.id); absent when made from the command line. */
  createdBy?: number
  /** The unit the case belongs to (migration 075): always set when read; a new case without one goes to the national unit. */
  unitId?: number
  createdAt: string
  updatedAt: string
}

/** A version a replacement superseded, as it was stored, with who replaced it (account id) and when. */
export interface CaseVersion {
  version: CaseRecord
  replacedBy?: number
  replacedAt: string
}

interface CaseRow {
  id: string
  missing_person: string
  missing_person_sex: Sex
  // sealed BLOBs (plain values of a database not yet sealed read as they are)
  born: Buffer | string | null
  missing_since: Buffer | string | null
  frequency_table_id: string
  status: RecordStatus
  input_hash: string
  created_by: number | null
  unit_id: number
  created_at: string
  updated_at: string
}

export function createCaseRepository (db: Database) {
  // References' profiles and the missing person's dates are sealed (src/storage/sealed-columns.ts), bound to their row.
  const cipher = cipherOf(db)
  const refKey = (caseId: string, personId: string): string => rowKeyOf([caseId, personId])
  const getRow = db.prepare('SELECT * FROM cases WHERE id = ?')
  const personsOf = db.prepare('SELECT * FROM case_persons WHERE case_id = ? ORDER BY position')
  const refsOf = db.prepare('SELECT * FROM reference_profiles WHERE case_id = ?')
  const slotsOf = db.prepare('SELECT slot, sex FROM case_missing_persons WHERE case_id = ? ORDER BY position')
  const insertSlot = db.prepare('INSERT INTO case_missing_persons (case_id, slot, position, sex, screened_by_first) VALUES (?, ?, ?, ?, ?)')
  // The owner is set when the case is created and never changed by a later write.
  const upsertCase = db.prepare(`INSERT INTO cases (id, missing_person, missing_person_sex, born, missing_since, frequency_table_id, status, input_hash, created_by, unit_id, created_at, updated_at)
    VALUES (@id, @missing_person, @missing_person_sex, @born, @missing_since, @frequency_table_id, @status, @input_hash, @created_by, @unit_id, @created_at, @updated_at)
    ON CONFLICT (id) DO UPDATE SET missing_person = excluded.missing_person, missing_person_sex = excluded.missing_person_sex, born = excluded.born,
      missing_since = excluded.missing_since, frequency_table_id = excluded.frequency_table_id, status = excluded.status,
      input_hash = excluded.input_hash, unit_id = coalesce(excluded.unit_id, cases.unit_id), updated_at = excluded.updated_at`)
  const deletePersons = db.prepare('DELETE FROM case_persons WHERE case_id = ?')
  const insertPerson = db.prepare('INSERT INTO case_persons (case_id, person_id, position, sex, father, mother, relation) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const insertRef = db.prepare('INSERT INTO reference_profiles (case_id, person_id, profile_json, sample_id, amelogenin_json, y_haplotype_json, mt_dna_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  const openIds = db.prepare("SELECT id FROM cases WHERE status = 'open' ORDER BY id")
  const allIds = db.prepare('SELECT id FROM cases ORDER BY id')
  const countOpen = db.prepare("SELECT count(*) AS n FROM cases WHERE status = 'open'")
  const setStatus = db.prepare('UPDATE cases SET status = ?, updated_at = ? WHERE id = ?')
  const del = db.prepare('DELETE FROM cases WHERE id = ?')
  const insertVersion = db.prepare('INSERT INTO case_history (case_id, version_json, replaced_by, replaced_at) VALUES (?, ?, ?, ?)')
  const sealVersion = db.prepare('UPDATE case_history SET version_json = ? WHERE id = ?')
  const versionsOf = db.prepare('SELECT id, version_json, replaced_by, replaced_at FROM case_history WHERE case_id = ? ORDER BY id')

  function load (row: CaseRow): CaseRecord {
    const persons = (personsOf.all(row.id) as Array<{ person_id: string, sex: Sex, father: string | null, mother: string | null, relation: string | null }>).map((p) => {
      const person: CasePerson = { id: p.person_id, sex: p.sex }
      if (p.father !== null) person.father = p.father
      if (p.mother !== null) person.mother = p.mother
      if (p.relation !== null) person.relation = p.relation
      return person
    })
    const references: Record<string, ReferenceSample> = {}
    for (const r of refsOf.all(row.id) as Array<{ person_id: string, profile_json: Buffer | string, sample_id: string | null, amelogenin_json: Buffer | string | null, y_haplotype_json: Buffer | string | null, mt_dna_json: Buffer | string | null }>) {
      const key = refKey(row.id, r.person_id)
      const ref: ReferenceSample = { profile: JSON.parse(cipher.open('reference_profiles', 'profile_json', key, r.profile_json)) as Profile }
      if (r.sample_id !== null) ref.sampleId = r.sample_id
      const amelogenin = cipher.openNullable('reference_profiles', 'amelogenin_json', key, r.amelogenin_json)
      if (amelogenin !== null) ref.amelogenin = JSON.parse(amelogenin) as string[]
      const yStr = cipher.openNullable('reference_profiles', 'y_haplotype_json', key, r.y_haplotype_json)
      if (yStr !== null) ref.yStr = JSON.parse(yStr) as YHaplotype
      const mtDna = cipher.openNullable('reference_profiles', 'mt_dna_json', key, r.mt_dna_json)
      if (mtDna !== null) ref.mtDna = JSON.parse(mtDna) as MitoProfile
      references[r.person_id] = ref
    }
    const c: CaseRecord = {
      id: row.id,
      missingPerson: row.missing_person,
      missingPersonSex: row.missing_person_sex,
      frequencyTableId: row.frequency_table_id,
      status: row.status,
      persons,
      references,
      inputHash: row.input_hash,
      createdAt: row.created_at,
      updatedAt: row.updated_at
    }
    const slots = slotsOf.all(row.id) as MissingSlot[]
    if (slots.length > 1) c.missingPersons = slots
    const born = cipher.openNullable('cases', 'born', row.id, row.born)
    const missingSince = cipher.openNullable('cases', 'missing_since', row.id, row.missing_since)
    if (born !== null) c.born = born
    if (missingSince !== null) c.missingSince = missingSince
    if (row.created_by !== null) c.createdBy = row.created_by
    c.unitId = row.unit_id
    return c
  }

  const get = (id: string): CaseRecord | undefined => {
    const row = getRow.get(id) as CaseRow | undefined
    return row === undefined ? undefined : load(row)
  }

  return {
    get,
    /** Inserts or replaces a case with its pedigree and references, in one transaction. */
    put: db.transaction((c: Omit<CaseRecord, 'createdAt' | 'updatedAt'>, now: string = new Date().toISOString()): void => {
      upsertCase.run({
        id: c.id,
        missing_person: c.missingPerson,
        missing_person_sex: c.missingPersonSex,
        born: cipher.sealNullable('cases', 'born', c.id, c.born),
        missing_since: cipher.sealNullable('cases', 'missing_since', c.id, c.missingSince),
        frequency_table_id: c.frequencyTableId,
        status: c.status,
        input_hash: c.inputHash,
        created_by: c.createdBy ?? null,
        unit_id: c.unitId ?? null,
        created_at: now,
        updated_at: now
      })
      deletePersons.run(c.id) // cascades to reference_profiles
      c.persons.forEach((p, i) => insertPerson.run(c.id, p.id, i, p.sex, p.father ?? null, p.mother ?? null, p.relation ?? null))
      // the old slots went with the old persons (ON DELETE CASCADE); one slot needs no rows
      if ((c.missingPersons?.length ?? 0) > 1) c.missingPersons!.forEach((s, i) => insertSlot.run(c.id, s.slot, i, s.sex, sharesFirstSlotScreen(c, s) ? 1 : 0))
      for (const [personId, ref] of Object.entries(c.references)) {
        const key = refKey(c.id, personId)
        insertRef.run(c.id, personId, cipher.seal('reference_profiles', 'profile_json', key, JSON.stringify(ref.profile)), ref.sampleId ?? null,
          cipher.sealNullable('reference_profiles', 'amelogenin_json', key, ref.amelogenin === undefined ? undefined : JSON.stringify(ref.amelogenin)),
          cipher.sealNullable('reference_profiles', 'y_haplotype_json', key, ref.yStr === undefined ? undefined : JSON.stringify(ref.yStr)),
          cipher.sealNullable('reference_profiles', 'mt_dna_json', key, ref.mtDna === undefined ? undefined : JSON.stringify(ref.mtDna)), now)
      }
    }),
    /** Keeps a version that is about to be replaced (call it in the replacement's transaction). */
    archive: db.transaction((version: CaseRecord, replacedBy: number | undefined, now: string = new Date().toISOString()): void => {
      // sealed under the history row's own id, known once the row exists (the plain text is never written)
      const rowId = insertVersion.run(version.id, Buffer.alloc(0), replacedBy ?? null, now).lastInsertRowid
      sealVersion.run(cipher.seal('case_history', 'version_json', String(rowId), JSON.stringify(version)), rowId)
    }),
    /** The versions replacements superseded, oldest first. */
    history: (id: string): CaseVersion[] => (versionsOf.all(id) as Array<{ id: number, version_json: Buffer | string, replaced_by: number | null, replaced_at: string }>).map((r) => ({
      version: JSON.parse(cipher.open('case_history', 'version_json', String(r.id), r.version_json)) as CaseRecord,
      ...(r.replaced_by === null ? {} : { replacedBy: r.replaced_by }),
      replacedAt: r.replaced_at
    })),
    openIds: (): string[] => (openIds.all() as Array<{ id: string }>).map((r) => r.id),
    allIds: (): string[] => (allIds.all() as Array<{ id: string }>).map((r) => r.id),
    countOpen: (): number => (countOpen.get() as { n: number }).n,
    setStatus: (id: string, status: RecordStatus, now: string = new Date().toISOString()): void => { setStatus.run(status, now, id) },
    /** Deletes a case; its persons, references, results, reviews and history go with it (ON DELETE CASCADE). */
    delete: (id: string): boolean => del.run(id).changes > 0
  }
}

export type CaseRepository = ReturnType<typeof createCaseRepository>
