import { missingPersonLrTable, type LocusLrTable } from '../lr/genotype-lr-table.ts'
import type { Genotype } from '../markers/profile.ts'
import type { KinshipCase, LocusModel, LrOptions } from '../pedigree/kinship-case.ts'
import { createRng, type Rng } from '../simulation/simulate-rng.ts'
import { addRelative, NEXT_RELATIONS, RELATION_LABELS } from './add-relative.ts'
import { checkPowerSettings, exclusionPower, trueChildPLrAtLeast } from './family-power.ts'
import type { NextRelativePower, PowerSettings } from './family-power-types.ts'
import { locusPower, locusPowers, type LocusPower } from './locus-power.ts'

/**
 * Grid step of each simulated family's P(LR ≥ t) (log10 units): coarser than familyPower's, since the
 * Monte Carlo error of the mean over genotype sets dominates the rounding of each one.
 */
export const NEXT_RELATIVE_GRID_STEP = 0.03
/** Mult-adds per grid pass of one simulated family (about 0.3 ms): 12 relatives × N simulations × 1 pass each. */
export const NEXT_RELATIVE_GRID_WORK = 3e5

/** Simulated genotype sets per relative by default: the standard error of P(LR ≥ t) is at most 0.5/√N. */
export const DEFAULT_NEXT_RELATIVE_SIMULATIONS = 20

/**
 * For each relative the family could still give, the expected power once that relative is typed, best first
 * (by the gain in P(LR ≥ the largest threshold), then in exclusion power). As forrel's MPPsims: the relative's
 * genotypes are simulated given the typed references (exactly, per locus, from the pedigree's conditional
 * genotype distribution, which the engine's genotype table gives: P(r | refs) = LR(r)·P(r | refs, H2) with the
 * relative in the tested slot), the family's power is recomputed with them, and the results are averaged.
 *
 * The projection is computed at θ = 0 with the given mutation model, both for "now" and "with the relative",
 * so the gain compares like with like: under θ > 0 every genotype table of a pedigree with untyped founders
 * costs tens to hundreds of times more, and θ = 0.01 moves these probabilities by far less than the ranking
 * needs. Per locus, each distinct simulated genotype of the relative is evaluated once.
 */
export function nextRelatives (kcase: KinshipCase, loci: readonly LocusModel[], options: LrOptions, settings: PowerSettings): NextRelativePower[] {
  checkPowerSettings(settings)
  const model: LrOptions = { ...options, theta: 0 }
  const family = withoutMissingGenotype(kcase)
  const nowLoci = locusPowers(family, loci, model)
  const top = settings.thresholds.indexOf(Math.max(...settings.thresholds))
  // "Now" on the same grid and model as the projections, so the gain compares like with like.
  const nowP = trueChildPLrAtLeast(nowLoci, settings.thresholds, NEXT_RELATIVE_GRID_STEP, NEXT_RELATIVE_GRID_WORK)[top]
  const nowExclusion = exclusionPower(nowLoci)
  const results: NextRelativePower[] = []
  const grandfathers = new Map<string, { id: string, projected: Projection }>()
  NEXT_RELATIONS.forEach((relation, stream) => {
    const added = addRelative(family, relation)
    if (added === null) return
    // The two grandparents of one side, both untyped founders with the same children, are interchangeable for
    // autosomal markers (swapping them maps the pedigree and its genotypes onto themselves): the grandmother's
    // projection is the grandfather's, the same simulated figures, not simulated twice.
    const side = relation.startsWith('paternal-grand') ? 'paternal' : relation.startsWith('maternal-grand') ? 'maternal' : null
    const twin = side !== null && relation.endsWith('grandmother') ? grandfathers.get(side) : undefined
    const projected = twin !== undefined && interchangeable(added.kcase, twin.id, added.relative)
      ? twin.projected
      : project(added.kcase, added.relative, loci, model, settings, createRng(settings.seed, stream + 1))
    if (side !== null && relation.endsWith('grandfather')) grandfathers.set(side, { id: added.relative, projected })
    results.push({
      relation,
      label: RELATION_LABELS[relation],
      pLrAtLeast: settings.thresholds.map((lr, t) => ({ lr, ...meanAndError(projected.pLr[t]) })),
      exclusionPower: meanAndError(projected.exclusion).expected,
      exclusionPowerStandardError: meanAndError(projected.exclusion).standardError,
      gainPLrAtLeast: meanAndError(projected.pLr[top]).expected - nowP,
      gainExclusionPower: meanAndError(projected.exclusion).expected - nowExclusion,
      simulations: settings.simulations
    })
  })
  return results.sort((a, b) => b.gainPLrAtLeast - a.gainPLrAtLeast || b.gainExclusionPower - a.gainExclusionPower)
}

