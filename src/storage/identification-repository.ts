import type { DviConclusion } from '../core/identification/dvi-summary.ts'
import type { Database } from './database.ts'

/**
 * One stored conclusion of the joint identification (migration 083), seen from a slot (caseId and slot set; the
 * person it holds, or null) or from a person (personId set; the slot it fills, or null).
 */
export interface StoredConclusion {
  componentId: string
  caseId: string | null
  slot: string | null
  personId: string | null
  log10Lr: number | null
  log10Glr: number | null
  conclusion: DviConclusion
  posterior: number | null
  competitor: { caseId: string, slot: string, personId: string, log10Lr: number } | null
  joint: boolean
  modelVersion: string | null
  frequencyTable: { id: string, version: string } | null
  computedAt: string
}

interface Row {
  component_id: string
  case_id: string | null
  slot: string | null
  person_id: string | null
  log10_lr: number | null
  log10_glr: number | null
  conclusion: DviConclusion
  posterior: number | null
  competitor_case_id: string | null
  competitor_slot: string | null
  competitor_person_id: string | null
  competitor_log10_lr: number | null
  joint: number
  model_version: string | null
  frequency_table_id: string | null
  frequency_table_version: string | null
  computed_at: string
}

function toConclusion (r: Row): StoredConclusion {
  return {
    componentId: r.component_id,
    caseId: r.case_id,
    slot: r.slot,
    personId: r.person_id,
    log10Lr: r.log10_lr,
    log10Glr: r.log10_glr,
    conclusion: r.conclusion,
    posterior: r.posterior,
    competitor: r.competitor_case_id === null ? null : { caseId: r.competitor_case_id, slot: r.competitor_slot!, personId: r.competitor_person_id!, log10Lr: r.competitor_log10_lr! },
    joint: r.joint === 1,
    modelVersion: r.model_version,
    frequencyTable: r.frequency_table_id === null ? null : { id: r.frequency_table_id, version: r.frequency_table_version! },
    computedAt: r.computed_at
  }
}

function toRow (c: StoredConclusion): Row {
  return {
    component_id: c.componentId,
    case_id: c.caseId,
    slot: c.slot,
    person_id: c.personId,
    log10_lr: c.log10Lr,
    log10_glr: c.log10Glr,
    conclusion: c.conclusion,
    posterior: c.posterior,
    competitor_case_id: c.competitor?.caseId ?? null,
    competitor_slot: c.competitor?.slot ?? null,
    competitor_person_id: c.competitor?.personId ?? null,
    competitor_log10_lr: c.competitor?.log10Lr ?? null,
    joint: c.joint ? 1 : 0,
    model_version: c.modelVersion,
    frequency_table_id: c.frequencyTable?.id ?? null,
    frequency_table_version: c.frequencyTable?.version ?? null,
    computed_at: c.computedAt
  }
}

const COLUMNS = 'component_id, case_id, slot, person_id, log10_lr, log10_glr, conclusion, posterior, competitor_case_id, competitor_slot, competitor_person_id, competitor_log10_lr, joint, model_version, frequency_table_id, frequency_table_version, computed_at'
const VALUES = COLUMNS.split(', ').map((c) => `@${c}`).join(', ')

/** The identification's conclusions per slot and per person; writes are the caller's transaction. */
export function createIdentificationRepository (db: Database) {
  const insertSlot = db.prepare(`INSERT INTO slot_identifications (${COLUMNS}) VALUES (${VALUES})`)
  const insertPerson = db.prepare(`INSERT INTO person_identifications (${COLUMNS}) VALUES (${VALUES})`)
  const slotsOfCase = db.prepare(`SELECT ${COLUMNS} FROM slot_identifications WHERE case_id = ? ORDER BY slot`)
  const ofPerson = db.prepare(`SELECT ${COLUMNS} FROM person_identifications WHERE person_id = ?`)
  const slotsIn = db.prepare(`SELECT ${COLUMNS} FROM slot_identifications WHERE component_id = ?`)
  const personsIn = db.prepare(`SELECT ${COLUMNS} FROM person_identifications WHERE component_id = ?`)
  const componentOfCase = db.prepare('SELECT DISTINCT component_id AS id FROM slot_identifications WHERE case_id = ?')
  const componentOfPerson = db.prepare('SELECT component_id AS id FROM person_identifications WHERE person_id = ?')
  const dropSlots = db.prepare('DELETE FROM slot_identifications WHERE component_id = ?')
  const dropPersons = db.prepare('DELETE FROM person_identifications WHERE component_id = ?')
  const dropSlot = db.prepare('DELETE FROM slot_identifications WHERE case_id = ? AND slot = ?')
  const dropPerson = db.prepare('DELETE FROM person_identifications WHERE person_id = ?')
  return {
    forCase: (caseId: string): StoredConclusion[] => (slotsOfCase.all(caseId) as Row[]).map(toConclusion),
    forPerson: (personId: string): StoredConclusion | undefined => {
      const r = ofPerson.get(personId) as Row | undefined
      return r === undefined ? undefined : toConclusion(r)
    },
    /** The components the cases' slots and the persons are in now (their stored conclusions). */
    componentsOf: (caseIds: Iterable<string>, personIds: Iterable<string>): Set<string> => {
      const out = new Set<string>()
      for (const id of caseIds) for (const r of componentOfCase.all(id) as Array<{ id: string }>) out.add(r.id)
      for (const id of personIds) for (const r of componentOfPerson.all(id) as Array<{ id: string }>) out.add(r.id)
      return out
    },
    /** Every slot and person row of a component. */
    component: (id: string): { slots: StoredConclusion[], persons: StoredConclusion[] } => ({
      slots: (slotsIn.all(id) as Row[]).map(toConclusion),
      persons: (personsIn.all(id) as Row[]).map(toConclusion)
    }),
    /**
     * Replaces the rows of the given components, and of any slot or person the new rows name, by the new rows
     * (in the caller's transaction: what is replaced and what replaces it commit together).
     */
    replace: (components: Iterable<string>, slots: readonly StoredConclusion[], persons: readonly StoredConclusion[]): void => {
      for (const id of components) { dropSlots.run(id); dropPersons.run(id) }
      for (const s of slots) { dropSlot.run(s.caseId, s.slot); insertSlot.run(toRow(s)) }
      for (const p of persons) { dropPerson.run(p.personId); insertPerson.run(toRow(p)) }
    }
  }
}

export type IdentificationRepository = ReturnType<typeof createIdentificationRepository>
