import { readFile } from 'node:fs/promises'
import { fail, HomewardError } from '../../core/errors.ts'
import { parseKinshipCaseFile } from '../../core/pedigree/kinship-case-file.ts'
import { kinshipLr } from '../../core/lr/kinship-lr.ts'
import type { KinshipCase, LocusModel } from '../../core/pedigree/kinship-case.ts'

/**
 * `homeward lr CASE.json`: prints {"log10Lr", "lr", "perLocus": {name: {"log10Lr", "lr", "class", ...}}, ...}.
 * log10Lr null means LR = 0 (an exclusion). A malformed case exits 1 naming the person, locus or allele.
 */
export async function run (args: string[]): Promise<number> {
  const file = args.find((a) => !a.startsWith('-'))
  if (file === undefined) {
    process.stderr.write('usage: homeward lr CASE.json\n')
    return 2
  }
  try {
    const { kcase, loci, options } = parseKinshipCaseFile(JSON.parse(await readFile(file, 'utf8')))
    refuseUndefinedLoci(kcase.genotypes, loci)
    const result = kinshipLr(kcase, loci, options)
    const perLocus = Object.fromEntries(result.perLocus.map((l) => [l.locus, {
      log10Lr: l.log10Lr,
      lr: l.lr,
      class: l.class,
      ...(l.adjustments.length > 0 ? { frequencyAdjustments: l.adjustments } : {})
    }]))
    const lr = result.log10Lr === null ? 0 : 10 ** result.log10Lr
    process.stdout.write(JSON.stringify({
      log10Lr: result.log10Lr,
      lr: Number.isFinite(lr) ? lr : null,
      inconsistentLoci: result.inconsistentLoci,
      comparedLoci: result.comparedLoci,
      perLocus
    }) + '\n')
    return 0
  } catch (err) {
    const message = err instanceof HomewardError || err instanceof SyntaxError ? err.message : String(err)
    process.stderr.write(`homeward lr: ${file}: ${message}\n`)
    return 1
  }
}

/**
 * A genotype at a locus the case's locus list lacks has no frequencies, so the engine would skip it and
 * print an LR that silently leaves typed evidence out: refuse the file, naming the person and the locus.
 */
export function refuseUndefinedLoci (genotypes: KinshipCase['genotypes'], loci: readonly LocusModel[]): void {
  const defined = new Set(loci.map((l) => l.name))
  for (const [person, profile] of Object.entries(genotypes)) {
    for (const locus of Object.keys(profile)) {
      if (!defined.has(locus)) {
        fail('INVALID_CASE', `person ${person}, locus ${locus}: a genotype is given at a locus the case's loci do not define (no frequencies); add the locus to "loci" or remove the genotype`, { person, locus })
      }
    }
  }
}
