import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../helpers/run-cli.ts'
import { dviFixturePath } from '../helpers/dvi-datasets.ts'

t.test('homeward dvi planecrash.json --json: one object with the pairwise matrix over every pair and one entry per missing person', async (t) => {
  const r = runCli(['dvi', dviFixturePath('planecrash'), '--json'])
  t.equal(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout)
  t.same(out.pairwise.victims, ['V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7', 'V8'])
  t.same(out.pairwise.missing, ['M1', 'M2', 'M3', 'M4', 'M5'])
  t.equal(out.pairwise.log10Lr.length, 8)
  t.ok(out.pairwise.log10Lr.every((row: unknown[]) => row.length === 5 && row.every((x) => x === null || typeof x === 'number')), 'every pair, a number or null')
  t.ok(Math.abs(out.pairwise.log10Lr[5][1] - Math.log10(1.06901e6)) < 1e-5, 'V6-M2: LR 1.069e6')
  t.same(out.missing.map((m: any) => [m.missing, m.family, m.victim, m.conclusion]), [
    ['M1', 'F1', 'V1', 'Inconclusive'], ['M2', 'F2', 'V6', 'Undisputed'], ['M3', 'F3', 'V2', 'Undisputed'],
    ['M4', 'F4', 'V3', 'Inconclusive'], ['M5', 'F5', 'V4', 'Undisputed']
  ])
  t.ok(out.missing.every((m: any) => 'log10Lr' in m && 'log10Glr' in m), 'log10Lr and log10Glr on every entry')
  t.same(out.undisputed.map((u: any) => u.victim), ['V6', 'V2', 'V4'])
  t.ok(out.components.length > 0 && out.components.every((c: any) => c.best.length > 0), 'components with their best assignments')
})

t.test('homeward dvi fire.json: dvir\'s AM table for a reader, the symmetric pair as V2/V3', async (t) => {
  const r = runCli(['dvi', dviFixturePath('fire')])
  t.equal(r.code, 0, r.stderr)
  const lines = r.stdout.trim().split('\n')
  t.match(lines[0], /^family\s+missing\s+victim/)
  t.match(lines[2], /^F1\s+M2\s+V2\/V3\s+-\s+6\.47\s+Symmetric match/)
})

t.test('refused input exits 1 naming the path; usage errors exit 2', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dvi-cli-'))
  const doc = JSON.parse(readFileSync(dviFixturePath('fire'), 'utf8'))
  doc.victims[0].genotypes.TH01 = ['7', '7', '8']
  const bad = join(dir, 'bad.json')
  writeFileSync(bad, JSON.stringify(doc))
  const r = runCli(['dvi', bad, '--json'])
  t.equal(r.code, 1)
  t.match(r.stderr, /homeward dvi: .*bad\.json: victims\.0\.genotypes\.TH01: /)
  t.equal(r.stdout, '', 'nothing printed on stdout')
  t.equal(runCli(['dvi']).code, 2)
  t.equal(runCli(['dvi', bad, '--threshold', 'x']).code, 2)
  t.equal(runCli(['dvi', join(dir, 'none.json')]).code, 1)
})
