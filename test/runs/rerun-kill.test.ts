// A rerun in a child process killed with SIGKILL midway, then resumed: every pair is scored exactly once.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { kinshipLr } from '../../src/core/lr/kinship-lr.ts'
import type { LocusModel, LrOptions } from '../../src/core/pedigree/kinship-case.ts'
import { defaultLocusMutation } from '../../src/core/mutation/mutation-rates.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { caseBody, createRng, KIT_LOCI, personBody, plantFamilies, TABLE, unrelatedPersons } from '../helpers/planted-families.ts'

const BIN = fileURLToPath(new URL('../../src/cli/bin.mjs', import.meta.url))

function startRerun (args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'rerun', '--in-process', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => { stderr += chunk })
  const exit = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  return { child, exit, stderr: () => stderr }
}

t.test('kill -9 during a rerun, resume, every pair scored exactly once', async (t) => {
  // Floor 0: every same-sex pair is scored, so the rerun has enough pairs to be killed midway.
  const { app, db, dbFile, authHeaders } = await buildTestApp(t, { env: { HOMEWARD_CANDIDATE_LR: '0' } })
  const families = plantFamilies(1618)
  const noise = unrelatedPersons(createRng(3), 40)
  for (const f of families) await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: caseBody(f) })
  for (const f of families) await app.inject({ method: 'POST', url: '/persons', headers: authHeaders('lab'), payload: personBody(f.personId, f.mpSex, f.child) })
  for (const x of noise) await app.inject({ method: 'POST', url: '/persons', headers: authHeaders('lab'), payload: personBody(x.id, x.sex, x.profile) })
  const total = families.reduce((n, f) => n + [...families.map((g) => g.mpSex), ...noise.map((x) => x.sex)].filter((sex) => sex === f.mpSex).length, 0)

  // θ changes from 0.01 to 0.03: every pair's inputs changed.
  const env = { HOMEWARD_DB: dbFile, HOMEWARD_THETA: '0.03', HOMEWARD_CANDIDATE_LR: '0' }
  const first = startRerun(['--batch', '4', '--throttle-ms', '25'], env)
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = [...first.stderr().matchAll(/\] (\d+)\/(\d+) /g)].at(-1)
      if (m !== undefined && Number(m[1]) >= 40) {
        clearInterval(timer)
        first.child.kill('SIGKILL')
        resolve()
      }
    }, 10)
    first.exit.then(() => { clearInterval(timer); reject(new Error(`the rerun ended before it could be killed: ${first.stderr()}`)) }, reject)
  })
  const killed = await first.exit
  t.equal(killed.signal, 'SIGKILL')

  const rerun = db.prepare('SELECT * FROM reruns ORDER BY id DESC LIMIT 1').get() as { id: number, status: string, total: number, done: number }
  t.equal(rerun.total, total)
  t.equal(rerun.status, 'running', 'left running by the kill')
  t.ok(rerun.done >= 40 && rerun.done < total, `killed midway: ${rerun.done}/${total}`)
  const mid = db.prepare('SELECT sum(done) AS done, max(scored_count) AS hi FROM rerun_pairs WHERE rerun_id = ?').get(rerun.id) as { done: number, hi: number }
  t.equal(mid.done, rerun.done, 'the counter and the pairs agree: committed together')
  t.equal(mid.hi, 1)
  t.equal((db.prepare('SELECT count(*) AS n FROM match_results WHERE rerun_id = ?').get(rerun.id) as { n: number }).n, rerun.done, 'one result per committed pair')

  const second = startRerun(['--resume', String(rerun.id), '--batch', '50'], env)
  const resumed = await second.exit
  t.equal(resumed.code, 0, second.stderr())

  const end = db.prepare('SELECT status, done, total FROM reruns WHERE id = ?').get(rerun.id) as { status: string, done: number, total: number }
  t.same(end, { status: 'done', done: total, total })
  const pairs = db.prepare('SELECT count(*) AS n, sum(done) AS done, min(scored_count) AS lo, max(scored_count) AS hi FROM rerun_pairs WHERE rerun_id = ?').get(rerun.id)
  t.same(pairs, { n: total, done: total, lo: 1, hi: 1 }, 'every pair done, each committed exactly once')
  t.equal((db.prepare('SELECT count(*) AS n FROM match_results WHERE rerun_id = ? AND model_version LIKE ?').get(rerun.id, '%theta=0.03%') as { n: number }).n, total, 'every result recomputed under θ = 0.03')

  // And the values are the engine's under the new θ.
  const f = families[0]
  const settings = { range: 0.5, defaultPaternalRate: 0.002, defaultMaternalRate: 0.0005 }
  const loci: LocusModel[] = KIT_LOCI.map((name) => ({ ...TABLE.loci[name], name, mutation: defaultLocusMutation(name, settings) }))
  const options: LrOptions = { theta: 0.03, mutation: defaultLocusMutation('', settings), unknownAllele: { rule: 'nrc2', fallbackFrequency: 0.001 } }
  const expected = kinshipLr({ persons: f.persons, missingPerson: 'MP', genotypes: { ...f.references, MP: f.child } }, loci, options).log10Lr!
  const stored = (db.prepare('SELECT log10_lr AS l FROM match_results WHERE case_id = ? AND person_id = ?').get(f.caseId, f.personId) as { l: number }).l
  t.ok(Math.abs(stored - expected) <= 1e-9 * Math.abs(expected), `stored ${stored} = engine ${expected}`)
})
