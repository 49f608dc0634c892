import { createHash } from 'node:crypto'
import { fail } from '../core/errors.ts'
import { createDviContext, lnFamilyLr, type DviContext } from '../core/identification/dvi-context.ts'
import { missingSlotsOf } from '../core/pedigree/missing-slots.ts'
import { createCaseRepository } from '../storage/case-repository.ts'
import { createPersonRepository } from '../storage/person-repository.ts'
import { caseKinship } from './match-plan.ts'
import { identifyLinks, type Identification } from '../core/identification/link-identification.ts'
import type { PairLink } from '../core/identification/link-graph.ts'
import type { Database } from '../storage/database.ts'
import { createAlertRepository } from '../storage/alert-repository.ts'
import { createIdentificationRepository, type StoredConclusion } from '../storage/identification-repository.ts'
import type { ResultSource } from './result-recorder.ts'
import type { MatchModel } from './match-model.ts'

export interface IdentificationDeps {
  db: Database
  /** The model of a population's current table (the match service's). */
  modelFor: (tableId: string) => MatchModel
  /** HOMEWARD_CANDIDATE_LR and HOMEWARD_LR_THRESHOLD. */
  settings: { candidateLr: number, lrThreshold: number }
}

/** What one refresh did: components solved, slot and person rows written, alerts raised. */
export interface RefreshOutcome { components: number, slots: number, persons: number, alerts: number }

const SEP = '\u0000'
const slotKey = (caseId: string, slot: string): string => `${caseId}${SEP}${slot}`

/**
 * Joint identification in the service (issue 13): after a search or a rerun, the components of the candidate
 * graph that the change touched are read from the stored pairwise results (persons × case slots linked by an LR
 * above the floor, at most 2 inconsistent loci as dvir's maxIncomp, sex-consistent since only same-sex pairs are
 * scored), solved with the core (link-identification.ts), and their conclusions written in one transaction with
 * the rows they replace and the alerts of the cases whose conclusion changed. It runs on the calling thread: it
 * reads only stored LRs (no genotype, no likelihood), and each component's search is bounded (maxNodes), a
 * component beyond it being concluded by its pairwise LRs and marked so.
 * Keyed by (case, slot): a case with several slots is one family of the graph, its joint LRs from the pedigree.
 */
