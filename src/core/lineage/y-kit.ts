import { Y_KITS, type YLocusName } from './y-loci.ts'

/** A Y-STR kit a haplotype's loci fit in, with how many of the kit's loci it has. */
export interface YKitFit {
  kit: keyof typeof Y_KITS
  /** The kit's loci in the kit's order, multi-copy loci once (DYS385 for DYS385a/b). */
  loci: readonly YLocusName[]
  typed: number
}

/**
 * The smallest kit whose loci include every typed locus (Yfiler 16, PowerPlex Y23 22, Yfiler Plus 25
 * names, multi-copy loci once), so a reader knows which kit the haplotype was most likely typed with and
 * which of its loci dropped out; undefined when no kit holds them all (loci of two kits merged).
 *
 * @example yKitOf(['DYS19', 'DYS385', 'DYS643']) // { kit: 'PowerPlex Y23', typed: 3, loci: [...22 names] }
 * @example yKitOf(['DYS643', 'DYS627']) // undefined: DYS643 is only in PowerPlex Y23, DYS627 only in Yfiler Plus
 */
export function yKitOf (typed: Iterable<YLocusName>): YKitFit | undefined {
  const want = new Set(typed)
  if (want.size === 0) return undefined
  const fits = (Object.entries(Y_KITS) as Array<[keyof typeof Y_KITS, readonly YLocusName[]]>)
    .filter(([, loci]) => [...want].every((l) => loci.includes(l)))
    .sort((a, b) => a[1].length - b[1].length)
  if (fits.length === 0) return undefined
  const [kit, loci] = fits[0]
  return { kit, loci, typed: want.size }
}
