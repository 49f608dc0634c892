import type { MitoProfile } from '../core/lineage/mito-profile.ts'
import type { YHaplotype } from '../core/lineage/y-haplotype.ts'
import type { Profile, Sex } from '../core/markers/profile.ts'
import type { RecordStatus } from './case-repository.ts'
import type { Database } from './database.ts'
import { cipherOf } from './encryption-at-rest.ts'
import type { FieldCipher } from './field-cipher.ts'

/** An unidentified person as stored: sample id, sex, what is known of them, the canonical profile. */
export interface PersonRecord {
  id: string
  sex: Sex
  estimatedBirthYear?: number
  foundPlace?: string
  foundDate?: string
  profile: Profile
  amelogenin?: string[]
  /**
   * Set when the declared sex was kept against the amelogenin call (migration 077), with the lab's
   * reason: the search and the reports then trust the declared sex.
   */
  sexOverride?: { reason: string }
  /** Lineage markers (migration 079), when typed: the Y-STR haplotype and the mtDNA profile, canonical. */
  yStr?: YHaplotype
  mtDna?: MitoProfile
  status: RecordStatus
  inputHash: string
  /** The account that created the person (users.id); absent when made from the command line. */
  createdBy?: number
  /** The unit the person belongs to (migration 075): always set when read; a new person without one goes to the national unit. */
  unitId?: number
  createdAt: string
  updatedAt: string
}

/** A version a replacement superseded, as it was stored, with who replaced it (account id) and when. */
export interface PersonVersion {
  version: PersonRecord
  replacedBy?: number
  replacedAt: string
}

interface PersonRow {
  id: string
  sex: Sex
  // sealed BLOBs (plain values of a database not yet sealed read as they are)
  estimated_birth_year: Buffer | number | null
  found_place: Buffer | string | null
  found_date: Buffer | string | null
  profile_json: Buffer | string
  amelogenin_json: Buffer | string | null
  sex_override_reason: Buffer | string | null
  y_haplotype_json: Buffer | string | null
  mt_dna_json: Buffer | string | null
  status: RecordStatus
  input_hash: string
  created_by: number | null
  unit_id: number
  created_at: string
  updated_at: string
}

const T = 'unidentified_persons'

// The profile and what is known of the person are sealed (src/storage/sealed-columns.ts), bound to the row's id.
function toRecord (c: FieldCipher, r: PersonRow): PersonRecord {
  const open = (column: string, v: unknown): string | null => c.openNullable(T, column, r.id, v)
  const birthYear = open('estimated_birth_year', r.estimated_birth_year)
  const foundPlace = open('found_place', r.found_place)
  const foundDate = open('found_date', r.found_date)
  const amelogenin = open('amelogenin_json', r.amelogenin_json)
  const overrideReason = open('sex_override_reason', r.sex_override_reason)
  const yStr = open('y_haplotype_json', r.y_haplotype_json)
  const mtDna = open('mt_dna_json', r.mt_dna_json)
  const p: PersonRecord = {
    id: r.id,
    sex: r.sex,
    profile: JSON.parse(c.open(T, 'profile_json', r.id, r.profile_json)) as Profile,
    status: r.status,
    inputHash: r.input_hash,
    createdAt: r.created_at,
    updatedAt: r.updated_at
  }
  if (birthYear !== null) p.estimatedBirthYear = Number(birthYear)
  if (foundPlace !== null) p.foundPlace = foundPlace
  if (foundDate !== null) p.foundDate = foundDate
  if (amelogenin !== null) p.amelogenin = JSON.parse(amelogenin) as string[]
  if (overrideReason !== null) p.sexOverride = { reason: overrideReason }
  if (yStr !== null) p.yStr = JSON.parse(yStr) as YHaplotype
  if (mtDna !== null) p.mtDna = JSON.parse(mtDna) as MitoProfile
  if (r.created_by !== null) p.createdBy = r.created_by
  p.unitId = r.unit_id
  return p
}

