import { createMitoHaplotypeIndex, createYHaplotypeIndex } from '../core/lineage/haplotype-frequency.ts'
import { combinedLog10Lr, type LineageLr } from '../core/lineage/lineage-lr.ts'
import { lineageRelations } from '../core/lineage/lineage-relations.ts'
import { mitoLineLr } from '../core/lineage/mito-lr.ts'
import type { MitoProfile } from '../core/lineage/mito-profile.ts'
import type { YHaplotype } from '../core/lineage/y-haplotype.ts'
import { yLineLr } from '../core/lineage/y-lr.ts'
import type { CaseRecord, CaseRepository } from '../storage/case-repository.ts'
import type { Database } from '../storage/database.ts'
import type { PersonRecord, PersonRepository } from '../storage/person-repository.ts'

/** The figures of one lineage system for a pair, as stored and shown (never a haplotype or an allele). */
export interface LineageFigure {
  log10Lr: number | null
  log10Numerator: number
  frequency: number
  /** Database haplotypes equal to the candidate's over the compared loci or range, and how many were comparable. */
  matches: number
  size: number
  method: string
  /** Y loci compared, or the mtDNA overlap as text. */
  compared: string[]
  differences: number
  relatives: Array<{ id: string, meioses: number }>
}

/** A pair's lineage evidence: each system evaluated (absent: no typed reference on that line, or a side untyped). */
export interface PairLineage {
  paternal?: LineageFigure
  maternal?: LineageFigure
}

const figure = (l: LineageLr): LineageFigure => ({
  log10Lr: l.log10Lr,
  log10Numerator: l.log10Numerator,
  frequency: l.frequency.frequency,
  matches: l.frequency.matches,
  size: l.frequency.size,
  method: l.frequency.method,
  compared: l.compared,
  differences: l.differences,
  relatives: l.relatives
})

/** The combined log10 LR of a pair: autosomal × each lineage system evaluated (independent given the pedigree). */
export function pairCombinedLog10Lr (autosomal: number | null, lineage: PairLineage | undefined): number | null {
  return combinedLog10Lr(autosomal, [lineage?.paternal, lineage?.maternal])
}

const personKey = (id: string): string => `P:${id}`
const refKey = (caseId: string, refId: string): string => `R:${caseId}\u0000${refId}`

/**
 * The database's own lineage haplotypes in memory (every stored person's and reference's Y haplotype and
 * mitotype, one entry each), from which a candidate's haplotype frequency is counted
 * (src/core/lineage/haplotype-frequency.ts), and the lineage LRs of a pair on its case's pedigree.
 *
 * Kept up to date on entry without being told by each writer (API, imports, reruns, expungement): before
 * each use the ids and input hashes of the records holding lineage markers are read (plain, indexed
 * columns), and only a record whose hash changed is read and decrypted again; a record gone is removed.
 */
