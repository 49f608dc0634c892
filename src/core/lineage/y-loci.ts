/** A canonical Y-STR locus name, e.g. "DYS19", "DYS389II", "Y-GATA-H4", "DYS385" (both copies). */
export type YLocusName = string

/**
 * The Y-STR kits' loci, multi-copy loci counted once (DYS385 for DYS385a/b, DYF387S1 for DYF387S1a/b),
 * so a kit of "17 loci" lists 16 names here. Source: the ystr_kits table of the R package malan
 * (M. M. Andersen, github.com/mikldk/malan, data/ystr_kits.RData at commit 7c58e462af18e21bd093fc79c6eca803ebec2692,
 * "from yhrd.org"), checked against the kits' names of loci: Yfiler (Thermo Fisher, 17), Yfiler Plus
 * (Thermo Fisher, 27), PowerPlex Y23 (Promega, 23). Copied to fixtures/lineage/y-kits.tsv.
 */
export const Y_KITS: Readonly<Record<'Yfiler' | 'Yfiler Plus' | 'PowerPlex Y23', readonly YLocusName[]>> = {
  Yfiler: [
    'DYS456', 'DYS389I', 'DYS390', 'DYS389II', 'DYS458', 'DYS19', 'DYS385', 'DYS393', 'DYS391', 'DYS439',
    'DYS635', 'DYS392', 'Y-GATA-H4', 'DYS437', 'DYS438', 'DYS448'
  ],
  'Yfiler Plus': [
    'DYS576', 'DYS389I', 'DYS635', 'DYS389II', 'DYS627', 'DYS460', 'DYS458', 'DYS19', 'Y-GATA-H4', 'DYS448',
    'DYS391', 'DYS456', 'DYS390', 'DYS438', 'DYS392', 'DYS518', 'DYS570', 'DYS437', 'DYS385', 'DYS449',
    'DYS393', 'DYS439', 'DYS481', 'DYF387S1', 'DYS533'
  ],
  'PowerPlex Y23': [
    'DYS576', 'DYS389I', 'DYS448', 'DYS389II', 'DYS19', 'DYS391', 'DYS481', 'DYS549', 'DYS533', 'DYS438',
    'DYS437', 'DYS570', 'DYS635', 'DYS390', 'DYS439', 'DYS392', 'DYS643', 'DYS393', 'DYS458', 'DYS385',
    'DYS456', 'Y-GATA-H4'
  ]
}

/** Every Y locus Homeward accepts: the union of the kits above. */
export const Y_LOCI: readonly YLocusName[] = [...new Set(Object.values(Y_KITS).flat())].sort()

/**
 * Loci with two copies on the Y chromosome, typed as an unordered set (DYS385a/b, DYF387S1a/b). The "a"
 * and "b" of a typing result are the shorter and the longer allele, not two identifiable copies.
 */
export const MULTI_COPY_Y_LOCI: ReadonlySet<YLocusName> = new Set(['DYS385', 'DYF387S1'])

/**
 * Spellings beyond case, spaces, dots, dashes, underscores and slashes. "DYS387S1" is how some texts (and
 * Homeward's issue) name DYF387S1, the name Thermo Fisher and YHRD use: the standard's name is canonical.
 */
const Y_ALIASES: Readonly<Record<string, YLocusName>> = {
  YGATAH4: 'Y-GATA-H4',
  GATAH4: 'Y-GATA-H4',
  DYS387S1: 'DYF387S1',
  DYS3891: 'DYS389I', // digit one for the Roman numeral
  DYS38911: 'DYS389II'
}

const BY_KEY = new Map<string, YLocusName>()
for (const name of Y_LOCI) BY_KEY.set(foldYLocus(name), name)
for (const [alias, name] of Object.entries(Y_ALIASES)) BY_KEY.set(foldYLocus(alias), name)

function foldYLocus (name: string): string {
  return name.replace(/[\s_.\-/]/g, '').toUpperCase()
}

/** A Y locus name as given, resolved: the canonical locus and, for one copy of a multi-copy locus, which ('a', 'b'). */
export interface YLocusSpelling {
  locus: YLocusName
  copy?: 'a' | 'b'
}

/**
 * The canonical Y locus of a spelling, or undefined when it is not a Y locus Homeward knows.
 * "DYS385a/b", "DYS385ab" and "DYS385" are the whole multi-copy locus; "DYS385a" one copy of it.
 *
 * @example lookupYLocus('Y GATA H4') // { locus: 'Y-GATA-H4' }
 * @example lookupYLocus('DYS385a') // { locus: 'DYS385', copy: 'a' }
 * @example lookupYLocus('dys387s1 a/b') // { locus: 'DYF387S1' }
 */
export function lookupYLocus (raw: string): YLocusSpelling | undefined {
  const key = foldYLocus(raw)
  const direct = BY_KEY.get(key)
  if (direct !== undefined) return { locus: direct }
  const split = /^(.*?)(AB|A|B)$/.exec(key)
  if (split === null) return undefined
  const locus = BY_KEY.get(split[1])
  if (locus === undefined || !MULTI_COPY_Y_LOCI.has(locus)) return undefined
  return split[2] === 'AB' ? { locus } : { locus, copy: split[2] === 'A' ? 'a' : 'b' }
}
