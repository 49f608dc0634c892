import { createDviContext, lnFamilyLr } from '../core/identification/dvi-context.ts'
import type { DviProblem, DviVictim } from '../core/identification/dvi-problem.ts'
import { missingSlotsOf } from '../core/pedigree/missing-slots.ts'
import type { CaseRecord } from '../storage/case-repository.ts'
import type { PersonRecord } from '../storage/person-repository.ts'
import type { SlotResultRepository } from '../storage/slot-result-repository.ts'
import type { MatchModel } from './match-model.ts'
import { caseKinship } from './match-plan.ts'

/** Candidates per slot the joint search tries: the best few of each slot's own list. */
export const JOINT_CANDIDATES_PER_SLOT = 3

/** At most this many assignments are enumerated: with many slots each one tries fewer of its candidates. */
export const MAX_JOINT_ASSIGNMENTS = 4096

/** The best assignment of persons to a family's slots, its joint LR exact on the pedigree beside the product of the pairwise ones. */
export interface JointAssignment {
  caseId: string
  /** One entry per slot filled, in the case's slot order; a slot left empty is not listed. */
  assigned: Array<{ slot: string, personId: string, log10Lr: number | null }>
  /** log10 of the joint LR: every assigned person placed in their slot at once, against all of them unrelated. */
  log10JointLr: number | null
  /** log10 of the product of the same persons' pairwise LRs (each placed alone), on the same allele tables. */
  log10PairwiseProduct: number | null
  /** The best assignment's joint LR over the next best one's (log10); null when there is no other. */
  log10OverNextBest: number | null
  /** Assignments compared: every way of giving each slot one of its best candidates (or nobody), no person twice. */
  assignmentsCompared: number
}

export interface JointAssignmentDeps {
  slotResults: SlotResultRepository
  persons: { get: (id: string) => PersonRecord | undefined }
  modelFor: (tableId: string) => MatchModel
  /** log10 of the candidate floor: persons below it in a slot are not candidates there. */
  log10Floor: number
}

const LN10 = Math.log(10)

/**
 * For a case with several missing persons of which at least two have candidates: the assignment of the
 * slots' best candidates (each person at most once) whose joint LR, computed exactly on the family's pedigree
 * (src/core/lr/joint-assignment-lr.ts through the identification context), is highest. Two siblings placed
 * together share their parents' alleles, so their joint LR is not the product of their pairwise LRs.
 * Undefined for a one-slot case or when fewer than two slots have a candidate.
 */
export function bestJointAssignment (c: CaseRecord, deps: JointAssignmentDeps): JointAssignment | undefined {
  if (c.missingPersons === undefined) return undefined
  const slots = missingSlotsOf(c)
  // (k + 1)^slots assignments (each slot one of its k best or nobody): k shrinks so that stays bounded
  let perSlot = JOINT_CANDIDATES_PER_SLOT
  while (perSlot > 1 && (perSlot + 1) ** slots.length > MAX_JOINT_ASSIGNMENTS) perSlot--
  const candidates = new Map<string, Array<{ personId: string, log10Lr: number | null }>>()
  for (const s of slots) {
    const ranked = deps.slotResults.rankedForSlot(c.id, s.slot, perSlot, Math.max(deps.log10Floor, -Number.MAX_VALUE) - 1e-9)
      .filter((r) => r.status === 'scored')
    if (ranked.length > 0) candidates.set(s.slot, ranked.map((r) => ({ personId: r.personId, log10Lr: r.log10Lr })))
  }
  if (candidates.size < 2) return undefined

  const victims = new Map<string, DviVictim>()
  for (const list of candidates.values()) {
    for (const { personId } of list) {
      const p = deps.persons.get(personId)
      if (p !== undefined) victims.set(personId, { id: p.id, sex: p.sex, genotypes: p.profile })
    }
  }
  const model = deps.modelFor(c.frequencyTableId)
  const kcase = caseKinship(c)
  const referenceLoci = new Set(Object.values(kcase.genotypes).flatMap((g) => Object.keys(g)))
  const problem: DviProblem = {
    victims: [...victims.values()],
    families: [{ id: c.id, persons: kcase.persons.map((p) => ({ ...p })), missing: slots.map((s) => s.slot), genotypes: kcase.genotypes }],
    loci: [...model.loci.values()].filter((l) => referenceLoci.has(l.name)),
    options: model.options
  }
  const ctx = createDviContext(problem)
  const scored: Array<{ pairs: Array<[string, string]>, ln: number }> = []
  const walk = (i: number, chosen: Array<[string, string]>, used: Set<string>): void => {
    if (i === slots.length) {
      if (chosen.length > 0) scored.push({ pairs: [...chosen], ln: lnFamilyLr(ctx, c.id, new Map(chosen)) })
      return
    }
    walk(i + 1, chosen, used) // the slot left empty
    for (const { personId } of candidates.get(slots[i].slot) ?? []) {
      if (used.has(personId) || !victims.has(personId)) continue
      used.add(personId)
      chosen.push([slots[i].slot, personId])
      walk(i + 1, chosen, used)
      chosen.pop()
      used.delete(personId)
    }
  }
  walk(0, [], new Set())
  scored.sort((a, b) => b.ln - a.ln)
  const best = scored[0]
  const log10 = (ln: number): number | null => (ln === -Infinity ? null : ln / LN10)
  const single = best.pairs.map(([slot, personId]) => lnFamilyLr(ctx, c.id, new Map([[slot, personId]])))
  const lnProduct = single.reduce((a, b) => a + b, 0)
  const next = scored[1]
  return {
    caseId: c.id,
    assigned: best.pairs.map(([slot, personId]) => ({ slot, personId, log10Lr: candidates.get(slot)!.find((x) => x.personId === personId)!.log10Lr })),
    log10JointLr: log10(best.ln),
    log10PairwiseProduct: log10(lnProduct),
    log10OverNextBest: next === undefined || best.ln === -Infinity ? null : next.ln === -Infinity ? null : (best.ln - next.ln) / LN10,
    assignmentsCompared: scored.length
  }
}
