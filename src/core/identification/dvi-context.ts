import { incompatibleFromTables, incompatibleLoci, lnLrFromTables, lnPlacementLr, prepareFamilyModel, prepareJointLoci, slotGenotypeTables, type FamilyModel, type JointLoci } from '../lr/joint-assignment-lr.ts'
import { fail } from '../errors.ts'
import type { Genotype } from '../markers/profile.ts'
import { completeLoci, type DviFamily, type DviProblem, type DviVictim } from './dvi-problem.ts'

/** slot id → victim id. */
export type Assignment = ReadonlyMap<string, string>

/**
 * A problem prepared once: complete locus tables, one model per family, and a cache of joint likelihoods per
 * family and placement. Everything an identification needs is a family-level likelihood, so a pair costs one
 * family evaluation and every assignment that puts the same victims in the same slots of a family reuses it.
 */
export interface DviContext {
  problem: DviProblem
  loci: JointLoci
  families: Map<string, { family: DviFamily, model: FamilyModel }>
  familyOfSlot: Map<string, DviFamily>
  victims: Map<string, DviVictim>
  cache: Map<string, number>
  /** Per family, identified victims and slot: the slot's genotype tables with and without mutation (θ = 0). */
  tables: Map<string, { mutation?: Array<Float64Array | null>, plain?: Array<Float64Array | null> }>
}

/** Completes the tables, checks every family and indexes victims and slots. */
export function createDviContext (problem: DviProblem): DviContext {
  const loci = completeLoci(problem)
  const full = { ...problem, loci }
  const joint = prepareJointLoci(loci, problem.options)
  const families = new Map(problem.families.map((f) => [f.id, { family: f, model: prepareFamilyModel(f, joint) }]))
  const familyOfSlot = new Map<string, DviFamily>()
  for (const f of problem.families) for (const m of f.missing) familyOfSlot.set(m, f)
  return { problem: full, loci: joint, families, familyOfSlot, victims: new Map(problem.victims.map((v) => [v.id, v])), cache: new Map(), tables: new Map() }
}

/**
 * ln of the joint LR, within one family, of placing the given victims in the given slots (all of that
 * family) against the same victims unrelated to it; cached. The empty assignment is 0.
 *
 * @example lnFamilyLr(ctx, 'F1', new Map([['M2', 'V2'], ['M3', 'V3']])) // two siblings placed together, exactly
 */
export function lnFamilyLr (ctx: DviContext, familyId: string, assignment: Assignment): number {
  if (assignment.size === 0) return 0
  const key = keyOf(familyId, assignment)
  const known = ctx.cache.get(key)
  if (known !== undefined) return known
  const entry = ctx.families.get(familyId)!
  const ln = lnPlacementLr(entry.model, placementOf(ctx, assignment), ctx.loci)
  ctx.cache.set(key, ln)
  return ln
}

/**
 * ln LR of "victim is in slot" against "victim unrelated", given the victims already identified in the
 * slot's family (dvir moves an identified victim's profile into the family: they count as typed references).
 */
export function lnConditionalLr (ctx: DviContext, slot: string, victim: string, identified: Assignment): number {
  const family = ctx.familyOfSlot.get(slot)!
  const given = familyPart(ctx, family.id, identified)
  if (ctx.loci.theta === 0) return lnLrFromTables(slotTables(ctx, family.id, slot, given, true), ctx.victims.get(victim)!.genotypes, ctx.loci)
  const withVictim = new Map(given)
  withVictim.set(slot, victim)
  return lnFamilyLr(ctx, family.id, withVictim) - lnFamilyLr(ctx, family.id, given)
}

/** The number of loci incompatible without mutation when the victim fills the slot (identified victims typed too). */
export function exclusionCount (ctx: DviContext, slot: string, victim: string, identified: Assignment): number {
  const family = ctx.familyOfSlot.get(slot)!
  const given = familyPart(ctx, family.id, identified)
  if (ctx.loci.theta === 0) return incompatibleFromTables(slotTables(ctx, family.id, slot, given, false), ctx.victims.get(victim)!.genotypes, ctx.loci)
  const placed = new Map(given)
  placed.set(slot, victim)
  return incompatibleLoci(ctx.families.get(family.id)!.model, placementOf(ctx, placed), ctx.loci)
}

/** The slot's genotype tables given the family's identified victims, computed once and kept. */
function slotTables (ctx: DviContext, familyId: string, slot: string, given: Assignment, withMutation: boolean): Array<Float64Array | null> {
  const key = `${keyOf(familyId, given)}\u0001${slot}`
  let entry = ctx.tables.get(key)
  if (entry === undefined) { entry = {}; ctx.tables.set(key, entry) }
  const which = withMutation ? 'mutation' : 'plain'
  entry[which] ??= slotGenotypeTables(ctx.families.get(familyId)!.model, slot, placementOf(ctx, given), ctx.loci, withMutation)
  return entry[which]
}

function keyOf (familyId: string, assignment: Assignment): string {
  return `${familyId}\u0000${[...assignment].sort((a, b) => a[0] < b[0] ? -1 : 1).map(([s, v]) => `${s}=${v}`).join('\u0000')}`
}

/** The part of an assignment that falls in one family. */
export function familyPart (ctx: DviContext, familyId: string, assignment: Assignment): Map<string, string> {
  const out = new Map<string, string>()
  for (const [slot, victim] of assignment) if (ctx.familyOfSlot.get(slot)?.id === familyId) out.set(slot, victim)
  return out
}

function placementOf (ctx: DviContext, assignment: Assignment): Map<string, Record<string, Genotype>> {
  const out = new Map<string, Record<string, Genotype>>()
  for (const [slot, id] of assignment) {
    const v = ctx.victims.get(id)
    if (v === undefined) fail('INVALID_CASE', `victim ${id} is not in the problem`, { sample: id })
    out.set(slot, v.genotypes)
  }
  return out
}
