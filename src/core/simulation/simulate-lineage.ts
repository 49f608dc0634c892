import { MITO_SITE_RATE } from '../lineage/mito-lr.ts'
import type { MitoProfile } from '../lineage/mito-profile.ts'
import { DEFAULT_MULTI_STEP_SHARE } from '../lineage/y-lr.ts'
import type { YHaplotype } from '../lineage/y-haplotype.ts'
import { Y_KITS, type YLocusName } from '../lineage/y-loci.ts'
import { yMutationRate } from '../lineage/y-mutation-rates.ts'
import { validatePedigree } from '../pedigree/pedigree.ts'
import { controlRegionPosition, createMitoFounders, createYFounders, FULL_CONTROL_REGION, inRangesOnly, poisson, typedMito, type FounderOptions } from './simulate-lineage-founders.ts'
import { createRng, type Rng } from './simulate-rng.ts'
import type { Population } from './simulate-population.ts'

/** The RNG stream of lineage markers: apart from the autosomal one, so a seed's STR profiles stay as they were. */
export const LINEAGE_STREAM = 14

export interface LineageSimulationOptions {
  seed: number
  /** Y loci typed (default Yfiler Plus). */
  yLoci?: readonly YLocusName[]
  y?: FounderOptions
  mito?: FounderOptions
  /** Share of references (and of persons) typed for each system; a woman never has a Y haplotype. */
  typed?: { y: number, mito: number }
}

/** The lineage markers of a simulated population, aligned with its rows: references by refOffset row, persons by index. */
export interface LineagePopulation {
  refY: Array<YHaplotype | undefined>
  refMito: Array<MitoProfile | undefined>
  personY: Array<YHaplotype | undefined>
  personMito: Array<MitoProfile | undefined>
}

/**
 * Gives the families of a simulated population Y haplotypes and mitotypes, passed down each case's pedigree
 * (Y father to son, mtDNA mother to child) with mutation: per meiosis each Y copy mutates with its YHRD rate
 * (±1 repeat, ±2 with the multi-step share of y-lr.ts), and the control region gains Poisson(ν·1122) new
 * substitutions (ν of mito-lr.ts) on the whole control region; each typed person's sequenced range is drawn
 * apart (typedMito) and the variants outside it dropped. Founders
 * come from simulate-lineage-founders.ts. A planted person carries the lineage markers of their case's
 * missing person; an unrelated person is a founder of their own. Deterministic for a seed, on its own RNG
 * stream: simulatePopulation's profiles are untouched.
 *
 * @example simulateLineage(pop, { seed: 1 }).refY[0] // the first reference's Yfiler Plus haplotype, or undefined for a woman
 */
export function simulateLineage (pop: Population, opts: LineageSimulationOptions): LineagePopulation {
  const rng = createRng(opts.seed, LINEAGE_STREAM)
  const loci = opts.yLoci ?? Y_KITS['Yfiler Plus']
  const typed = opts.typed ?? { y: 1, mito: 1 }
  const yFounder = createYFounders(loci, yMutationRate, DEFAULT_MULTI_STEP_SHARE, opts.y ?? { lineages: 300, generations: [50, 500] }, rng)
  const mtFounder = createMitoFounders(MITO_SITE_RATE, opts.mito ?? { lineages: 200, generations: [50, 500] }, rng)
  const ordered = pop.shapes.map((s) => validatePedigree({ persons: s.persons, missingPerson: 'MP' }))
  const cases = pop.caseShape.length
  const out: LineagePopulation = { refY: [], refMito: [], personY: [], personMito: [] }
  const mpY = new Map<number, YHaplotype | undefined>()
  const mpMito = new Map<number, MitoProfile>()
  const planted = new Set<number>()
  for (const c of pop.personTrueCase) if (c >= 0) planted.add(c)

  for (let c = 0; c < cases; c++) {
    const shape = pop.shapes[pop.caseShape[c]]
    const y = new Map<string, YHaplotype>()
    const mt = new Map<string, MitoProfile>()
    for (const p of ordered[pop.caseShape[c]]) {
      const male = p.id === 'MP' ? pop.caseMpSex[c] === 0 : p.sex === 'male'
      if (male) y.set(p.id, p.father === undefined ? yFounder() : mutateY(y.get(p.father)!, loci, rng))
      mt.set(p.id, p.mother === undefined ? mtFounder() : mutateMito(mt.get(p.mother)!, rng))
    }
    for (const id of shape.typed) {
      out.refY.push(rng.next() < typed.y ? y.get(id) : undefined)
      out.refMito.push(rng.next() < typed.mito ? typedMito(mt.get(id)!, rng) : undefined)
    }
    if (planted.has(c)) { mpY.set(c, y.get('MP')); mpMito.set(c, mt.get('MP')!) }
  }
  for (let p = 0; p < pop.personTrueCase.length; p++) {
    const c = pop.personTrueCase[p]
    const male = pop.personSex[p] === 0
    const yh = c >= 0 ? mpY.get(c) : male ? yFounder() : undefined
    const mh = c >= 0 ? mpMito.get(c)! : mtFounder()
    out.personY.push(rng.next() < typed.y ? yh : undefined)
    out.personMito.push(rng.next() < typed.mito ? typedMito(mh, rng) : undefined)
  }
  return out
}

function mutateY (father: YHaplotype, loci: readonly YLocusName[], rng: Rng): YHaplotype {
  const son: Record<string, string[]> = {}
  let changed = false
  for (const l of loci) {
    const mu = yMutationRate(l)
    son[l] = father[l].map((a) => {
      if (rng.next() >= mu) return a
      changed = true
      const step = (rng.next() < DEFAULT_MULTI_STEP_SHARE ? 2 : 1) * (rng.nextU32() & 1 ? 1 : -1)
      return String(Math.max(1, Number(a) + step))
    }).sort((x, y) => Number(x) - Number(y))
  }
  return changed ? son : father
}

function mutateMito (mother: MitoProfile, rng: Rng): MitoProfile {
  const fresh = poisson(MITO_SITE_RATE * 1122, rng)
  if (fresh === 0) return mother
  const variants = [...mother.variants]
  for (let k = 0; k < fresh; k++) variants.push(`${controlRegionPosition(rng)}${'ACGT'[rng.below(4)]}`)
  return { ranges: FULL_CONTROL_REGION, variants: inRangesOnly(variants, FULL_CONTROL_REGION) }
}
