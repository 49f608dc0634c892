import { personInputHash } from '../runs/input-hash.ts'
import { createCaseRepository } from '../storage/case-repository.ts'
import type { Database } from '../storage/database.ts'
import { createPersonRepository, type PersonRecord } from '../storage/person-repository.ts'
import { planSamples, type SampleAction } from './commit-plan.ts'
import { commitImport, lineageOf, type CommitMode, type CommitResult } from './import-commit.ts'
import type { SamplePreview } from './import-preview.ts'
import { pendingJournal, rollBackPendingImport } from './import-journal.ts'
import { sampleChunks, type PackedPreview } from './preview-transfer.ts'

/** Longest synchronous slice of a commit (ms): well inside the 50 ms the event loop may be held. */
export const COMMIT_SLICE_MS = 10

/** Samples planned between two yields (a plan reads one record per sample: well under 10 ms for 50). */
const PLAN_GROUP = 50

export interface ChunkedCommitOptions {
  now?: string
  /** The importing lab (owner of the persons stored); absent for an operator's CLI import. */
  account?: number
  /** Runs inside the transaction that makes the import whole: its audit entry goes here. */
  inFinalTransaction?: (result: CommitResult) => void
  /**
   * Told, once the import is committed, of the new persons as written: the service feeds them to its
   * screen from these records instead of reading back and decrypting 10^5 rows (candidate-screen.ts).
   */
  onPersonsCommitted?: (persons: StoredPerson[]) => void
  sliceMs?: number
}

/** A new unidentified person as the commit wrote it. */
export type StoredPerson = Pick<PersonRecord, 'id' | 'sex' | 'profile' | 'inputHash' | 'status'>

type Refused = Extract<SampleAction, { action: 'refused' }>
interface Indexed<T> { index: number, item: T }

/**
 * Commits a packed preview without holding the event loop for more than about COMMIT_SLICE_MS at a time.
 *
 * Design. A 10^6-row batch is ~48,000 new persons, ~15 s of writes. One transaction held open across
 * yields would make every other request's writes on the shared connection part of it (lost if it rolled
 * back, unacknowledged until it commits), and a second connection would make them wait on SQLite's lock
 * with the event loop blocked. So the new persons are written in short transactions, and the import is
 * made all-or-nothing by a journal instead:
 * 1. every sample is planned first (reads only, chunk by chunk): an all-or-nothing file with a refused
 *    sample stops here, having written nothing;
 * 2. the first write is the imports row, pending, listing the person ids the import will create
 *    (import-journal.ts); each slice re-checks its persons (one stored meanwhile by another request is
 *    never overwritten) and inserts them with the import's own `created_at`;
 * 3. one final transaction writes the references (case updates, few per file), the frequency tables,
 *    the import's final row and its audit entry. Before it the import is not committed.
 * A failure before the final transaction (an error, or in all-or-nothing a sample that a concurrent request
 * made refusable) removes what the slices stored; after a crash the pending row remains and
 * recoverInterruptedImports removes the rest at the next start. Between slices, persons already written
 * are readable but not yet searched (the search runs after the commit, as for any import).
 */
