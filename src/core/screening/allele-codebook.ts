import type { Profile } from '../markers/profile.ts'
import type { LocusModel } from '../pedigree/kinship-case.ts'
import { UNTYPED } from '../simulation/simulate-population.ts'
import type { AlleleDictionary } from './screening-table.ts'

/**
 * The code of every allele that has none of its own: shared by all of them, so it cannot tell one from
 * another, and the screen treats it as "anything": every bound that involves it is +∞ and the pair goes
 * to the exact engine (screening-bound.ts, step 2). Codes are one byte: 0…253 name alleles, 254 is this,
 * 255 is UNTYPED.
 */
export const OTHER_ALLELE = 0xfe

/**
 * Alleles that may have a code of their own: a repeat number 1–99 with at most one decimal .1–.4 (the
 * partial repeats of tetra- and pentanucleotide STRs, e.g. TH01 9.3, Penta E 19.4). Anything else a lab
 * can send ("999", "9.123") is real data for the engine but not worth a code.
 */
const CODABLE = /^([1-9]\d?)(?:\.([1-4]))?$/

/** Candidate extra alleles per integer part: n, n.1, n.2, n.3, n.4. */
const FRACTIONS = ['', '.1', '.2', '.3', '.4']

/**
 * Allele codes of the screening index, computed from the locus models alone, never handed out:
 * codes 0…base−1 are the frequency table's alleles in its order (the engine's tables list them first);
 * the codes after them go, in a fixed order, to the codable alleles the table lacks, nearest to the
 * table's range of repeat numbers first, until the byte is full (codeable alleles further out, and every
 * allele that is not codable, get OTHER_ALLELE).
 *
 * Why computed and not a stored, first-come codebook: a code is then the same in every process and after
 * every restart without any write (the screen reads profiles while it writes nothing, issue 15 item 1);
 * no client can use the codes up, whatever it uploads (item 3); and no table keeps the rare alleles of
 * expunged persons (item 13). Persisted screening tables (migration 040) hold codes, so the scheme is part
 * of their model key (scan-search.ts): changing this order must change CODE_SCHEME.
 *
 * @example createAlleleCodebook([{ name: 'TH01', alleles: ['6', '7', '9.3'], frequencies: [0.3, 0.6, 0.1] }]).codeOf(0, '7') // 1
 * @example createAlleleCodebook([{ name: 'TH01', alleles: ['6', '7', '9.3'], frequencies: [0.3, 0.6, 0.1] }]).codeOf(0, '6.1') // 3 (in range, first extra)
 * @example createAlleleCodebook([{ name: 'TH01', alleles: ['6', '7', '9.3'], frequencies: [0.3, 0.6, 0.1] }]).codeOf(0, '150') // OTHER_ALLELE
 */
export function createAlleleCodebook (loci: readonly LocusModel[]): AlleleCodebook {
  const names = loci.map((l) => l.name)
  const codes = loci.map((l) => codesOfLocus(l.alleles))
  const base = loci.map((l) => Math.min(l.alleles.length, OTHER_ALLELE))
  // The dictionary lists the base alleles and then every extra code used so far (gaps named '', which no
  // engine table holds): familyCodeTables lays out n × n values per locus, so n stays as small as the
  // alleles actually seen allow.
  const alleles = loci.map((l) => l.alleles.slice(0, OTHER_ALLELE))
  const codeOf = (l: number, allele: string): number => {
    const code = codes[l].get(allele) ?? OTHER_ALLELE
    if (code !== OTHER_ALLELE && alleles[l][code] !== allele) {
      while (alleles[l].length < code) alleles[l].push('')
      alleles[l][code] = allele
    }
    return code
  }
  return {
    dict: { loci: names, alleles, base },
    codeOf,
    encode (profile) {
      const out = new Uint8Array(names.length * 2).fill(UNTYPED)
      names.forEach((name, l) => {
        const g = profile[name]
        if (g === undefined) return
        const a = codeOf(l, g[0])
        const b = codeOf(l, g[1])
        out[2 * l] = Math.min(a, b)
        out[2 * l + 1] = Math.max(a, b)
      })
      return out
    }
  }
}

/** Names the codes scheme in the model key of persisted screening tables. */
export const CODE_SCHEME = 'computed-1'

export interface AlleleCodebook {
  /** Alleles by code per locus, as far as codes have been used; `base` the table's own. */
  dict: AlleleDictionary
  /** The code of an allele at locus index l (OTHER_ALLELE if it has none). */
  codeOf: (l: number, allele: string) => number
  /** A profile as codes (loci × 2, smaller code first, UNTYPED where untyped or the locus is not modelled). */
  encode: (profile: Profile) => Uint8Array
}

/** Code of every allele of one locus that has one: the table's, then the extras by distance from its range. */
function codesOfLocus (tableAlleles: readonly string[]): Map<string, number> {
  const codes = new Map<string, number>()
  tableAlleles.slice(0, OTHER_ALLELE).forEach((a, i) => codes.set(a, i))
  const repeats = tableAlleles.filter((a) => CODABLE.test(a)).map((a) => Math.floor(Number(a)))
  const lo = repeats.length > 0 ? Math.min(...repeats) : 1
  const hi = repeats.length > 0 ? Math.max(...repeats) : 99
  const extras: Array<{ allele: string, distance: number, n: number, f: number }> = []
  for (let n = 1; n <= 99; n++) {
    FRACTIONS.forEach((fraction, f) => {
      const allele = `${n}${fraction}`
      if (!codes.has(allele)) extras.push({ allele, distance: Math.max(0, lo - n, n - hi), n, f })
    })
  }
  extras.sort((x, y) => x.distance - y.distance || x.n - y.n || x.f - y.f)
  let next = Math.min(tableAlleles.length, OTHER_ALLELE)
  for (const { allele } of extras) {
    if (next === OTHER_ALLELE) break
    codes.set(allele, next++)
  }
  return codes
}
