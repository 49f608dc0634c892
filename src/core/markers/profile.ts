import { compareAlleles, profileAllele, type Allele } from './allele.ts'
import { fail } from '../errors.ts'
import type { LocusName } from './locus.ts'

export type Sex = 'male' | 'female'

/** An unordered pair of alleles, stored sorted by numeric value: ["9.3", "11"]. A homozygote repeats: ["12", "12"]. */
export type Genotype = readonly [Allele, Allele]

/** A single-source STR profile: locus → genotype. Loci absent from the map are untyped. */
export type Profile = Record<LocusName, Genotype>

/**
 * A genotype from one to two allele calls (a homozygote may be written once), canonicalised and sorted.
 * More than two alleles (a mixture, a tri-allelic pattern or a bad call) is refused.
 *
 * @example makeGenotype(['12', '9.3']) // ['9.3', '12']
 * @example makeGenotype(['15']) // ['15', '15']
 */
export function makeGenotype (calls: readonly unknown[], where: { locus?: string, sample?: string } = {}): Genotype {
  if (calls.length === 0 || calls.length > 2) {
    const what = calls.length === 0 ? 'no allele' : `${calls.length} alleles (${calls.map(String).join(', ')}): a mixture or tri-allelic call is not a single-source reference`
    fail('INVALID_GENOTYPE', `${what}${where.sample !== undefined ? ` in sample ${where.sample}` : ''}${where.locus !== undefined ? ` at locus ${where.locus}` : ''}`, { ...where, value: calls.map(String).join(',') })
  }
  const alleles = calls.map((c) => profileAllele(c, where))
  const [a, b] = alleles.length === 1 ? [alleles[0], alleles[0]] : alleles
  return compareAlleles(a, b) <= 0 ? [a, b] : [b, a]
}

/** True when both alleles are the same. */
export function isHomozygous (g: Genotype): boolean {
  return g[0] === g[1]
}
