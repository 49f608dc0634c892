import { z } from 'zod'

/**
 * Lineage markers on the wire (issue 14). Only the shape is checked here; the domain parsers
 * (src/core/lineage) canonicalise loci and variants and refuse bad calls naming sample, locus or
 * position and value, all at once with the autosomal problems.
 */

/** Y-STR locus (DYS19, DYS385a/b, Y-GATA-H4, any accepted spelling) → its alleles as strings: "13", "17.2", "null". */
export const YStrWireSchema = z.record(z.string().min(1).max(40), z.array(z.string().min(1).max(20)).min(1).max(8))
  .refine((h) => Object.keys(h).length <= 100, { message: 'at most 100 Y-STR loci per haplotype' })
  .describe('Y-STR haplotype: locus → alleles (multi-copy loci such as DYS385 as one locus with both values; a null allele as "null")')

/** An mtDNA profile as EMPOP writes it: the sequenced range(s) and the differences from rCRS. */
export const MtDnaWireSchema = z.object({
  range: z.union([z.string().min(1).max(200), z.array(z.tuple([z.number().int(), z.number().int()])).min(1).max(20)])
    .describe('sequenced range(s) on rCRS, e.g. "16024-16569 1-576" or [[16024, 16569], [1, 576]]'),
  variants: z.union([z.string().max(10000), z.array(z.string().min(1).max(20)).max(1000)])
    .describe('differences from rCRS in EMPOP notation, e.g. "16223T 263G 315.1C 16189Y" or a list of them')
}).strict()

/** A canonical Y haplotype as stored and returned: canonical locus → sorted alleles. */
export const YHaplotypeSchema = z.record(z.string(), z.array(z.string()).readonly())

/** A canonical mtDNA profile as stored and returned: sequenced ranges and canonical variants. */
export const MitoProfileSchema = z.object({ ranges: z.array(z.tuple([z.number(), z.number()]).readonly()).readonly(), variants: z.array(z.string()).readonly() })

/** One lineage system's figures for a pair (src/runs/lineage-evidence.ts): no haplotype, no allele. */
export const LineageFigureSchema = z.object({
  log10Lr: z.number().nullable(),
  log10Numerator: z.number().describe('log10 P(candidate\'s haplotype | the line\'s references, mutation)'),
  frequency: z.number().describe('the candidate\'s haplotype frequency by counting in the database, with the correction of `method`'),
  matches: z.number().int(),
  size: z.number().int().describe('database haplotypes comparable with the candidate\'s (typed at the compared loci, or covering the compared range)'),
  method: z.string(),
  compared: z.array(z.string()).describe('Y loci compared, or the mtDNA overlap of the two ranges'),
  differences: z.number().int(),
  relatives: z.array(z.object({ id: z.string(), meioses: z.number().int() }))
})

export const PairLineageSchema = z.object({ paternal: LineageFigureSchema.optional(), maternal: LineageFigureSchema.optional() })