export function createPersonRepository (db: Database) {
  const cipher = cipherOf(db)
  const getRow = db.prepare('SELECT * FROM unidentified_persons WHERE id = ?')
  // The owner is set when the person is created and never changed by a later write.
  const upsert = db.prepare(`INSERT INTO unidentified_persons (id, sex, estimated_birth_year, found_place, found_date, profile_json, amelogenin_json, sex_override_reason, y_haplotype_json, mt_dna_json, status, input_hash, created_by, unit_id, created_at, updated_at)
    VALUES (@id, @sex, @estimated_birth_year, @found_place, @found_date, @profile_json, @amelogenin_json, @sex_override_reason, @y_haplotype_json, @mt_dna_json, @status, @input_hash, @created_by, @unit_id, @now, @now)
    ON CONFLICT (id) DO UPDATE SET sex = excluded.sex, estimated_birth_year = excluded.estimated_birth_year, found_place = excluded.found_place,
      found_date = excluded.found_date, profile_json = excluded.profile_json, amelogenin_json = excluded.amelogenin_json, sex_override_reason = excluded.sex_override_reason,
      y_haplotype_json = excluded.y_haplotype_json, mt_dna_json = excluded.mt_dna_json,
      status = excluded.status, input_hash = excluded.input_hash, unit_id = coalesce(excluded.unit_id, unidentified_persons.unit_id), updated_at = excluded.updated_at`)
  const openRows = db.prepare("SELECT * FROM unidentified_persons WHERE status = 'open' ORDER BY id")
  const allIds = db.prepare('SELECT id FROM unidentified_persons ORDER BY id')
  const countOpen = db.prepare("SELECT count(*) AS n FROM unidentified_persons WHERE status = 'open'")
  const setStatus = db.prepare('UPDATE unidentified_persons SET status = ?, updated_at = ? WHERE id = ?')
  const del = db.prepare('DELETE FROM unidentified_persons WHERE id = ?')
  const insertVersion = db.prepare('INSERT INTO person_history (person_id, version_json, replaced_by, replaced_at) VALUES (?, ?, ?, ?)')
  const sealVersion = db.prepare('UPDATE person_history SET version_json = ? WHERE id = ?')
  const versionsOf = db.prepare('SELECT id, version_json, replaced_by, replaced_at FROM person_history WHERE person_id = ? ORDER BY id')

  return {
    get: (id: string): PersonRecord | undefined => {
      const row = getRow.get(id) as PersonRow | undefined
      return row === undefined ? undefined : toRecord(cipher, row)
    },
    put: (p: Omit<PersonRecord, 'createdAt' | 'updatedAt'>, now: string = new Date().toISOString()): void => {
      const seal = (column: string, plain: string | undefined): Buffer | null => cipher.sealNullable(T, column, p.id, plain)
      upsert.run({
        id: p.id,
        sex: p.sex,
        estimated_birth_year: seal('estimated_birth_year', p.estimatedBirthYear === undefined ? undefined : String(p.estimatedBirthYear)),
        found_place: seal('found_place', p.foundPlace),
        found_date: seal('found_date', p.foundDate),
        profile_json: seal('profile_json', JSON.stringify(p.profile)),
        amelogenin_json: seal('amelogenin_json', p.amelogenin === undefined ? undefined : JSON.stringify(p.amelogenin)),
        sex_override_reason: seal('sex_override_reason', p.sexOverride?.reason),
        y_haplotype_json: seal('y_haplotype_json', p.yStr === undefined ? undefined : JSON.stringify(p.yStr)),
        mt_dna_json: seal('mt_dna_json', p.mtDna === undefined ? undefined : JSON.stringify(p.mtDna)),
        status: p.status,
        input_hash: p.inputHash,
        created_by: p.createdBy ?? null,
        unit_id: p.unitId ?? null,
        now
      })
    },
    /** Keeps a version that is about to be replaced (call it in the replacement's transaction). */
    archive: db.transaction((version: PersonRecord, replacedBy: number | undefined, now: string = new Date().toISOString()): void => {
      // sealed under the history row's own id, known once the row exists (the plain text is never written)
      const rowId = insertVersion.run(version.id, Buffer.alloc(0), replacedBy ?? null, now).lastInsertRowid
      sealVersion.run(cipher.seal('person_history', 'version_json', String(rowId), JSON.stringify(version)), rowId)
    }),
    /** The versions replacements superseded, oldest first. */
    history: (id: string): PersonVersion[] => (versionsOf.all(id) as Array<{ id: number, version_json: Buffer | string, replaced_by: number | null, replaced_at: string }>).map((r) => ({
      version: JSON.parse(cipher.open('person_history', 'version_json', String(r.id), r.version_json)) as PersonRecord,
      ...(r.replaced_by === null ? {} : { replacedBy: r.replaced_by }),
      replacedAt: r.replaced_at
    })),
    /** Every open person, for a case's search. */
    listOpen: (): PersonRecord[] => (openRows.all() as PersonRow[]).map((r) => toRecord(cipher, r)),
    allIds: (): string[] => (allIds.all() as Array<{ id: string }>).map((r) => r.id),
    countOpen: (): number => (countOpen.get() as { n: number }).n,
    setStatus: (id: string, status: RecordStatus, now: string = new Date().toISOString()): void => { setStatus.run(status, now, id) },
    delete: (id: string): boolean => del.run(id).changes > 0
  }
}

export type PersonRepository = ReturnType<typeof createPersonRepository>
