// Families with planted true relatives, simulated from the bundled US Asian table (NIST 1036), for the
// end-to-end tests: each family's case body (pedigree form, as the oracle files) and its true child.
import { compareAlleles } from '../../src/core/markers/allele.ts'
import { CODIS_CORE_LOCI } from '../../src/core/markers/locus.ts'
import type { PedigreePerson } from '../../src/core/pedigree/pedigree.ts'
import type { Profile, Sex } from '../../src/core/markers/profile.ts'
import { BUNDLED_TABLES, readBundledTable } from '../../src/storage/bundled-frequency-tables.ts'
import { createRng, randomProfile, SHAPES, simulatePedigree, type Rng } from './simulate-family.ts'

export const TABLE = { ...readBundledTable(BUNDLED_TABLES[0]), version: 'test' }

/** A Chinese-style kit: the 20 CODIS core loci plus D6S1043, Penta D and Penta E. */
export const KIT_LOCI: readonly string[] = [...CODIS_CORE_LOCI, 'D6S1043', 'Penta D', 'Penta E']

export interface PlantedFamily {
  caseId: string
  personId: string
  mpSex: Sex
  persons: PedigreePerson[]
  /** Typed references only. */
  references: Record<string, Profile>
  child: Profile
  shape: string
}

/** Wire form of a profile, with some loci spelled as labs do (VWA, PENTA_D, THO1) to exercise canonicalisation. */
export function wireProfile (p: Profile): Record<string, string[]> {
  const spell: Record<string, string> = { vWA: 'VWA', 'Penta D': 'PENTA_D', 'Penta E': 'PentaE', TH01: 'THO1' }
  return Object.fromEntries(Object.entries(p).map(([l, g]) => [spell[l] ?? l, [g[0], g[1]]]))
}

export function caseBody (f: PlantedFamily): Record<string, unknown> {
  return {
    id: f.caseId,
    missingPerson: 'MP',
    persons: f.persons,
    genotypes: Object.fromEntries(Object.entries(f.references).map(([id, p]) => [id, wireProfile(p)]))
  }
}

export function personBody (id: string, sex: Sex, profile: Profile): Record<string, unknown> {
  return { id, sex, profile: wireProfile(profile) }
}

/**
 * Plants one family per shape (and one extra trio whose child carries a paternal mutation that no parent
 * explains, at D3S1358), simulated with stepwise mutation at 0.002 (paternal) / 0.0005 (maternal).
 */
export function plantFamilies (seed: number): PlantedFamily[] {
  const rng = createRng(seed)
  const families: PlantedFamily[] = []
  const shapes = ['trio', 'fatherOnly', 'motherAndSibling', 'paternalGrandparents', 'trio', 'fatherOnly']
  shapes.forEach((shape, i) => {
    const mpSex: Sex = i % 2 === 0 ? 'male' : 'female'
    const persons = SHAPES[shape].persons.map((p) => (p.id === 'MP' ? { ...p, sex: mpSex } : { ...p }))
    const all = simulatePedigree(rng, persons, TABLE, KIT_LOCI, { rates: { male: 0.002, female: 0.0005 } })
    const child = { ...all.MP }
    if (i === 4) forcePaternalMutation(child, all.F, all.M)
    const references = Object.fromEntries(SHAPES[shape].typed.map((id) => [id, all[id]]))
    families.push({ caseId: `CASE-${i}`, personId: `U-${i}`, mpSex, persons, references, child, shape })
  })
  return families
}

/**
 * At the first locus where it is possible, the child's paternal allele becomes one repeat away from a
 * father's allele and absent from both parents: a mutation no parent explains.
 */
function forcePaternalMutation (child: Profile, father: Profile, mother: Profile): void {
  for (const locus of KIT_LOCI) {
    const present = new Set([...father[locus], ...mother[locus]])
    const known = new Set(TABLE.loci[locus].alleles)
    for (const a of father[locus]) {
      for (const stepped of [String(Number(a) + 1), String(Number(a) - 1)]) {
        if (present.has(stepped) || !known.has(stepped)) continue
        const maternal = mother[locus][0]
        child[locus] = compareAlleles(stepped, maternal) <= 0 ? [stepped, maternal] : [maternal, stepped]
        return
      }
    }
  }
  throw new Error('no mutation step available; change the seed')
}

/** Unrelated persons with random sex. */
export function unrelatedPersons (rng: Rng, n: number): Array<{ id: string, sex: Sex, profile: Profile }> {
  return Array.from({ length: n }, (_, i) => ({ id: `X-${i}`, sex: rng() < 0.5 ? 'male' : 'female', profile: randomProfile(rng, TABLE, KIT_LOCI) }))
}

export { createRng }
