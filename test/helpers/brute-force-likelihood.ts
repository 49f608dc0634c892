import type { LocusParameters, LocusPerson } from '../../src/core/likelihood/locus-likelihood.ts'

/**
 * An independent, deliberately naive pedigree likelihood for checking the engine on small loci: enumerate
 * every ordered allele pair of every person (typed persons: their two orderings), and add up
 * Π_founders BN(all founder alleles) × Π_children transmission. Exponential; only for n ≤ 4 and few persons.
 */
export function bruteForceLikelihood (persons: readonly LocusPerson[], params: LocusParameters): number {
  const { n, freqs, theta, male, female } = params
  const choices = persons.map((p) => {
    if (p.genotype === null) {
      const all: Array<[number, number]> = []
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) all.push([a, b])
      return all
    }
    const [a, b] = p.genotype
    return a === b ? [[a, a] as [number, number]] : [[a, b] as [number, number], [b, a] as [number, number]]
  })
  const current: Array<[number, number]> = persons.map(() => [0, 0])
  let total = 0
  const visit = (i: number): void => {
    if (i === persons.length) {
      const founderAlleles: number[] = []
      let product = 1
      persons.forEach((p, k) => {
        const [pat, mat] = current[k]
        if (p.father < 0) { founderAlleles.push(pat, mat); return }
        const [f1, f2] = current[p.father]
        const [m1, m2] = current[p.mother]
        product *= (0.5 * male[f1 * n + pat] + 0.5 * male[f2 * n + pat]) * (0.5 * female[m1 * n + mat] + 0.5 * female[m2 * n + mat])
      })
      const counts = new Array(n).fill(0)
      founderAlleles.forEach((a, k) => {
        product *= (counts[a] * theta + (1 - theta) * freqs[a]) / (1 + (k - 1) * theta)
        counts[a]++
      })
      total += product
      return
    }
    for (const c of choices[i]) {
      current[i] = c
      visit(i + 1)
    }
  }
  visit(0)
  return total
}
