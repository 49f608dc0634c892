import { GB_T_37223 } from '../core/lr/decision.ts'
import type { LocusModel } from '../core/pedigree/kinship-case.ts'
import type { PowerSettings } from '../core/power/family-power-types.ts'
import { DEFAULT_NEXT_RELATIVE_SIMULATIONS } from '../core/power/next-relatives.ts'
import type { CaseRecord } from '../storage/case-repository.ts'
import type { PowerInputs } from '../storage/family-power-repository.ts'
import type { FamilyPowerJob } from './family-power-runner.ts'
import { caseKinship } from './match-plan.ts'
import type { MatchModel } from './match-model.ts'

/** The levels power is stated at: dvir's "probable" (10^3) and the match of GB/T 37223 and dvir (10^4). */
export const POWER_THRESHOLDS: readonly number[] = [1_000, 10_000]

/**
 * Genotype sets per relative the family could still give, as homeward-power/1 simulated them; since
 * homeward-power/2 the next relatives are computed over all the relative's genotypes and this is only part of
 * a stored value's inputs (HOMEWARD_POWER_SIMULATIONS).
 */
export const POWER_SIMULATIONS = DEFAULT_NEXT_RELATIVE_SIMULATIONS

/** Bumped when the way power is computed changes, so every stored value is seen as stale and recomputed. */
export const POWER_METHOD = 'homeward-power/2'

/** The method and everything it was asked but the case and the model: part of every stored value's inputs. */
export function powerMethodVersion (simulations: number = POWER_SIMULATIONS): string {
  return `${POWER_METHOD} t=${POWER_THRESHOLDS.join(',')} sims=${simulations} maxInconsistent=${GB_T_37223.maxInconsistentLoci}`
}

/** The inputs a case's power is computed from today. */
export function powerInputs (c: Pick<CaseRecord, 'inputHash'>, model: MatchModel, simulations: number = POWER_SIMULATIONS): PowerInputs {
  return {
    caseHash: c.inputHash,
    frequencyTableId: model.table.id,
    frequencyTableVersion: model.table.version,
    modelVersion: model.modelVersion,
    methodVersion: powerMethodVersion(simulations)
  }
}

/**
 * The seed of a case's simulation, from its input hash: the same family gives the same figures on every
 * machine and every run (reproducible, as the issue asks), and different families draw independently.
 *
 * @example powerSeed('0000002a…') // 42
 */
export function powerSeed (inputHash: string): number {
  return Number.parseInt(inputHash.slice(0, 8), 16) >>> 0
}

/**
 * One family's power job: the pedigree with its references (the missing person untyped), at the table loci
 * where at least one reference is typed. Those are the loci of the family's kit, where a person is compared
 * with it (match-plan.ts); elsewhere every candidate's LR is 1, so they add nothing to the family's power.
 */
export function planFamilyPower (c: CaseRecord, model: MatchModel, databaseSize: number, simulations: number = POWER_SIMULATIONS): FamilyPowerJob {
  const kcase = caseKinship(c)
  const typed = new Set(Object.values(kcase.genotypes).flatMap((g) => Object.keys(g)))
  const loci: LocusModel[] = [...model.loci.values()].filter((l) => typed.has(l.name))
  const settings: PowerSettings = {
    thresholds: [...POWER_THRESHOLDS],
    databaseSize,
    seed: powerSeed(c.inputHash),
    simulations,
    maxInconsistentLoci: GB_T_37223.maxInconsistentLoci
  }
  return { caseId: c.id, kcase, loci, options: model.options, settings }
}
