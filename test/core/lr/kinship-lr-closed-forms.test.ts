import t from 'tap'
import { kinshipLr } from '../../../src/core/lr/kinship-lr.ts'
import { NO_MUTATION, PEDIGREES, oneLocusCase, toyLocus } from '../../helpers/kinship.ts'

// Allele frequencies p1..p5 and hand-derived closed forms from DOMAIN.md §3.
const p = [0.05, 0.1, 0.15, 0.3, 0.4]
const locus = toyLocus(p)
const lr = (pedigree: keyof typeof PEDIGREES, g: Record<string, string>, options = NO_MUTATION): number =>
  kinshipLr(oneLocusCase(PEDIGREES[pedigree], g), [locus], options).perLocus[0].lr
const close = (t: { ok: (c: boolean, m: string) => unknown }, got: number, want: number, what: string): void => {
  t.ok(Math.abs(got - want) <= 1e-12 * Math.abs(want), `${what}: ${got} vs ${want}`)
}

t.test('parent–child without mutation (the textbook table)', async (t) => {
  close(t, lr('duoFather', { AF: '1/1', MP: '1/1' }), 1 / p[0], 'C aa, AP aa → 1/p_a (p = 0.05 → 20)')
  close(t, lr('duoFather', { AF: '1/2', MP: '1/1' }), 1 / (2 * p[0]), 'C aa, AP ab → 1/(2p_a)')
  close(t, lr('duoFather', { AF: '1/1', MP: '1/2' }), 1 / (2 * p[0]), 'C ab, AP aa → 1/(2p_a)')
  close(t, lr('duoFather', { AF: '1/2', MP: '1/2' }), (p[0] + p[1]) / (4 * p[0] * p[1]), 'C ab, AP ab')
  close(t, lr('duoFather', { AF: '1/3', MP: '1/2' }), 1 / (4 * p[0]), 'C ab, AP ac → 1/(4p_a)')
  t.equal(lr('duoFather', { AF: '3/4', MP: '1/2' }), 0, 'C ab, AP cd → 0')
  t.equal(kinshipLr(oneLocusCase(PEDIGREES.duoFather, { AF: '3/4', MP: '1/2' }), [locus], NO_MUTATION).log10Lr, null, 'an exclusion is log10Lr null')
})

t.test('IBD relationships: LR = k0 + k1·X1 + k2·X2', async (t) => {
  // X1: the one-shared-allele ratio (the parent–child LR); X2: [same genotype]/P(g_U).
  const pairs: Array<[string, string]> = [['1/2', '1/3'], ['1/1', '1/2'], ['2/4', '2/4'], ['3/3', '3/3'], ['1/2', '4/5']]
  const pc = (u: string, r: string): number => lr('duoFather', { AF: r, MP: u })
  const x2 = (u: string, r: string): number => {
    if (u !== r) return 0
    const [a, b] = u.split('/').map((x) => p[Number(x) - 1])
    return 1 / (a === b && u.split('/')[0] === u.split('/')[1] ? a * a : 2 * a * b)
  }
  for (const [u, r] of pairs) {
    const x1 = pc(u, r)
    close(t, lr('fullSib', { S: r, MP: u }), 0.25 + 0.5 * x1 + 0.25 * x2(u, r), `full siblings ${u} ~ ${r}`)
    close(t, lr('halfSib', { S: r, MP: u }), 0.5 + 0.5 * x1, `half siblings ${u} ~ ${r}`)
    close(t, lr('grandparent', { S: r, MP: u }), 0.5 + 0.5 * x1, `grandparent ${u} ~ ${r}`)
    close(t, lr('uncle', { S: r, MP: u }), 0.5 + 0.5 * x1, `uncle ${u} ~ ${r}`)
  }
})

t.test('θ: MP aa with father aa gives (1+2θ)/(3θ+(1−θ)p_a)', async (t) => {
  for (const theta of [0.01, 0.03, 0.1]) {
    const got = lr('duoFather', { AF: '1/1', MP: '1/1' }, { ...NO_MUTATION, theta })
    close(t, got, (1 + 2 * theta) / (3 * theta + (1 - theta) * p[0]), `θ = ${theta}`)
  }
})

t.test('untyped loci give LR 1 and class untyped', async (t) => {
  const r = kinshipLr(oneLocusCase(PEDIGREES.duoFather, { AF: '1/2' }), [locus], NO_MUTATION)
  t.equal(r.perLocus[0].lr, 1)
  t.equal(r.perLocus[0].class, 'untyped')
  t.equal(r.comparedLoci, 0)
})
