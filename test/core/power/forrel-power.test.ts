// Homeward's family power against forrel (R pedsuite) on the same families: exclusion power equal to
// forrel::missingPersonEP to 1e-9, P(LR ≥ t) within three standard errors of forrel::missingPersonIP's
// simulation. Skipped where Rscript or forrel is absent (CI has no R; the product never needs it).
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { familyPower } from '../../../src/core/power/family-power.ts'
import type { KinshipCase } from '../../../src/core/pedigree/kinship-case.ts'
import type { PedigreePerson } from '../../../src/core/pedigree/pedigree.ts'
import { createRng } from '../../../src/core/simulation/simulate-rng.ts'
import { validatePedigree } from '../../../src/core/pedigree/pedigree.ts'
import { benchLoci } from '../../../bench/lib/population-model.ts'
import { NO_MUTATION, PEDIGREES } from '../../helpers/kinship.ts'

const SCRIPT = join(import.meta.dirname, '..', '..', '..', 'bench', 'r', 'forrel-power.R')
const R_ENV = { ...process.env, R_LIBS: process.env.R_LIBS ?? '/work/rlib' }
const probe = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(forrel)); library(jsonlite); cat("ok")'], { encoding: 'utf8', env: R_ENV })
const haveForrel = probe.status === 0 && probe.stdout.includes('ok')
// forrel simulates and scores every child in R: minutes on a shared machine.
t.setTimeout(1_200_000)

const loci = benchLoci().slice(0, 5)
const THRESHOLDS = [10, 100]
const NSIM = 1500

/** Genotypes of the typed persons, simulated forward without mutation so that forrel can condition on them. */
function simulateReferences (persons: PedigreePerson[], typed: string[], seed: number): KinshipCase['genotypes'] {
  const rng = createRng(seed)
  const order = validatePedigree({ persons, missingPerson: 'MP' })
  const alleles = new Map<string, number[][]>()
  const draw = (freqs: number[]): number => { let u = rng.next(); for (let a = 0; a < freqs.length; a++) { u -= freqs[a]; if (u < 0) return a } return freqs.length - 1 }
  for (const p of order) {
    alleles.set(p.id, loci.map((l, k) => p.father === undefined
      ? [draw(l.frequencies), draw(l.frequencies)]
      : [alleles.get(p.father)![k][rng.below(2)], alleles.get(p.mother!)![k][rng.below(2)]]))
  }
  return Object.fromEntries(typed.map((id) => [id, Object.fromEntries(loci.map((l, k) => {
    const [a, b] = alleles.get(id)![k].sort((x, y) => x - y)
    return [l.name, [l.alleles[a], l.alleles[b]]]
  }))]))
}

const FAMILIES: Array<[string, PedigreePerson[], string[]]> = [
  ['father', PEDIGREES.duoFather, ['AF']],
  ['trio', PEDIGREES.trio, ['AF', 'AM']],
  ['full sibling', PEDIGREES.fullSib, ['S']],
  ['two siblings', PEDIGREES.twoSibs, ['S1', 'S2']],
  ['paternal half sibling', PEDIGREES.halfSib, ['S']],
  ['paternal grandparents', PEDIGREES.grandparent, ['S', 'GM']],
  ['uncle', PEDIGREES.uncle, ['S']]
]

t.test('exclusion power and P(LR ≥ t) agree with forrel on the same families', { skip: haveForrel ? false : 'Rscript with forrel and jsonlite not found (R_LIBS)' }, async (t) => {
  const families = FAMILIES.map(([name, persons, typed], i) => ({ name, persons, typed, genotypes: simulateReferences(persons, typed, 100 + i) }))
  const input = families.map((f, i) => ({
    name: f.name,
    persons: f.persons,
    missing: 'MP',
    genotypes: f.genotypes,
    loci: loci.map((l) => ({ name: l.name, alleles: l.alleles, frequencies: l.frequencies })),
    thresholds: THRESHOLDS,
    nsim: NSIM,
    seed: 1 + i
  }))
  const file = join(t.testdir({}), 'families.json')
  writeFileSync(file, JSON.stringify(input))
  const r = spawnSync('Rscript', [SCRIPT, file], { encoding: 'utf8', env: R_ENV, maxBuffer: 1 << 26 })
  t.equal(r.status, 0, r.stderr)
  const forrel = JSON.parse(r.stdout) as Array<{ name: string, exclusionPower: number, pLrAtLeast: number[], meanLog10Lr: number }>
  families.forEach((f, i) => {
    const kcase: KinshipCase = { persons: f.persons, missingPerson: 'MP', genotypes: f.genotypes }
    const power = familyPower(kcase, loci, NO_MUTATION, { thresholds: THRESHOLDS, databaseSize: 0, seed: 1, simulations: 1, maxInconsistentLoci: 3 })
    const theirs = forrel[i]
    t.ok(Math.abs(power.unrelated.exclusionPower - theirs.exclusionPower) < 1e-9, `${f.name}: exclusion power ${power.unrelated.exclusionPower} vs forrel ${theirs.exclusionPower}`)
    THRESHOLDS.forEach((th, k) => {
      const ours = power.trueChild.pLrAtLeast[k]
      const p = theirs.pLrAtLeast[k]
      const se = Math.sqrt(Math.max(p * (1 - p), 1 / NSIM) / NSIM)
      const gap = ours.probability < p ? p - ours.upper : ours.lower - p
      t.ok(gap <= 3 * se, `${f.name}: P(LR ≥ ${th}) ours [${ours.lower.toFixed(4)}, ${ours.upper.toFixed(4)}], forrel ${p.toFixed(4)} ± ${se.toFixed(4)}`)
    })
  })
})
