import { readFile } from 'node:fs/promises'
import { fail, HomewardError } from '../../core/errors.ts'
import { parseKinshipCaseFile } from '../../core/pedigree/kinship-case-file.ts'
import { familyPower } from '../../core/power/family-power.ts'
import type { FamilyPower, NextRelativePower, PowerSettings } from '../../core/power/family-power-types.ts'
import { DEFAULT_NEXT_RELATIVE_SIMULATIONS, nextRelatives } from '../../core/power/next-relatives.ts'
import { refuseUndefinedLoci } from './lr.ts'

const USAGE = 'usage: homeward power CASE.json [--json] [--simulations N] [--seed N] [--database-size N]\n'

/**
 * `homeward power CASE.json [--json]`: the power of a kinship-lr-case/1 family whose missing person has no
 * genotype, under the file's model: P(LR ≥ 10^3 and 10^4) and E[log10 LR] for the true child, exclusion power and
 * inconsistent loci for an unrelated person, and the relatives to sample next, best first. A readable table
 * without --json. A malformed case, or a typed missing person, exits 1 naming what is wrong.
 */
export async function run (args: string[]): Promise<number> {
  const flags = parseFlags(args)
  if (flags === null) {
    process.stderr.write(USAGE)
    return 2
  }
  try {
    const { kcase, loci, options } = parseKinshipCaseFile(JSON.parse(await readFile(flags.file, 'utf8')))
    refuseUndefinedLoci(kcase.genotypes, loci)
    if (Object.keys(kcase.genotypes[kcase.missingPerson] ?? {}).length > 0) {
      fail('INVALID_CASE', `the missing person ${kcase.missingPerson} has a genotype; power is for a family whose missing person is not yet found: remove it from "genotypes"`, { person: kcase.missingPerson })
    }
    const settings: PowerSettings = { thresholds: [1e3, 1e4], databaseSize: flags.databaseSize, seed: flags.seed, simulations: flags.simulations, maxInconsistentLoci: 3 }
    const power = familyPower(kcase, loci, options, settings)
    const next = nextRelatives(kcase, loci, options, settings)
    const out = powerJson(power, next, settings)
    process.stdout.write(flags.json ? JSON.stringify(out) + '\n' : powerTable(out))
    return 0
  } catch (err) {
    const message = err instanceof HomewardError || err instanceof SyntaxError ? err.message : String(err)
    process.stderr.write(`homeward power: ${flags.file}: ${message}\n`)
    return 1
  }
}

interface Flags { file: string, json: boolean, simulations: number, seed: number, databaseSize: number }

function parseFlags (args: string[]): Flags | null {
  const flags: Flags = { file: '', json: false, simulations: DEFAULT_NEXT_RELATIVE_SIMULATIONS, seed: 1, databaseSize: 1_000_000 }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '--json') { flags.json = true; continue }
    const numeric = ({ '--simulations': 'simulations', '--seed': 'seed', '--database-size': 'databaseSize' } as const)[a as '--seed']
    if (numeric !== undefined) {
      const value = Number(args[++i])
      if (!Number.isInteger(value) || value < 0) {
        process.stderr.write(`homeward power: ${a} needs a whole number, got ${JSON.stringify(args[i] ?? '')}\n`)
        return null
      }
      flags[numeric] = value
      continue
    }
    if (a.startsWith('-') || flags.file !== '') return null
    flags.file = a
  }
  return flags.file === '' ? null : flags
}

const byThreshold = <T>(items: Array<{ lr: number }>, pick: (i: number) => T): Record<string, T> =>
  Object.fromEntries(items.map((x, i) => [String(x.lr), pick(i)]))

