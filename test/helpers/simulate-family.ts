// A small seeded simulator of families with mutation, for the service's end-to-end tests. It samples
// founders from a real frequency table and passes one allele from each parent to each child, with a
// stepwise ±1 mutation at the given per-sex rates (or a forced one, to test mutation robustness).
import type { FrequencyTable } from '../../src/core/markers/frequency-table.ts'
import { validatePedigree, type PedigreePerson } from '../../src/core/pedigree/pedigree.ts'
import type { Profile } from '../../src/core/markers/profile.ts'
import { compareAlleles } from '../../src/core/markers/allele.ts'

export type Rng = () => number

/** mulberry32: a tiny seeded generator, enough for test data. */
export function createRng (seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function drawAllele (rng: Rng, table: FrequencyTable, locus: string): string {
  const { alleles, frequencies } = table.loci[locus]
  let total = 0
  for (const f of frequencies) total += f
  let u = rng() * total
  for (let i = 0; i < alleles.length; i++) {
    u -= frequencies[i]
    if (u <= 0) return alleles[i]
  }
  return alleles[alleles.length - 1]
}

function pair (a: string, b: string): readonly [string, string] {
  return compareAlleles(a, b) <= 0 ? [a, b] : [b, a]
}

/** An unrelated person's profile at the given loci. */
export function randomProfile (rng: Rng, table: FrequencyTable, loci: readonly string[]): Profile {
  const p: Profile = {}
  for (const l of loci) p[l] = pair(drawAllele(rng, table, l), drawAllele(rng, table, l))
  return p
}

/** A ±1 repeat step to an allele the table knows (a microvariant keeps its fraction), or the allele itself. */
function step (allele: string, table: FrequencyTable, locus: string, rng: Rng): string {
  const known = new Set(table.loci[locus].alleles)
  const [up, down] = [Number(allele) + 1, Number(allele) - 1].map((x) => String(Math.round(x * 10) / 10))
  const options = [up, down].filter((a) => known.has(a))
  if (options.length === 0) return allele
  return options[Math.floor(rng() * options.length)]
}

export interface SimOptions {
  /** Per-meiosis stepwise mutation rates by the transmitting parent's sex. */
  rates: { male: number, female: number }
  /** Force one paternal (or maternal) mutation in this person at this locus. */
  forceMutation?: { person: string, locus: string, from: 'father' | 'mother' }
}

/** Genotypes for every person of a pedigree, parents first: founders drawn from the table, children by transmission. */
export function simulatePedigree (rng: Rng, persons: readonly PedigreePerson[], table: FrequencyTable, loci: readonly string[], options: SimOptions): Record<string, Profile> {
  const ordered = validatePedigree({ persons, missingPerson: persons[0].id })
  const out: Record<string, Profile> = {}
  for (const p of ordered) {
    if (p.father === undefined) {
      out[p.id] = randomProfile(rng, table, loci)
      continue
    }
    const profile: Profile = {}
    for (const l of loci) {
      const fromParent = (parent: string, sex: 'male' | 'female'): string => {
        const g = out[parent][l]
        let a = g[rng() < 0.5 ? 0 : 1]
        const forced = options.forceMutation
        const forcedHere = forced !== undefined && forced.person === p.id && forced.locus === l && (forced.from === 'father') === (sex === 'male')
        if (forcedHere || rng() < options.rates[sex]) a = step(a, table, l, rng)
        return a
      }
      profile[l] = pair(fromParent(p.father, 'male'), fromParent(p.mother!, 'female'))
    }
    out[p.id] = profile
  }
  return out
}

/** Family shapes of the tests: persons, the missing person 'MP', and who is typed. */
export const SHAPES: Record<string, { persons: PedigreePerson[], typed: string[] }> = {
  trio: {
    persons: [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: 'F', mother: 'M' }],
    typed: ['F', 'M']
  },
  fatherOnly: {
    persons: [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: 'F', mother: 'M' }],
    typed: ['F']
  },
  motherAndSibling: {
    persons: [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: 'F', mother: 'M' }, { id: 'S', sex: 'female', father: 'F', mother: 'M' }],
    typed: ['M', 'S']
  },
  paternalGrandparents: {
    persons: [
      { id: 'GF', sex: 'male' }, { id: 'GM', sex: 'female' }, { id: 'F', sex: 'male', father: 'GF', mother: 'GM' },
      { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: 'F', mother: 'M' }
    ],
    typed: ['GF', 'GM']
  }
}
