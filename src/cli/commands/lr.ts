import { readFile } from 'node:fs/promises'
import { HomewardError } from '../../core/errors.ts'
import { parseKinshipCaseFile } from '../../core/pedigree/kinship-case-file.ts'
import { kinshipLr } from '../../core/lr/kinship-lr.ts'

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
