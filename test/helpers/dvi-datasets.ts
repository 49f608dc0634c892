import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { completeLoci, type DviProblem } from '../../src/core/identification/dvi-problem.ts'
import type { KinshipCase, LocusModel } from '../../src/core/pedigree/kinship-case.ts'
import { readDviReference } from '../../src/ingest/dvi-reference.ts'

/** dvir's five datasets, copied into fixtures/dvi (provenance in fixtures/dvi/SOURCES.md). */
export const DVI_DATASETS = ['fire', 'planecrash', 'icmp', 'grave', 'exclusionExample'] as const

export function dviFixturePath (name: string): string {
  return fileURLToPath(new URL(`../../fixtures/dvi/${name}.json`, import.meta.url))
}

export function loadDviDataset (name: string): DviProblem {
  return readDviReference(JSON.parse(readFileSync(dviFixturePath(name), 'utf8')))
}

/**
 * The single-pair question "victim is slot", built independently of the identification code: the slot's
 * family with the victim's genotypes in the slot and the family's other slots untyped, and the problem's
 * completed locus tables, as kinshipLr takes it.
 */
export function singlePairCase (problem: DviProblem, slot: string, victim: string): { kcase: KinshipCase, loci: LocusModel[] } {
  const family = problem.families.find((f) => f.missing.includes(slot))!
  const v = problem.victims.find((x) => x.id === victim)!
  return {
    kcase: { persons: family.persons, missingPerson: slot, genotypes: { ...family.genotypes, [slot]: v.genotypes } },
    loci: completeLoci(problem)
  }
}