export function createIdentificationService (deps: IdentificationDeps) {
  const { db, settings } = deps
  const conclusions = createIdentificationRepository(db)
  const cases = createCaseRepository(db)
  const persons = createPersonRepository(db)
  const alerts = createAlertRepository(db)
  // Links start above the candidate floor and never below LR 1: a pair that supports nothing links nothing.
  const log10Floor = Math.max(0, settings.candidateLr > 0 ? Math.log10(settings.candidateLr) : 0)
  const log10Threshold = Math.log10(settings.lrThreshold)
  // A one-slot case's pair results are in match_results (its slot: the missing person); a case with several
  // slots has one row per slot and pair in match_slot_results (migration 082).
  const LINKS = `SELECT r.case_id AS caseId, coalesce(s.slot, c.missing_person) AS slot, r.person_id AS personId,
      coalesce(s.log10_lr, r.log10_lr) AS log10Lr, coalesce(s.inconsistent_loci, r.inconsistent_loci) AS inconsistentLoci
    FROM match_results r JOIN cases c ON c.id = r.case_id JOIN unidentified_persons p ON p.id = r.person_id
    LEFT JOIN match_slot_results s ON s.case_id = r.case_id AND s.person_id = r.person_id
    WHERE coalesce(s.status, r.status) = 'scored' AND coalesce(s.log10_lr, r.log10_lr) > @floor
      AND coalesce(s.inconsistent_loci, r.inconsistent_loci) <= 2 AND c.status = 'open' AND p.status = 'open'`
  const linksOfCase = db.prepare(`${LINKS} AND r.case_id = @id`)
  const linksOfPerson = db.prepare(`${LINKS} AND r.person_id = @id`)
  // A competitor the search compared but never stored counts at the floor ("unseen"): a case has one when more
  // open persons of its missing person's sex exist than it has results with, and a person likewise. The open
  // counts per sex are read once per refresh, not once per member of the component.
  const openPersonsBySex = db.prepare("SELECT sex, count(*) AS n FROM unidentified_persons WHERE status = 'open' GROUP BY sex")
  const openCasesBySex = db.prepare("SELECT missing_person_sex AS sex, count(*) AS n FROM cases WHERE status = 'open' GROUP BY missing_person_sex")
  const caseFacts = db.prepare(`SELECT c.frequency_table_id AS tableId, c.missing_person_sex AS sex,
      (SELECT count(*) FROM match_results r JOIN unidentified_persons p ON p.id = r.person_id WHERE r.case_id = c.id AND p.status = 'open') AS compared
    FROM cases c WHERE c.id = ?`)
  const personFacts = db.prepare(`SELECT p.sex AS sex,
      (SELECT count(*) FROM match_results r JOIN cases c ON c.id = r.case_id WHERE r.person_id = p.id AND c.status = 'open') AS compared
    FROM unidentified_persons p WHERE p.id = ?`)
  const countsBySex = (stmt: typeof openPersonsBySex): Map<string, number> =>
    new Map((stmt.all() as Array<{ sex: string, n: number }>).map((r) => [r.sex, r.n]))
  const pending = db.prepare('SELECT kind, id, slot, previous_conclusion AS previous FROM identification_pending')
  const clearPending = db.prepare('DELETE FROM identification_pending')

  type LinkRow = { caseId: string, slot: string, personId: string, log10Lr: number, inconsistentLoci: number }

  /** The links of every component holding one of the seeds (breadth first over stored results). */
  function graphAround (caseIds: Iterable<string>, personIds: Iterable<string>): LinkRow[] {
    const seenCases = new Set<string>()
    const seenPersons = new Set<string>()
    const queue: Array<['case' | 'person', string]> = [...[...caseIds].map((id) => ['case', id] as ['case', string]), ...[...personIds].map((id) => ['person', id] as ['person', string])]
    const links = new Map<string, LinkRow>()
    while (queue.length > 0) {
      const [side, id] = queue.pop()!
      const seen = side === 'case' ? seenCases : seenPersons
      if (seen.has(id)) continue
      seen.add(id)
      for (const l of (side === 'case' ? linksOfCase : linksOfPerson).all({ id, floor: log10Floor }) as LinkRow[]) {
        links.set(`${l.caseId}${SEP}${l.personId}`, l)
        if (!seenPersons.has(l.personId)) queue.push(['person', l.personId])
        if (!seenCases.has(l.caseId)) queue.push(['case', l.caseId])
      }
    }
    return [...links.values()]
  }

  /**
   * The joint log10 LR of a placement in a case with several slots, exact on its pedigree (joint-assignment-lr.ts
   * through the identification context, as src/runs/joint-assignment.ts): one context per case, with every person
   * linked to one of its slots, built when first asked for. Placed persons' ids are the graph's person ids.
   */
  function familyJointLr (rows: readonly LinkRow[]): (family: string, placement: ReadonlyMap<string, string>) => number {
    const contexts = new Map<string, DviContext>()
    return (caseId, placement) => {
      let ctx = contexts.get(caseId)
      if (ctx === undefined) {
        const c = cases.get(caseId) ?? fail('NOT_FOUND', `no case ${caseId}`, { value: caseId })
        const victims = [...new Set(rows.filter((r) => r.caseId === caseId).map((r) => r.personId))].map((id) => {
          const p = persons.get(id) ?? fail('NOT_FOUND', `no person ${id}`, { sample: id })
          return { id: p.id, sex: p.sex, genotypes: p.profile }
        })
        const model = deps.modelFor(c.frequencyTableId)
        const kcase = caseKinship(c)
        const referenceLoci = new Set(Object.values(kcase.genotypes).flatMap((g) => Object.keys(g)))
        ctx = createDviContext({
          victims,
          families: [{ id: c.id, persons: kcase.persons.map((p) => ({ ...p })), missing: missingSlotsOf(c).map((x) => x.slot), genotypes: kcase.genotypes }],
          loci: [...model.loci.values()].filter((l) => referenceLoci.has(l.name)),
          options: model.options
        })
        contexts.set(caseId, ctx)
      }
      // the core names slots `case\u0000slot`; the family's pedigree names them by the slot alone
      const bySlot = new Map([...placement].map(([key, person]) => [key.split(SEP)[1], person]))
      return lnFamilyLr(ctx, caseId, bySlot) / Math.LN10
    }
  }

  /** Solves the components around the seeds and replaces their stored conclusions, with the alerts it calls for. */
  const refreshNow = db.transaction((caseIds: readonly string[], personIds: readonly string[], source: ResultSource, now: Date, previous: ReadonlyMap<string, StoredConclusion['conclusion']> = new Map()): RefreshOutcome => {
    // Seeds: the changed entries and every member of the components they were in (a removed link may split one).
    const old = conclusions.componentsOf(caseIds, personIds)
    const seedCases = new Set(caseIds)
    const seedPersons = new Set(personIds)
    for (const id of old) {
      const rows = conclusions.component(id)
      for (const s of rows.slots) seedCases.add(s.caseId!)
      for (const p of rows.persons) seedPersons.add(p.personId!)
    }
    const rows = graphAround(seedCases, seedPersons)
    // A new link may merge the seeds' component with others: theirs are replaced too.
    for (const id of conclusions.componentsOf(new Set(rows.map((r) => r.caseId)), new Set(rows.map((r) => r.personId)))) old.add(id)
    const before = new Map<string, StoredConclusion>()
    for (const id of old) for (const s of conclusions.component(id).slots) before.set(slotKey(s.caseId!, s.slot!), s)
    const caseOf = new Map<string, { caseId: string, slot: string }>()
    for (const r of rows) caseOf.set(slotKey(r.caseId, r.slot), { caseId: r.caseId, slot: r.slot })
    const openPersons = countsBySex(openPersonsBySex)
    const openCases = countsBySex(openCasesBySex)
    const facts = new Map([...new Set(rows.map((r) => r.caseId))].map((id) => {
      const f = caseFacts.get(id) as { tableId: string, sex: string, compared: number }
      return [id, { tableId: f.tableId, unseen: (openPersons.get(f.sex) ?? 0) > f.compared }]
    }))
    const unseenSlot = new Map<string, number>()
    for (const [key, { caseId }] of caseOf) if (facts.get(caseId)!.unseen) unseenSlot.set(key, log10Floor)
    const unseenPerson = new Map<string, number>()
    for (const id of new Set(rows.map((r) => r.personId))) {
      const f = personFacts.get(id) as { sex: string, compared: number } | undefined
      if (f !== undefined && (openCases.get(f.sex) ?? 0) > f.compared) unseenPerson.set(id, log10Floor)
    }
    const links: PairLink[] = rows.map((r) => ({ slot: slotKey(r.caseId, r.slot), person: r.personId, log10Lr: r.log10Lr, inconsistentLoci: r.inconsistentLoci }))
    const jointLog10 = familyJointLr(rows)
    const result = identifyLinks({ slots: [...caseOf.keys()].map((id) => ({ id, family: caseOf.get(id)!.caseId })), links, unseenSlot, unseenPerson, jointLog10 }, { log10Threshold, log10Floor })
    const componentIds = new Map(result.components.map((c) => [c.id, componentName(c.slots, c.persons)]))
    const at = now.toISOString()
    const stored = (x: Identification, side: 'slot' | 'person', key: string): StoredConclusion => {
      const pair = x.slot === null ? null : caseOf.get(x.slot)!
      const own = side === 'slot' ? caseOf.get(key)! : pair
      const model = own === null ? null : deps.modelFor(facts.get(own.caseId)!.tableId)
      const competitor = x.competitor === null ? null : { caseId: caseOf.get(x.competitor.slot)!.caseId, slot: caseOf.get(x.competitor.slot)!.slot, personId: x.competitor.person, log10Lr: x.competitor.log10Lr }
      return {
        componentId: componentIds.get(x.component)!,
        caseId: own?.caseId ?? null,
        slot: own?.slot ?? null,
        personId: side === 'person' ? key : x.person,
        log10Lr: x.log10Lr,
        log10Glr: x.log10Glr,
        conclusion: x.conclusion,
        posterior: x.posterior,
        competitor,
        joint: x.joint,
        modelVersion: model?.modelVersion ?? null,
        frequencyTable: model === null ? null : { id: model.table.id, version: model.table.version },
        computedAt: at
      }
    }
    const slots = [...result.slots].map(([key, x]) => stored(x, 'slot', key))
    const persons = [...result.persons].map(([key, x]) => stored(x, 'person', key))
    conclusions.replace([...old, ...componentIds.values()], slots, persons)
    const raised = raiseAlerts(before, new Map(slots.map((s) => [slotKey(s.caseId!, s.slot!), s])), previous, source, now)
    return { components: result.components.length, slots: slots.length, persons: persons.length, alerts: raised }
  })

  /** An alert per case slot whose conclusion or concluded person changed (or that is disputed at once), naming the person concluded on. */
  function raiseAlerts (before: ReadonlyMap<string, StoredConclusion>, after: ReadonlyMap<string, StoredConclusion>, previous: ReadonlyMap<string, StoredConclusion['conclusion']>, source: ResultSource, now: Date): number {
    let n = 0
    for (const key of new Set([...before.keys(), ...after.keys(), ...previous.keys()])) {
      const was = before.get(key)
      const is = after.get(key)
      const wasConclusion = was?.conclusion ?? previous.get(key)
      if (wasConclusion === is?.conclusion && (previous.has(key) || was?.personId === is?.personId)) continue
      // A slot's first conclusion comes with its pair's own alert (new candidate, new match) from the same
      // search; only a dispute is news beyond it.
      if (wasConclusion === undefined && is?.conclusion !== 'Disputed') continue
      // the person concluded on now, else the one disputing the slot, else the one it held before
      const named = is?.personId != null ? { personId: is.personId, log10Lr: is.log10Lr! } : is?.competitor != null ? { personId: is.competitor.personId, log10Lr: is.competitor.log10Lr } : was?.personId != null ? { personId: was.personId, log10Lr: was.log10Lr! } : null
      if (named === null) continue
      const [caseId, slot] = key.split(SEP)
      alerts.add({
        caseId,
        personId: named.personId,
        kind: 'identification-changed',
        log10Lr: named.log10Lr,
        previousLog10Lr: was?.log10Lr ?? null,
        source: source.kind,
        ...(source.kind === 'rerun' ? { rerunId: source.rerunId } : {}),
        slot,
        conclusion: is?.conclusion ?? null,
        previousConclusion: wasConclusion ?? null
      }, now)
      n++
    }
    return n
  }

  return {
    /** Identifies again the components of these cases and persons (before and after the change). */
    refresh: (touched: { cases?: readonly string[], persons?: readonly string[] }, source: ResultSource = { kind: 'search' }, now = new Date()): RefreshOutcome =>
      refreshNow(touched.cases ?? [], touched.persons ?? [], source, now),
    /** Identifies again the members an expungement left queued (identification_pending, migration 083). */
    refreshPending: (now = new Date()): RefreshOutcome => db.transaction(() => {
      const queued = pending.all() as Array<{ kind: 'case' | 'person', id: string, slot: string, previous: StoredConclusion['conclusion'] | null }>
      clearPending.run()
      const previous = new Map(queued.flatMap((q) => q.kind === 'case' && q.previous !== null ? [[slotKey(q.id, q.slot), q.previous] as const] : []))
      return refreshNow([...new Set(queued.filter((q) => q.kind === 'case').map((q) => q.id))], queued.filter((q) => q.kind === 'person').map((q) => q.id), { kind: 'search' }, now, previous)
    })(),
    forCase: conclusions.forCase,
    forPerson: conclusions.forPerson
  }
}

/** A component's name: a hash of its members, so that no stored row names a member beyond its own pair. */
function componentName (slots: readonly string[], persons: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify([slots, persons])).digest('hex').slice(0, 16)
}

export type IdentificationService = ReturnType<typeof createIdentificationService>