export async function commitPackedImport (db: Database, packed: PackedPreview, mode: CommitMode, options: ChunkedCommitOptions = {}): Promise<CommitResult> {
  const now = options.now ?? new Date().toISOString()
  const sliceMs = options.sliceMs ?? COMMIT_SLICE_MS
  const persons = createPersonRepository(db)
  const cases = createCaseRepository(db)
  const account = options.account === undefined ? {} : { account: options.account }

  // 1. The unidentified side is planned chunk by chunk; references and unassigned samples together
  // (the plan checks two samples claiming one case person across the whole file).
  const news: Array<Indexed<SamplePreview>> = []
  const early: Array<Indexed<SampleAction>> = []
  const rest: Array<Indexed<SamplePreview>> = []
  let index = 0
  for await (const chunk of sampleChunks(packed)) {
    const uni: Array<Indexed<SamplePreview>> = []
    for (const item of chunk) (item.assignment?.side === 'unidentified' ? uni : rest).push({ index: index++, item })
    // Planning reads (and decrypts) every person id: in groups of PLAN_GROUP, yielding between them.
    for (let g = 0; g < uni.length; g += PLAN_GROUP) {
      const group = uni.slice(g, g + PLAN_GROUP)
      planSamples(group.map((x) => x.item), { getCase: cases.get, getPerson: persons.get, ...account }).forEach((action, k) => {
        if (action.action === 'store-unidentified') news.push({ index: group[k].index, item: { ...group[k].item, sex: action.sex } })
        // lineage markers for a stored person change a record: written with the references, in the final transaction
        else if (action.action === 'add-lineage') rest.push(group[k])
        else early.push({ index: group[k].index, item: action })
      })
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  const earlyActions = early
  const restPlan = planSamples(rest.map((x) => x.item), { getCase: cases.get, getPerson: persons.get, ...account })
  const refusedUpfront = [...earlyActions.filter((e) => e.item.action === 'refused'), ...restPlan.map((item, k) => ({ index: rest[k].index, item })).filter((e) => e.item.action === 'refused')]
  if (mode === 'all-or-nothing' && (refusedUpfront.length > 0 || packed.head.errors.length > 0)) {
    const refused = sorted(refusedUpfront).map((a) => ({ id: a.id, reasons: (a as Refused).reasons }))
    const unchanged = sorted([...earlyActions, ...restPlan.map((item, k) => ({ index: rest[k].index, item }))].filter((e) => e.item.action === 'unchanged')).map((a) => a.id)
    return {
      mode,
      committed: false,
      stored: { unidentified: [], references: [], frequencyTables: [] },
      unchanged,
      refused,
      ...previousImport(db, packed.head.contentHash),
      reason: refused.length > 0
        ? `all-or-nothing: ${refused.length} sample(s) refused (${refused.map((r) => r.id).join(', ')}); nothing was stored`
        : `all-or-nothing: the file has ${packed.head.errors.length} error(s); nothing was stored`
    }
  }

  // 2. The journal, then the new persons in slices.
  const importId = news.length === 0
    ? undefined
    : Number(db.prepare('INSERT INTO imports (content_hash, file_name, format, mode, stored_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(packed.head.contentHash, packed.head.fileName, packed.head.format, mode, JSON.stringify({ unidentified: [], references: [], frequencyTables: [], ...pendingJournal(news.map((n) => n.item.id)) }), now).lastInsertRowid)
  const previous = previousImport(db, packed.head.contentHash, importId)
  const stored: Array<Indexed<string>> = []
  const written: StoredPerson[] = []
  const conflicts: Array<Indexed<SampleAction>> = []
  try {
    for (let i = 0; i < news.length;) {
      db.transaction(() => {
        const t0 = performance.now()
        do {
          const { index: at, item: s } = news[i++]
          if (persons.get(s.id) !== undefined) {
            conflicts.push({ index: at, item: { id: s.id, action: 'refused', reasons: [`unidentified person ${s.id} was stored by another request while this import was being committed; the import did not overwrite it`] } })
            continue
          }
          const record = { id: s.id, sex: s.sex as 'male' | 'female', profile: s.loci, ...(s.amelogenin !== undefined ? { amelogenin: s.amelogenin } : {}), ...(s.sexOverride !== undefined ? { sexOverride: s.sexOverride } : {}), ...lineageOf(s), status: 'open' as const }
          const inputHash = personInputHash(record)
          persons.put({ ...record, inputHash, ...(options.account === undefined ? {} : { createdBy: options.account }) }, now)
          stored.push({ index: at, item: s.id })
          written.push({ id: record.id, sex: record.sex, profile: record.profile, inputHash, status: 'open' })
        } while (i < news.length && performance.now() - t0 < sliceMs)
      }).immediate()
      if (mode === 'all-or-nothing' && conflicts.length > 0) throw new ImportRefused(conflicts.map((c) => ({ id: c.item.id, reasons: (c.item as Refused).reasons })))
      await new Promise((resolve) => setImmediate(resolve))
    }

    // 3. Everything else and the import's final row, in one transaction.
    const committed = db.transaction(() => {
      const tail = commitImport(db, { ...packed.head, samples: rest.map((x) => x.item) }, packed.frequencyTables, mode, now, options.account, { writeImportRow: false })
      if (!tail.committed) throw new ImportRefused(tail.refused, tail.reason)
      const restIndex = new Map(rest.map((x) => [x.item.id, x.index]))
      const byIndex = (ids: Array<{ id: string }>): Array<Indexed<string>> => ids.map((r) => ({ index: restIndex.get(r.id) ?? 0, item: r.id }))
      const refused = [...earlyActions.filter((e) => e.item.action === 'refused'), ...conflicts].map((e) => ({ index: e.index, item: { id: e.item.id, reasons: (e.item as Refused).reasons } }))
      const result: CommitResult = {
        mode,
        committed: true,
        ...previous,
        stored: { unidentified: sorted(stored), references: tail.stored.references, frequencyTables: tail.stored.frequencyTables, ...(tail.stored.lineage === undefined ? {} : { lineage: tail.stored.lineage }) },
        unchanged: sorted([...earlyActions.filter((e) => e.item.action === 'unchanged').map((e) => ({ index: e.index, item: e.item.id })), ...byIndex(tail.unchanged.map((id) => ({ id })))]),
        refused: sorted([...refused, ...tail.refused.map((r) => ({ index: restIndex.get(r.id) ?? 0, item: r }))])
      }
      const storedCount = result.stored.unidentified.length + result.stored.references.length + result.stored.frequencyTables.length + (result.stored.lineage?.length ?? 0)
      if (importId !== undefined && storedCount > 0) {
        db.prepare('UPDATE imports SET stored_json = ? WHERE id = ?').run(JSON.stringify(result.stored), importId)
        result.importId = importId
      } else {
        if (importId !== undefined) db.prepare('DELETE FROM imports WHERE id = ?').run(importId)
        if (storedCount > 0) {
          result.importId = Number(db.prepare('INSERT INTO imports (content_hash, file_name, format, mode, stored_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
            .run(packed.head.contentHash, packed.head.fileName, packed.head.format, mode, JSON.stringify(result.stored), now).lastInsertRowid)
        }
      }
      options.inFinalTransaction?.(result)
      return result
    }).immediate()
    options.onPersonsCommitted?.(written)
    return committed
  } catch (err) {
    if (importId !== undefined) await rollBackPendingImport(db, importId, sliceMs)
    if (!(err instanceof ImportRefused)) throw err
    return {
      mode,
      committed: false,
      ...previous,
      stored: { unidentified: [], references: [], frequencyTables: [] },
      unchanged: [],
      refused: err.refused,
      reason: err.reason ?? `all-or-nothing: ${err.refused.length} sample(s) became refusable while the import was being committed (${err.refused.map((r) => r.id).join(', ')}); nothing was stored`
    }
  }
}

class ImportRefused extends Error {
  constructor (readonly refused: CommitResult['refused'], readonly reason?: string) { super('import refused') }
}

function sorted<T> (xs: Array<Indexed<T>>): T[] {
  return [...xs].sort((a, b) => a.index - b.index).map((x) => x.item)
}

/** An earlier committed import of the same bytes (a pending one is not an import yet). */
function previousImport (db: Database, contentHash: string, except?: number): { previousImportId?: number } {
  const row = db.prepare("SELECT id FROM imports WHERE content_hash = ? AND json_extract(stored_json, '$.pending') IS NULL AND id IS NOT ? ORDER BY id LIMIT 1").get(contentHash, except ?? null) as { id: number } | undefined
  return row === undefined ? {} : { previousImportId: row.id }
}
