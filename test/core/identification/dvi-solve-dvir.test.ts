import t from 'tap'
import { dviSolve } from '../../../src/core/identification/dvi-solve.ts'
import type { DviRow } from '../../../src/core/identification/dvi-summary.ts'
import { loadDviDataset } from '../../helpers/dvi-datasets.ts'

const lr = (r: DviRow): number | null => r.lnLr === null ? null : Math.exp(r.lnLr)
const glr = (r: DviRow): number | null => r.lnGlr === null ? null : Math.exp(r.lnGlr)
const close = (a: number | null, b: number, rel: number): boolean => a !== null && Math.abs(a - b) <= rel * Math.abs(b)

// dvir 3.4.2's own test of dviSolve (tests/testthat/test-fire-solve.R), figures to its tolerance 1e-4.
t.test('fire: dvir\'s expected AM and PM tables, LR matrix and joint table', async (t) => {
  const r = dviSolve(loadDviDataset('fire'))
  t.same(r.am.map((x) => [x.family, x.missing, x.sample, x.conclusion]), [
    ['F1', 'M1', 'V1', 'Match (GLR)'], ['F1', 'M2', 'V2/V3', 'Symmetric match'], ['F1', 'M3', 'V2/V3', 'Symmetric match']
  ])
  t.ok(close(lr(r.am[0]), 121.347585, 1e-6), 'M1 = V1: LR 121.35')
  t.equal(r.am[1].lnLr, null, 'symmetric pair: LR NA (the two victims\' LRs differ)')
  t.ok(close(glr(r.am[0]), 70582.39, 1e-4) && close(glr(r.am[1]), 2947149.10, 1e-4) && close(glr(r.am[2]), 2947149.10, 1e-4), 'GLRs 70582.39, 2947149.10')
  t.same(r.pm.map((x) => [x.sample, x.missing, x.conclusion]), [['V1', 'M1', 'Match (GLR)'], ['V2', 'M2/M3', 'Symmetric match'], ['V3', 'M2/M3', 'Symmetric match']])
  t.ok(close(lr(r.pm[1]), 36.563503, 1e-6) && close(lr(r.pm[2]), 1.312181, 1e-6), 'PM LRs 36.56, 1.31 (equal across M2, M3)')
  const m = r.lrMatrix!
  const expected = [[121.347585, 398.582218, 398.582218], [0.5826857, 36.563503, 36.563503], [0.002019597, 1.312181, 1.312181]]
  m.ln.forEach((row, i) => row.forEach((x, j) => t.ok(close(Math.exp(x!), expected[i][j], 1e-6), `LR ${m.victims[i]}-${m.missing[j]}`)))
  t.same(r.exclusionMatrix.counts, [[0, 0, 0], [0, 0, 0], [0, 0, 0]])
  const j = r.jointTables.F1
  t.equal(j.rows.length, 34, '34 assignments')
  const lrToBest = j.rows.slice(0, 6).map((x) => Math.exp(j.rows[0].lnLr - x.lnLr))
  ;[1, 1, 70582.39, 70582.39, 2947149.10, 2947149.10].forEach((x, k) => t.ok(close(lrToBest[k], x, 1e-4), `row ${k + 1}: LR to the best ${x}`))
  t.same(j.rows.slice(0, 6).map((x) => x.slots.map((s) => s ?? '*')).map((s) => s[0]), ['M1', 'M1', '*', '*', 'M2', 'M3'], 'V1 column as dvir\'s')
})

t.test('planecrash: three undisputed, what dvir\'s rules give the rest, and strict drops M3 = V2', async (t) => {
  const p = loadDviDataset('planecrash')
  const r = dviSolve(p)
  const und = r.am.filter((x) => x.conclusion === 'Undisputed').map((x) => `${x.missing}=${x.sample}`)
  t.same(und, ['M2=V6', 'M3=V2', 'M5=V4'])
  // Undisputed as defined: LR ≥ 10^4 and ≥ 10^4 × every other LR in the row and the column of the first matrix.
  const m = r.lrMatrix!
  for (const u of r.am.filter((x) => x.conclusion === 'Undisputed')) {
    const i = m.victims.indexOf(u.sample!)
    const j = m.missing.indexOf(u.missing!)
    const x = m.ln[i][j]!
    t.ok(x >= Math.log(1e4), `${u.missing}: LR ≥ T`)
    const others = [...m.ln[i].filter((_, k) => k !== j), ...m.ln.filter((_, k) => k !== i).map((row) => row[j])]
    t.ok(others.every((o) => o === null || o <= x - Math.log(1e4)), `${u.missing}: T times every competitor`)
  }
  // Single-slot families left: best LR 924.9 and 249.3, below threshold2 = 1000 and ≥ 1: Inconclusive.
  t.same(r.am.filter((x) => x.conclusion === 'Inconclusive').map((x) => [x.missing, x.sample]), [['M1', 'V1'], ['M4', 'V3']])
  t.same(r.pm.filter((x) => x.conclusion === 'Excluded').map((x) => x.sample), ['V7', 'V8'], 'V7, V8: no compatible pairing left')
  t.equal(r.pm.find((x) => x.sample === 'V5')!.conclusion, 'No match', 'V5: best LR < 1')
  const strict = dviSolve(p, { strict: true })
  // dvir's documented example: with strict, M3 = V2 is no longer undisputed (M3 has LR > 1 against V7).
  t.notOk(strict.am.some((x) => x.missing === 'M3' && x.conclusion === 'Undisputed'))
  const lower = dviSolve(p, { threshold: 100 })
  t.ok(lower.am.filter((x) => x.conclusion === 'Undisputed').length > 3, 'a lower threshold finds more undisputed')
})

t.test('exclusionExample: every slot but two excluded with more than maxIncomp = 2 incompatible loci', async (t) => {
  const r = dviSolve(loadDviDataset('exclusionExample'))
  const em = r.exclusionMatrix
  for (const x of r.am.filter((a) => a.conclusion === 'Excluded')) {
    const j = em.missing.indexOf(x.missing!)
    const min = Math.min(...em.counts.map((row) => row[j] ?? Infinity))
    t.ok(min > 2, `${x.missing}: fewest incompatible loci ${min} > 2`)
    t.equal(x.comment, min === Infinity ? 'No compatible pairings' : `${min}+ inconsistencies`)
  }
  t.same(r.am.filter((a) => a.conclusion === 'Undisputed').map((a) => `${a.missing}=${a.sample}`), ['M6=V15', 'M13=V5'])
  const loose = dviSolve(loadDviDataset('exclusionExample'), { maxIncomp: 10 })
  t.ok(loose.am.filter((a) => a.conclusion === 'Excluded').length < r.am.filter((a) => a.conclusion === 'Excluded').length, 'maxIncomp is a parameter')
})