/** The JSON the issue asks for (pLrAtLeast keyed by threshold), with the bounds and standard errors beside. */
export function powerJson (power: FamilyPower, next: NextRelativePower[], settings: PowerSettings): Record<string, unknown> {
  const { trueChild, unrelated } = power
  const top = settings.thresholds.indexOf(Math.max(...settings.thresholds))
  return {
    exclusionPower: unrelated.exclusionPower,
    inconsistentLociUnrelated: unrelated.inconsistentLoci,
    pLrAtLeast: byThreshold(trueChild.pLrAtLeast, (i) => trueChild.pLrAtLeast[i].probability),
    pLrAtLeastBounds: byThreshold(trueChild.pLrAtLeast, (i) => ({ lower: trueChild.pLrAtLeast[i].lower, upper: trueChild.pLrAtLeast[i].upper, method: trueChild.pLrAtLeast[i].method })),
    expectedLog10Lr: trueChild.expectedLog10Lr,
    medianLog10Lr: trueChild.medianLog10Lr,
    inconsistentLociTrueChild: trueChild.inconsistentLoci,
    pTrueChildExcludedByRule: trueChild.pExcludedByRule,
    unrelated: {
      pLrAtLeast: byThreshold(unrelated.pLrAtLeast, (i) => unrelated.pLrAtLeast[i].probability),
      pLrAtLeastBounds: byThreshold(unrelated.pLrAtLeast, (i) => ({ lower: unrelated.pLrAtLeast[i].lower, upper: unrelated.pLrAtLeast[i].upper, method: unrelated.pLrAtLeast[i].method })),
      pExcludedByRule: unrelated.pExcludedByRule,
      expectedChanceCandidates: byThreshold(unrelated.expectedChanceCandidates, (i) => unrelated.expectedChanceCandidates[i].expected)
    },
    nextRelatives: next.map((r) => ({
      relation: r.relation,
      label: r.label,
      [`pLrAtLeast${settings.thresholds[top]}`]: r.pLrAtLeast[top].expected,
      standardError: r.pLrAtLeast[top].standardError,
      exclusionPower: r.exclusionPower,
      gainPLrAtLeast: r.gainPLrAtLeast,
      gainExclusionPower: r.gainExclusionPower
    })),
    loci: power.loci,
    informativeLoci: power.informativeLoci,
    databaseSize: settings.databaseSize,
    simulations: settings.simulations,
    seed: settings.seed
  }
}

const pct = (p: number): string => `${(100 * p).toFixed(p > 0.001 && p < 0.999 ? 1 : 3)}%`

function powerTable (out: Record<string, unknown>): string {
  const o = out as { pLrAtLeast: Record<string, number>, expectedLog10Lr: number, pTrueChildExcludedByRule: number, exclusionPower: number, unrelated: { pLrAtLeast: Record<string, number>, expectedChanceCandidates: Record<string, number> }, nextRelatives: Array<Record<string, number | string>>, loci: number, informativeLoci: number, databaseSize: number }
  const lines = [
    `Family power over ${o.loci} loci (${o.informativeLoci} with a typed reference)`,
    '  true child:',
    ...Object.entries(o.pLrAtLeast).map(([t, p]) => `    P(LR ≥ ${t})`.padEnd(28) + pct(p)),
    '    E[log10 LR]'.padEnd(28) + o.expectedLog10Lr.toFixed(2),
    '    excluded by ≥ 3 loci'.padEnd(28) + pct(o.pTrueChildExcludedByRule),
    '  unrelated person:',
    '    exclusion power'.padEnd(28) + pct(o.exclusionPower),
    ...Object.entries(o.unrelated.pLrAtLeast).map(([t, p]) => `    P(LR ≥ ${t})`.padEnd(28) + `${p.toExponential(2)}  (${o.unrelated.expectedChanceCandidates[t].toPrecision(2)} expected among ${o.databaseSize})`),
    '  next relative to sample (expected with that relative typed):',
    '    relative'.padEnd(34) + 'P(LR ≥ 10^4)'.padEnd(20) + 'exclusion power',
    ...o.nextRelatives.map((r) => `    ${String(r.label)}`.padEnd(34) + ((r.standardError as number) > 0 ? `${pct(r.pLrAtLeast10000 as number)} ± ${pct(r.standardError as number)}` : pct(r.pLrAtLeast10000 as number)).padEnd(20) + pct(r.exclusionPower as number))
  ]
  return lines.join('\n') + '\n'
}