interface Projection { pLr: number[][], exclusion: number[] }

function project (kcase: KinshipCase, relative: string, loci: readonly LocusModel[], model: LrOptions, settings: PowerSettings, rng: Rng): Projection {
  // The relative's genotype distribution per locus given the references: the relative in the tested slot.
  const asTested = missingPersonLrTable({ ...kcase, missingPerson: relative }, loci, model)
  const cache = new Map<string, LocusPower>()
  const pLr: number[][] = settings.thresholds.map(() => [])
  const exclusion: number[] = []
  const plainLoci = loci.map((l) => ({ ...l, mutation: undefined }))
  const plainModel: LrOptions = { ...model, mutation: { model: 'none' } }
  for (let s = 0; s < settings.simulations; s++) {
    const perLocus = loci.map((locus, l) => {
      const genotype = draw(asTested[l], rng)
      const key = `${l}\u0000${genotype[0]}\u0000${genotype[1]}`
      let power = cache.get(key)
      if (power === undefined) {
        const typed: KinshipCase = { ...kcase, genotypes: { ...kcase.genotypes, [relative]: { [locus.name]: genotype } } }
        const [table] = missingPersonLrTable(onlyLocus(typed, locus.name), [locus], model)
        const [plain] = missingPersonLrTable(onlyLocus(typed, locus.name), [plainLoci[l]], plainModel)
        power = locusPower(table, plain)
        cache.set(key, power)
      }
      return power
    })
    trueChildPLrAtLeast(perLocus, settings.thresholds, NEXT_RELATIVE_GRID_STEP, NEXT_RELATIVE_GRID_WORK).forEach((p, t) => pLr[t].push(p))
    exclusion.push(exclusionPower(perLocus))
  }
  return { pLr, exclusion }
}

/** Two untyped founders with the same children: the pedigree is symmetric in them for autosomal markers. */
function interchangeable (kcase: KinshipCase, a: string, b: string): boolean {
  const person = (id: string): KinshipCase['persons'][number] | undefined => kcase.persons.find((p) => p.id === id)
  const pa = person(a)
  const pb = person(b)
  if (pa === undefined || pb === undefined) return false
  const founder = (p: typeof pa): boolean => p.father === undefined && p.mother === undefined
  const untyped = (id: string): boolean => Object.keys(kcase.genotypes[id] ?? {}).length === 0
  if (!founder(pa) || !founder(pb) || !untyped(a) || !untyped(b)) return false
  const childrenOf = (id: string): string => kcase.persons.filter((p) => p.father === id || p.mother === id).map((p) => p.id).sort().join('\u0000')
  return childrenOf(a) === childrenOf(b)
}

/** One genotype drawn from P(r | refs) = LR(r)·P(r | refs, H2) (the relative's genotype table). */
function draw (table: LocusLrTable, rng: Rng): Genotype {
  const n = table.alleles.length
  let u = rng.next()
  let k = 0
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++, k++) {
      u -= table.lr[k] * table.unrelated[k]
      if (u < 0) return [table.alleles[i], table.alleles[j]]
    }
  }
  // Rounding left u a hair above 0: the last genotype of positive probability.
  for (let i = n - 1, kk = table.lr.length - 1; i >= 0; i--) {
    for (let j = n - 1; j >= i; j--, kk--) if (table.lr[kk] * table.unrelated[kk] > 0) return [table.alleles[i], table.alleles[j]]
  }
  return [table.alleles[0], table.alleles[0]]
}

/** The case with only one locus's genotypes: a locus's tables depend on nothing else, and are cheaper so. */
function onlyLocus (kcase: KinshipCase, locus: string): KinshipCase {
  const genotypes: KinshipCase['genotypes'] = {}
  for (const [id, profile] of Object.entries(kcase.genotypes)) {
    const g = profile[locus]
    if (g !== undefined) genotypes[id] = { [locus]: g }
  }
  return { ...kcase, genotypes }
}

function withoutMissingGenotype (kcase: KinshipCase): KinshipCase {
  const genotypes = { ...kcase.genotypes }
  delete genotypes[kcase.missingPerson]
  return { ...kcase, genotypes }
}

function meanAndError (xs: readonly number[]): { expected: number, standardError: number } {
  const n = xs.length
  const mean = xs.reduce((a, b) => a + b, 0) / n
  if (n < 2) return { expected: mean, standardError: 0 }
  const variance = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (n - 1)
  return { expected: mean, standardError: Math.sqrt(variance / n) }
}
