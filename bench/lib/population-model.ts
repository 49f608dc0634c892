import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { LocusModel, LrOptions } from '../../src/core/pedigree/kinship-case.ts'
import { lookupLocus } from '../../src/core/markers/locus.ts'
import type { MutationSpec } from '../../src/core/mutation/mutation-spec.ts'

/** The 20 CODIS core loci plus the three that Chinese kits add: every profile is typed at the first 20. */
export const BENCH_LOCI = [
  'CSF1PO', 'D3S1358', 'D5S818', 'D7S820', 'D8S1179', 'D13S317', 'D16S539', 'D18S51', 'D21S11', 'FGA',
  'TH01', 'TPOX', 'vWA', 'D1S1656', 'D2S441', 'D2S1338', 'D10S1248', 'D12S391', 'D19S433', 'D22S1045',
  'Penta D', 'Penta E', 'D6S1043'
]

/** Stepwise, paternal rate about 3.5× the maternal (DOMAIN.md §4), range 0.1 as in pedmut's examples. */
export const BENCH_MUTATION: MutationSpec = {
  male: { model: 'stepwise', rate: 0.0035, range: 0.1, rate2: 0 },
  female: { model: 'stepwise', rate: 0.001, range: 0.1, rate2: 0 }
}

/** The options every benchmark LR uses: θ = 0.01 (NRC II), the stepwise model above, unknown alleles 0.001. */
export const BENCH_OPTIONS: LrOptions = {
  theta: 0.01,
  mutation: BENCH_MUTATION,
  unknownAllele: { rule: 'fixed', frequency: 0.001 }
}

export const DEFAULT_FREQUENCY_FILE = fileURLToPath(new URL('../../fixtures/frequencies/nist1036_asian.json', import.meta.url))

interface FrequencyJson { loci: Array<{ name: string, alleles: string[], frequencies: number[] }>, sampleSizeAlleles?: Record<string, number> }

/**
 * The locus models of BENCH_LOCI from a fixtures/frequencies JSON table (names canonicalised, alleles
 * sorted by repeat number so that a smaller code is a smaller allele).
 */
export function benchLoci (file = DEFAULT_FREQUENCY_FILE): LocusModel[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as FrequencyJson
  const byName = new Map(doc.loci.map((l) => [lookupLocus(l.name) ?? l.name, l]))
  return BENCH_LOCI.map((name) => {
    const l = byName.get(name)
    if (l === undefined) throw new Error(`${file} has no locus ${name}`)
    const order = l.alleles.map((_, i) => i).sort((a, b) => Number(l.alleles[a]) - Number(l.alleles[b]))
    return {
      name,
      alleles: order.map((i) => l.alleles[i]),
      frequencies: order.map((i) => l.frequencies[i]),
      sampleSize: doc.sampleSizeAlleles?.[l.name]
    }
  })
}
