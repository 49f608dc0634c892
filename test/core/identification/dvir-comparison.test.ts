import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { dviSolve } from '../../../src/core/identification/dvi-solve.ts'
import { DVI_DATASETS, loadDviDataset } from '../../helpers/dvi-datasets.ts'

// dvir's dviSolve (R, pedsuite) on its five datasets against this engine: the first pairwise LR matrix to
// 1e-9 relative, and every conclusion and assignment of the AM and PM tables. Needs Rscript and dvir in
// HOMEWARD_R_LIBS (default /work/rlib); skipped otherwise (CI has no R; the product never needs it).
const R_LIBS = process.env.HOMEWARD_R_LIBS ?? '/work/rlib'
const SCRIPT = fileURLToPath(new URL('./dvir-solve.R', import.meta.url))
const FIXTURES = fileURLToPath(new URL('../../../fixtures/dvi', import.meta.url))
const env = { ...process.env, R_LIBS }
const probe = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages({library(dvir); library(jsonlite)})'], { env, encoding: 'utf8' })
const skip = probe.error !== undefined ? 'Rscript is not installed' : probe.status !== 0 ? `dvir or jsonlite is not in ${R_LIBS}` : false

interface RRow { Family: string | null, Missing: string | null, Sample: string | null, LR: number | null, GLR: number | null, Conclusion: string | null }
interface RResult { AM: RRow[], PM: RRow[], LRmatrix: { victims: string[], missing: string[], values: Array<Array<number | null>> } }

t.test('dvir dviSolve against Homeward on dvir\'s five datasets', { skip, timeout: 1_200_000 }, async (t) => {
  const r = spawnSync('Rscript', [SCRIPT, FIXTURES, ...DVI_DATASETS], { env, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 1_100_000 })
  t.equal(r.status, 0, `Rscript ran (${r.stderr.slice(-500)})`)
  const expected = JSON.parse(r.stdout) as Record<string, RResult>
  for (const name of DVI_DATASETS) {
    const ours = dviSolve(loadDviDataset(name))
    const theirs = expected[name]
    const m = ours.lrMatrix!
    t.same([m.victims, m.missing], [theirs.LRmatrix.victims, theirs.LRmatrix.missing], `${name}: matrix dimensions`)
    let worst = 0
    theirs.LRmatrix.values.forEach((row, i) => row.forEach((x, j) => {
      const y = m.ln[i][j]
      if (x === null || y === null) { t.equal(y, x, `${name} ${m.victims[i]}-${m.missing[j]}: NA in both`); return }
      const ours = Math.exp(y)
      const rel = x === 0 ? ours : Math.abs(ours - x) / x
      worst = Math.max(worst, rel)
      if (rel > 1e-9) t.fail(`${name} ${m.victims[i]}-${m.missing[j]}: LR ${ours} vs dvir ${x}`)
    }))
    t.pass(`${name}: pairwise LRs within ${worst.toExponential(1)} relative of dvir`)
    const key = (rows: Array<{ missing: string | null, sample: string | null, conclusion: string | null }>): string[][] => rows.map((x) => [x.missing ?? '', x.sample ?? '', x.conclusion ?? ''])
    t.same(key(ours.am), key(theirs.AM.map((x) => ({ missing: x.Missing, sample: x.Sample, conclusion: x.Conclusion }))), `${name}: AM conclusions and assignments`)
    t.same(ours.pm.map((x) => [x.sample, x.conclusion, x.conclusion === 'Inconclusive' ? null : x.missing]), theirs.PM.map((x) => [x.Sample, x.Conclusion, x.Conclusion === 'Inconclusive' ? null : x.Missing === '' ? null : x.Missing]), `${name}: PM conclusions and assignments`)
    ours.am.forEach((x, k) => {
      const g = theirs.AM[k].GLR
      if (g === null || x.lnGlr === null) t.equal(x.lnGlr === null, g === null, `${name} ${x.missing}: GLR NA in both`)
      else t.ok(Math.abs(Math.exp(x.lnGlr) - g) <= 1e-6 * g, `${name} ${x.missing}: GLR ${Math.exp(x.lnGlr)} vs dvir ${g}`)
    })
  }
})
