import { prepareLocus, preparePedigree, locusPersons, type PreparedLocus } from '../pedigree/case-locus.ts'
import type { KinshipCase, LocusModel, LrOptions } from '../pedigree/kinship-case.ts'
import { addRelative, NEXT_RELATIONS, RELATION_LABELS } from './add-relative.ts'
import { checkPowerSettings, exclusionPower } from './family-power.ts'
import type { NextRelativePower, PowerSettings } from './family-power-types.ts'
import { combineLoci, type GridOptions, type LocusAtoms } from './log-lr-distribution.ts'
import { locusPowers } from './locus-power.ts'
import { pairCompatibility, pairGenotypeTable, type PairGenotypeTable } from './pair-genotype-table.ts'

/**
 * Grid step of P(LR ≥ t) with a relative typed (log10 units): the bounds differ by at most loci × step in the
 * total log10 LR; the midpoint, where the roundings mostly cancel, is far closer.
 */
export const NEXT_RELATIVE_GRID_STEP = 0.01

/**
 * A (relative, child) genotype pair lighter than this is left out of the convolution (mostly pairs that need
 * two mutations); the mass left out is added to the upper bound of P(LR ≥ t), so the bracket stays valid.
 */
export const PAIR_WEIGHT_FLOOR = 1e-10

/**
 * Kept for the settings' and the service's `simulations` (part of a stored value's inputs): nextRelatives no
 * longer simulates, every figure is computed over all the relative's genotypes.
 */
export const DEFAULT_NEXT_RELATIVE_SIMULATIONS = 20

/**
 * For each relative the family could still give, the expected power once that relative is typed, best first
 * (by the gain in P(LR ≥ the largest threshold), then in exclusion power). What forrel's MPPsims estimates by
 * simulating the relative's genotypes given the references, computed here over all of them at once: per locus,
 * one joint table of (the relative's genotype r, the child's genotype g) given the references
 * (pair-genotype-table.ts) gives P(r, g | refs), the child's LR given refs and r, and whether g is compatible
 * with refs and r without mutation. Loci are independent given the references, so
 *  - the expected exclusion power is 1 − Π_l (1 − E_r[EP_l(r)]), exact;
 *  - the expected P(LR ≥ t) is P(Σ_l log10 LR_l ≥ log10 t) over the per-locus distributions of the pair, the
 *    convolution familyPower does with one genotype per locus, bracketed by the same grid (lower, upper;
 *    exact when the loci have few LR values between them).
 * No simulation: standard errors are 0, `simulations` 0.
 *
 * The projection is computed at θ = 0 with the given mutation model, both for "now" and "with the relative",
 * so the gain compares like with like: under θ > 0 every genotype table of a pedigree with untyped founders
 * costs tens to hundreds of times more, and θ = 0.01 moves these probabilities by far less than the ranking
 * needs.
 */
export function nextRelatives (kcase: KinshipCase, loci: readonly LocusModel[], options: LrOptions, settings: PowerSettings): NextRelativePower[] {
  checkPowerSettings(settings)
  const model: LrOptions = { ...options, theta: 0 }
  const family = withoutMissingGenotype(kcase)
  const nowLoci = locusPowers(family, loci, model)
  const top = settings.thresholds.indexOf(Math.max(...settings.thresholds))
  // "Now" on the same grid and model as the projections, so the gain compares like with like.
  const now = tails(nowLoci.map((l) => l.trueChild), 0, settings.thresholds)[top].expected
  const nowExclusion = exclusionPower(nowLoci)
  // Adding an untyped relative adds no allele: each locus's table and mutation matrices serve every relation.
  const prepared = loci.map((locus) => prepareLocus(locus, family, model))
  const results: NextRelativePower[] = []
  const grandfathers = new Map<string, { id: string, projected: Projection }>()
  for (const relation of NEXT_RELATIONS) {
    const added = addRelative(family, relation)
    if (added === null) continue
    // The two grandparents of one side, both untyped founders with the same children, are interchangeable for
    // autosomal markers (swapping them maps the pedigree and its genotypes onto themselves): the grandmother's
    // projection is the grandfather's, not computed twice.
    const side = relation.startsWith('paternal-grand') ? 'paternal' : relation.startsWith('maternal-grand') ? 'maternal' : null
    const twin = side !== null && relation.endsWith('grandmother') ? grandfathers.get(side) : undefined
    const projected = twin !== undefined && interchangeable(added.kcase, twin.id, added.relative)
      ? twin.projected
      : project(added.kcase, added.relative, loci, prepared, settings.thresholds)
    if (side !== null && relation.endsWith('grandfather')) grandfathers.set(side, { id: added.relative, projected })
    results.push({
      relation,
      label: RELATION_LABELS[relation],
      pLrAtLeast: settings.thresholds.map((lr, t) => ({ lr, ...projected.pLr[t], standardError: 0 })),
      exclusionPower: projected.exclusion,
      exclusionPowerStandardError: 0,
      gainPLrAtLeast: projected.pLr[top].expected - now,
      gainExclusionPower: projected.exclusion - nowExclusion,
      simulations: 0
    })
  }
  return results.sort((a, b) => b.gainPLrAtLeast - a.gainPLrAtLeast || b.gainExclusionPower - a.gainExclusionPower)
}

