import type { FrequencyTable } from '../core/markers/frequency-table.ts'
import { caseInputHash, personInputHash } from '../runs/input-hash.ts'
import { createCaseRepository, type CaseRecord } from '../storage/case-repository.ts'
import type { Database } from '../storage/database.ts'
import { createFrequencyTableRepository } from '../storage/frequency-table-repository.ts'
import { createPersonRepository } from '../storage/person-repository.ts'
import { planSamples, type SampleAction } from './commit-plan.ts'
import type { ImportPreview, SamplePreview } from './import-preview.ts'

export type CommitMode = 'all-or-nothing' | 'accepted-only'

/** Lineage markers added to a stored person (no caseId) or reference: the sample, the record, which systems. */
export interface LineageAdded { sampleId: string, personId: string, caseId?: string, systems: Array<'yStr' | 'mtDna'> }

/** The sample's lineage markers, as record fields (absent when untyped). */
export function lineageOf (s: Pick<SamplePreview, 'yStr' | 'mtDna'>): Pick<SamplePreview, 'yStr' | 'mtDna'> {
  return { ...(s.yStr !== undefined ? { yStr: s.yStr } : {}), ...(s.mtDna !== undefined ? { mtDna: s.mtDna } : {}) }
}

export interface CommitResult {
  mode: CommitMode
  /** False when the file was refused as a whole (all-or-nothing with a bad sample, or a failed write). */
  committed: boolean
  /** The imports row written, when something new was stored. */
  importId?: number
  /** An earlier import of the same bytes, if any. */
  previousImportId?: number
  stored: { unidentified: string[], references: Array<{ sampleId: string, caseId: string, personId: string }>, frequencyTables: Array<{ id: string, version: string }>, lineage?: LineageAdded[] }
  unchanged: string[]
  refused: Array<{ id: string, reasons: string[] }>
  /** Why the whole file was refused, when it was. */
  reason?: string
}

/**
 * Stores the accepted samples (and frequency tables) of a previewed file in ONE transaction.
 * 'all-or-nothing' refuses the whole file if any sample is refused or the file has errors;
 * 'accepted-only' stores the good samples and reports the others. Any failure while writing rolls
 * the transaction back, so the database is exactly as it was. Identical profiles already stored are
 * left alone, so importing a file twice stores nothing new (and writes no second imports row).
 * `account`: the importing lab, owner of the persons stored (see PlanLookups.account).
 */
export function commitImport (db: Database, preview: ImportPreview, tables: FrequencyTable[], mode: CommitMode, now = new Date().toISOString(), account?: number, options: { writeImportRow?: boolean } = {}): CommitResult {
  const cases = createCaseRepository(db)
  const persons = createPersonRepository(db)
  const freq = createFrequencyTableRepository(db)
  // A pending row is an import still being written in slices (import-commit-chunked.ts), not an earlier import.
  const previous = db.prepare("SELECT id FROM imports WHERE content_hash = ? AND json_extract(stored_json, '$.pending') IS NULL ORDER BY id LIMIT 1").get(preview.contentHash) as { id: number } | undefined
  const result: CommitResult = { mode, committed: false, stored: { unidentified: [], references: [], frequencyTables: [] }, unchanged: [], refused: [], ...(previous !== undefined ? { previousImportId: previous.id } : {}) }

  const run = db.transaction(() => {
    const actions = planSamples(preview.samples, { getCase: cases.get, getPerson: persons.get, ...(account === undefined ? {} : { account }) })
    result.refused = actions.filter((a) => a.action === 'refused').map((a) => ({ id: a.id, reasons: (a as Extract<SampleAction, { action: 'refused' }>).reasons }))
    result.unchanged = actions.filter((a) => a.action === 'unchanged').map((a) => a.id)
    if (mode === 'all-or-nothing' && (result.refused.length > 0 || preview.errors.length > 0)) {
      result.reason = result.refused.length > 0
        ? `all-or-nothing: ${result.refused.length} sample(s) refused (${result.refused.map((r) => r.id).join(', ')}); nothing was stored`
        : `all-or-nothing: the file has ${preview.errors.length} error(s); nothing was stored`
      return
    }
    const byId = new Map(preview.samples.map((s) => [s.id, s]))
    const touched = new Map<string, CaseRecord>()
    for (const a of actions) {
      const s = byId.get(a.id)
      if (s === undefined) continue
      if (a.action === 'store-unidentified') {
        const record = { id: s.id, sex: a.sex, profile: s.loci, ...(s.amelogenin !== undefined ? { amelogenin: s.amelogenin } : {}), ...(s.sexOverride !== undefined ? { sexOverride: s.sexOverride } : {}), ...lineageOf(s), status: 'open' as const }
        persons.put({ ...record, inputHash: personInputHash(record), ...(account === undefined ? {} : { createdBy: account }) }, now)
        result.stored.unidentified.push(s.id)
      } else if (a.action === 'store-reference') {
        const kase = touched.get(a.caseId) ?? structuredClone(cases.get(a.caseId) as CaseRecord)
        // defineProperty, not `=`: assigning to a person id "__proto__" would replace the prototype and lose the reference.
        Object.defineProperty(kase.references, a.personId, {
          value: { profile: s.loci, sampleId: s.id, ...(s.amelogenin !== undefined ? { amelogenin: s.amelogenin } : {}), ...lineageOf(s) },
          enumerable: true,
          writable: true,
          configurable: true
        })
        touched.set(a.caseId, kase)
        result.stored.references.push({ sampleId: s.id, caseId: a.caseId, personId: a.personId })
      } else if (a.action === 'add-lineage') {
        // the plan checked the record holds none of these systems, or the same: adding is never overwriting
        const systems = (['yStr', 'mtDna'] as const).filter((k) => s[k] !== undefined)
        if (a.caseId === undefined) {
          const person = persons.get(a.personId)!
          const { createdAt: _c, updatedAt: _u, ...rest } = person
          const next = { ...rest, ...lineageOf(s) }
          persons.archive(person, account, now)
          persons.put({ ...next, inputHash: personInputHash(next) }, now)
        } else {
          const kase = touched.get(a.caseId) ?? structuredClone(cases.get(a.caseId) as CaseRecord)
          Object.assign(kase.references[a.personId], lineageOf(s))
          touched.set(a.caseId, kase)
        }
        result.stored.lineage = [...(result.stored.lineage ?? []), { sampleId: s.id, personId: a.personId, ...(a.caseId === undefined ? {} : { caseId: a.caseId }), systems }]
      }
    }
    for (const kase of touched.values()) {
      const { createdAt: _c, updatedAt: _u, ...rest } = kase
      cases.put({ ...rest, inputHash: caseInputHash(kase) }, now)
    }
    for (const table of tables) {
      const { table: stored, created } = freq.add(table, now)
      if (created) result.stored.frequencyTables.push({ id: stored.id, version: stored.version })
    }
    result.committed = true
    const storedCount = result.stored.unidentified.length + result.stored.references.length + result.stored.frequencyTables.length + (result.stored.lineage?.length ?? 0)
    // The chunked commit writes (and finalises) its own row, in the transaction that calls this one.
    if (storedCount > 0 && options.writeImportRow !== false) {
      const info = db.prepare('INSERT INTO imports (content_hash, file_name, format, mode, stored_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(preview.contentHash, preview.fileName, preview.format, mode, JSON.stringify(result.stored), now)
      result.importId = Number(info.lastInsertRowid)
    }
  })
  run.immediate()
  return result
}
