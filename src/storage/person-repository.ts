import type { Profile, Sex } from '../core/markers/profile.ts'
import type { RecordStatus } from './case-repository.ts'
import type { Database } from './database.ts'

/** An unidentified person as stored: sample id, sex, what is known of them, the canonical profile. */
export interface PersonRecord {
  id: string
  sex: Sex
  estimatedBirthYear?: number
  foundPlace?: string
  foundDate?: string
  profile: Profile
  amelogenin?: string[]
  status: RecordStatus
  inputHash: string
  /** The account that created the person (users.id); absent when made from the command line. */
  createdBy?: number
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
  estimated_birth_year: number | null
  found_place: string | null
  found_date: string | null
  profile_json: string
  amelogenin_json: string | null
  status: RecordStatus
  input_hash: string
  created_by: number | null
  created_at: string
  updated_at: string
}

function toRecord (r: PersonRow): PersonRecord {
  const p: PersonRecord = {
    id: r.id,
    sex: r.sex,
    profile: JSON.parse(r.profile_json) as Profile,
    status: r.status,
    inputHash: r.input_hash,
    createdAt: r.created_at,
    updatedAt: r.updated_at
  }
  if (r.estimated_birth_year !== null) p.estimatedBirthYear = r.estimated_birth_year
  if (r.found_place !== null) p.foundPlace = r.found_place
  if (r.found_date !== null) p.foundDate = r.found_date
  if (r.amelogenin_json !== null) p.amelogenin = JSON.parse(r.amelogenin_json) as string[]
  if (r.created_by !== null) p.createdBy = r.created_by
  return p
}

export function createPersonRepository (db: Database) {
  const getRow = db.prepare('SELECT * FROM unidentified_persons WHERE id = ?')
  // The owner is set when the person is created and never changed by a later write.
  const upsert = db.prepare(`INSERT INTO unidentified_persons (id, sex, estimated_birth_year, found_place, found_date, profile_json, amelogenin_json, status, input_hash, created_by, created_at, updated_at)
    VALUES (@id, @sex, @estimated_birth_year, @found_place, @found_date, @profile_json, @amelogenin_json, @status, @input_hash, @created_by, @now, @now)
    ON CONFLICT (id) DO UPDATE SET sex = excluded.sex, estimated_birth_year = excluded.estimated_birth_year, found_place = excluded.found_place,
      found_date = excluded.found_date, profile_json = excluded.profile_json, amelogenin_json = excluded.amelogenin_json,
      status = excluded.status, input_hash = excluded.input_hash, updated_at = excluded.updated_at`)
  const openRows = db.prepare("SELECT * FROM unidentified_persons WHERE status = 'open' ORDER BY id")
  const allIds = db.prepare('SELECT id FROM unidentified_persons ORDER BY id')
  const countOpen = db.prepare("SELECT count(*) AS n FROM unidentified_persons WHERE status = 'open'")
  const setStatus = db.prepare('UPDATE unidentified_persons SET status = ?, updated_at = ? WHERE id = ?')
  const del = db.prepare('DELETE FROM unidentified_persons WHERE id = ?')
  const insertVersion = db.prepare('INSERT INTO person_history (person_id, version_json, replaced_by, replaced_at) VALUES (?, ?, ?, ?)')
  const versionsOf = db.prepare('SELECT version_json, replaced_by, replaced_at FROM person_history WHERE person_id = ? ORDER BY id')

  return {
    get: (id: string): PersonRecord | undefined => {
      const row = getRow.get(id) as PersonRow | undefined
      return row === undefined ? undefined : toRecord(row)
    },
    put: (p: Omit<PersonRecord, 'createdAt' | 'updatedAt'>, now: string = new Date().toISOString()): void => {
      upsert.run({
        id: p.id,
        sex: p.sex,
        estimated_birth_year: p.estimatedBirthYear ?? null,
        found_place: p.foundPlace ?? null,
        found_date: p.foundDate ?? null,
        profile_json: JSON.stringify(p.profile),
        amelogenin_json: p.amelogenin === undefined ? null : JSON.stringify(p.amelogenin),
        status: p.status,
        input_hash: p.inputHash,
        created_by: p.createdBy ?? null,
        now
      })
    },
    /** Keeps a version that is about to be replaced (call it in the replacement's transaction). */
    archive: (version: PersonRecord, replacedBy: number | undefined, now: string = new Date().toISOString()): void => {
      insertVersion.run(version.id, JSON.stringify(version), replacedBy ?? null, now)
    },
    /** The versions replacements superseded, oldest first. */
    history: (id: string): PersonVersion[] => (versionsOf.all(id) as Array<{ version_json: string, replaced_by: number | null, replaced_at: string }>).map((r) => ({
      version: JSON.parse(r.version_json) as PersonRecord,
      ...(r.replaced_by === null ? {} : { replacedBy: r.replaced_by }),
      replacedAt: r.replaced_at
    })),
    /** Every open person, for a case's search. */
    listOpen: (): PersonRecord[] => (openRows.all() as PersonRow[]).map(toRecord),
    allIds: (): string[] => (allIds.all() as Array<{ id: string }>).map((r) => r.id),
    countOpen: (): number => (countOpen.get() as { n: number }).n,
    setStatus: (id: string, status: RecordStatus, now: string = new Date().toISOString()): void => { setStatus.run(status, now, id) },
    delete: (id: string): boolean => del.run(id).changes > 0
  }
}

export type PersonRepository = ReturnType<typeof createPersonRepository>