interface Tail { expected: number, lower: number, upper: number, method: 'exact' | 'bounded' }
interface Projection { pLr: Tail[], exclusion: number }

/** P(Σ log10 LR ≥ log10 t) per threshold, bracketed; `missing` is mass left out of the atoms (added to the upper bound). */
function tails (atoms: readonly LocusAtoms[], missing: number, thresholds: readonly number[]): Tail[] {
  const logThresholds = thresholds.map((t) => Math.log10(t))
  // Margins of 10 around the thresholds (validity never depends on them, only tightness); a relative's genotype
  // pairs are mostly light atoms, so the coarse lattice is for those below 2·10⁻⁴, at 4 steps (bounds about 4×
  // tighter than familyPower's defaults at 1.2× the cost, measured on the bench's family mix).
  const grid: GridOptions = { step: NEXT_RELATIVE_GRID_STEP, low: Math.min(...logThresholds) - 10, high: Math.max(...logThresholds) + 10, workBudget: 1e6, lightAtom: 2e-4, coarse: 4 }
  const dist = combineLoci(atoms, grid)
  return logThresholds.map((c) => {
    const { lower, upper } = dist.tail(c)
    const up = Math.min(1, upper + missing)
    return { expected: (lower + up) / 2, lower, upper: up, method: dist.exact && missing === 0 ? 'exact' : 'bounded' }
  })
}

/** The family's power with the relative typed, expected over the relative's genotypes given the references. */
function project (kcase: KinshipCase, relative: string, loci: readonly LocusModel[], prepared: readonly PreparedLocus[], thresholds: readonly number[]): Projection {
  const pedigree = preparePedigree(kcase)
  const r = pedigree.index.get(relative)!
  const atoms: LocusAtoms[] = []
  let left = 0
  let keep = 1
  loci.forEach((locus, l) => {
    const persons = locusPersons(pedigree, kcase, prepared[l], locus.name, 'H1', null)
    const table = pairGenotypeTable(persons, prepared[l].params, r, pedigree.missing)
    const projected = projectLocus(table, pairCompatibility(persons, table.n, r, pedigree.missing), prepared[l].params.freqs)
    atoms.push(projected.atoms)
    left += projected.left
    keep *= 1 - projected.exclusion
  })
  return { pLr: tails(atoms, Math.min(1, left), thresholds), exclusion: 1 - keep }
}

/**
 * One locus with the relative typed, over the joint table of (relative r, child g) given the references:
 * the child's atoms (log10 LR(g | refs, r), P(r, g | refs)), the mass of pairs too light to keep, and
 * E_r[EP(r)], the exclusion power expected over r (a locus where refs and r need a mutation among themselves
 * excludes no one, as familyPower has it).
 */
function projectLocus (table: PairGenotypeTable, plain: Uint8Array, freqs: Float64Array): { atoms: LocusAtoms, left: number, exclusion: number } {
  const { n, size, joint } = table
  const hw = new Float64Array(size)
  let hwSum = 0
  for (let i = 0, k = 0; i < n; i++) for (let j = i; j < n; j++, k++) { hw[k] = i === j ? freqs[i] * freqs[i] : 2 * freqs[i] * freqs[j]; hwSum += hw[k] }
  let total = 0
  for (const p of joint) total += p
  const values: number[] = []
  const weights: number[] = []
  let left = 0
  let exclusion = 0
  for (let r = 0; r < size; r++) {
    const row = r * size
    let pr = 0
    let pr0 = 0
    for (let g = 0; g < size; g++) { pr += joint[row + g]; pr0 += plain[row + g] }
    if (pr === 0) continue
    let excluded = 0
    for (let g = 0; g < size; g++) {
      if (pr0 > 0 && plain[row + g] === 0) excluded += hw[g]
      const w = joint[row + g] / total
      if (w === 0) continue
      if (w < PAIR_WEIGHT_FLOOR) { left += w; continue }
      // LR(g | refs, r) = P(g | refs, r, H1) / P(g | H2); at θ = 0 the unrelated person is Hardy–Weinberg.
      values.push(Math.log10(joint[row + g] / pr / hw[g]))
      weights.push(w)
    }
    exclusion += (pr / total) * (excluded / hwSum)
  }
  return { atoms: { log10Lr: Float64Array.from(values), weight: Float64Array.from(weights) }, left, exclusion: Math.min(1, exclusion) }
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

function withoutMissingGenotype (kcase: KinshipCase): KinshipCase {
  const genotypes = { ...kcase.genotypes }
  delete genotypes[kcase.missingPerson]
  return { ...kcase, genotypes }
}
