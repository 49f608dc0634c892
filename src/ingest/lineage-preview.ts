import { HomewardError } from '../core/errors.ts'
import { parseMitoProfile, type MitoProfile } from '../core/lineage/mito-profile.ts'
import { parseYHaplotype, type YHaplotype } from '../core/lineage/y-haplotype.ts'
import { lookupYLocus } from '../core/lineage/y-loci.ts'
import type { IgnoredMarker, LocusRefusal, ParsedSample } from './import-types.ts'

/**
 * Fewest Y loci read as a haplotype: the ISFG "minimal haplotype" (DYS19, DYS389I, DYS389II, DYS390,
 * DYS391, DYS392, DYS393, DYS385). Autosomal kits carry one to three Y-STRs (GlobalFiler's DYS391,
 * Fusion 6C's DYS570 and DYS576): a match on those says nothing about a paternal line, so they stay
 * ignored as before, and only a Y kit's table gives a haplotype.
 */
export const MIN_Y_LOCI = 8

export interface LineagePreview {
  yStr?: YHaplotype
  mtDna?: MitoProfile
  refused: LocusRefusal[]
  ignored: IgnoredMarker[]
}

/**
 * The lineage markers of one imported sample, read by the same parsers as the API's (src/core/lineage),
 * so an import refuses what POST /persons refuses: each problem a refusal naming the locus (or `mtDNA`)
 * and the value, and the sample is not stored.
 */
export function previewLineage (s: ParsedSample): LineagePreview {
  const out: LineagePreview = { refused: [], ignored: [] }
  const origin = s.element !== undefined ? { element: s.element } : { line: s.line }
  if (s.yCalls !== undefined) {
    const loci = new Set(Object.keys(s.yCalls).map((name) => lookupYLocus(name)?.locus ?? name))
    if (loci.size < MIN_Y_LOCI) {
      for (const locus of Object.keys(s.yCalls)) out.ignored.push({ locus, reason: `a Y-STR of an autosomal kit (${loci.size} Y loci; a haplotype needs at least ${MIN_Y_LOCI}): not used`, ...origin })
    } else {
      const y = refusalsOf(() => parseYHaplotype(s.yCalls!, { sample: s.id }), 'Y-STR', out.refused, origin)
      if (y !== undefined) out.yStr = y
    }
  }
  if (s.mtCalls !== undefined) {
    const mt = refusalsOf(() => parseMitoProfile(s.mtCalls!, { sample: s.id }), 'mtDNA', out.refused, origin)
    if (mt !== undefined) out.mtDna = mt
  }
  return out
}

function refusalsOf<T> (read: () => T, system: string, into: LocusRefusal[], origin: Pick<LocusRefusal, 'line' | 'element'>): T | undefined {
  try {
    return read()
  } catch (err) {
    if (!(err instanceof HomewardError)) throw err
    for (const p of err.problems.length > 0 ? err.problems : [err]) {
      const d = p.details
      const value = d.value ?? d.allele
      const locus = typeof d.locus === 'string' ? d.locus : d.position !== undefined ? `${system} ${String(d.position)}` : system
      into.push({ locus, reason: p.message, ...(value !== undefined ? { value: String(value) } : {}), ...origin })
    }
    return undefined
  }
}