export function createLineageEvidence (db: Database, cases: CaseRepository, persons: PersonRepository) {
  const y = createYHaplotypeIndex()
  const mt = createMitoHaplotypeIndex()
  const personHashes = new Map<string, string>()
  const caseHashes = new Map<string, { hash: string, keys: string[] }>()
  // the records holding lineage markers, for the lineage screen (casesLiftedFor, personsLiftedFor)
  const typedPersonRecords = new Map<string, PersonRecord>()
  const typedCaseRecords = new Map<string, CaseRecord>()
  const typedPersons = db.prepare('SELECT id, input_hash AS h FROM unidentified_persons WHERE y_haplotype_json IS NOT NULL OR mt_dna_json IS NOT NULL')
  const typedCases = db.prepare('SELECT DISTINCT c.id, c.input_hash AS h FROM cases c JOIN reference_profiles r ON r.case_id = c.id WHERE r.y_haplotype_json IS NOT NULL OR r.mt_dna_json IS NOT NULL')

  const put = (key: string, h: { yStr?: YHaplotype, mtDna?: MitoProfile }): void => {
    if (h.yStr !== undefined) y.add(key, h.yStr); else y.remove(key)
    if (h.mtDna !== undefined) mt.add(key, h.mtDna); else mt.remove(key)
  }
  const drop = (key: string): void => { y.remove(key); mt.remove(key) }

  function sync (): void {
    const seenPersons = new Set<string>()
    for (const { id, h } of typedPersons.all() as Array<{ id: string, h: string }>) {
      seenPersons.add(id)
      if (personHashes.get(id) === h) continue
      const p = persons.get(id)
      if (p === undefined) continue
      put(personKey(id), p)
      personHashes.set(id, h)
      typedPersonRecords.set(id, p)
    }
    for (const id of personHashes.keys()) if (!seenPersons.has(id)) { drop(personKey(id)); personHashes.delete(id); typedPersonRecords.delete(id) }
    const seenCases = new Set<string>()
    for (const { id, h } of typedCases.all() as Array<{ id: string, h: string }>) {
      seenCases.add(id)
      if (caseHashes.get(id)?.hash === h) continue
      const c = cases.get(id)
      if (c === undefined) continue
      for (const key of caseHashes.get(id)?.keys ?? []) drop(key)
      const keys: string[] = []
      for (const [refId, ref] of Object.entries(c.references)) {
        if (ref.yStr === undefined && ref.mtDna === undefined) continue
        put(refKey(id, refId), ref)
        keys.push(refKey(id, refId))
      }
      caseHashes.set(id, { hash: h, keys })
      typedCaseRecords.set(id, c)
    }
    for (const [id, { keys }] of caseHashes) if (!seenCases.has(id)) { for (const key of keys) drop(key); caseHashes.delete(id); typedCaseRecords.delete(id) }
  }

  /**
   * The lineage LRs of a person in a case's missing-person slot (the first, or `slot`), against the typed
   * references on the slot's paternal and maternal lines. The candidate's frequency is counted over the
   * database without the candidate himself and without this case's references (their haplotypes are the
   * evidence, not the population). Undefined when neither system can be evaluated.
   */
  function pairLineage (c: CaseRecord, p: PersonRecord, slot: string = c.missingPerson, synced = false): PairLineage | undefined {
    if (p.yStr === undefined && p.mtDna === undefined) return undefined
    const refsY: Record<string, YHaplotype> = {}
    const refsMt: Record<string, MitoProfile> = {}
    for (const [id, ref] of Object.entries(c.references)) {
      if (ref.yStr !== undefined) refsY[id] = ref.yStr
      if (ref.mtDna !== undefined) refsMt[id] = ref.mtDna
    }
    const typed = new Set([...Object.keys(refsY), ...Object.keys(refsMt)])
    if (typed.size === 0) return undefined
    if (!synced) sync()
    const lines = lineageRelations({ persons: c.persons, missingPerson: slot }, typed)
    const exclude = new Set([personKey(p.id), ...Object.keys(c.references).map((id) => refKey(c.id, id))])
    const out: PairLineage = {}
    if (p.yStr !== undefined && lines.paternal !== undefined) {
      const l = yLineLr(lines.paternal, refsY, p.yStr, (cand, loci) => y.frequency(cand, loci, exclude))
      if (l !== undefined) out.paternal = figure(l)
    }
    if (p.mtDna !== undefined) {
      const l = mitoLineLr(lines.maternal, refsMt, p.mtDna, (cand, over) => mt.frequency(cand, over, exclude))
      if (l !== undefined) out.maternal = figure(l)
    }
    return out.paternal === undefined && out.maternal === undefined ? undefined : out
  }

  /** True when the lineage evidence of the pair multiplies its LR by more than 1 (so it may lift it above the floor). */
  const lifts = (c: CaseRecord, p: PersonRecord): boolean => {
    if (c.status !== 'open' || p.status !== 'open' || c.missingPersonSex !== p.sex) return false
    const l = pairLineage(c, p, c.missingPerson, true)
    const total = pairCombinedLog10Lr(0, l)
    return total !== null && total > 0
  }

  return {
    sync,
    pairLineage,
    /**
     * The lineage screen: open cases, not in `screened`, on whose lines the person's lineage markers give an LR
     * above 1. The autosomal screen proved every other pair's autosomal LR below the floor, and a lineage LR of
     * at most 1 cannot lift it, so these are the only unscreened pairs that may reach the floor combined. Exact,
     * not bounded: the lineage LR of each case with typed line references is computed (cheap beside the engine).
     */
    casesLiftedFor: (p: PersonRecord, screened: ReadonlySet<string>): string[] => {
      if (p.yStr === undefined && p.mtDna === undefined) return []
      sync()
      return [...typedCaseRecords.values()].filter((c) => !screened.has(c.id) && lifts(c, p)).map((c) => c.id).sort()
    },
    /** The same for a case: the open persons, not in `screened`, whose lineage markers its lines lift. */
    personsLiftedFor: (c: CaseRecord, screened: ReadonlySet<string>): string[] => {
      sync()
      if (!caseHashes.has(c.id) && Object.values(c.references).every((r) => r.yStr === undefined && r.mtDna === undefined)) return []
      return [...typedPersonRecords.values()].filter((p) => !screened.has(p.id) && lifts(c, p)).map((p) => p.id).sort()
    },
    /** How many haplotypes of each system the database holds (for the reports: the N behind a frequency). */
    sizes: (): { y: number, mt: number } => { sync(); return { y: y.size, mt: mt.size } }
  }
}

export type LineageEvidence = ReturnType<typeof createLineageEvidence>

/**
 * A computed result with its pair's lineage evidence and the combined LR, when a lineage system could be
 * evaluated; unchanged otherwise (and for a sex mismatch or an error, which are no LR). The slot is the
 * result's own (a multi-slot case) or the case's missing person.
 */
export function withLineage<R extends { status: string, log10Lr: number | null, slot?: string }> (evidence: LineageEvidence, r: R, c: CaseRecord, p: PersonRecord): R & { lineage?: PairLineage, combinedLog10Lr?: number | null } {
  if (r.status !== 'scored' && r.status !== 'excluded') return r
  const lineage = evidence.pairLineage(c, p, r.slot ?? c.missingPerson, true)
  return lineage === undefined ? r : { ...r, lineage, combinedLog10Lr: pairCombinedLog10Lr(r.log10Lr, lineage) }
}
