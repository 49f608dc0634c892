// Stored family power (migration 074): one row per case with the inputs it was computed from, the sweep's
// stale set (missing, other references, other model key), and the weak-case list: open cases below the bar
// whose references are unchanged, best gain first or weakest first, one page at a time, within a scope.
import t from 'tap'
import { openDatabase } from '../../src/storage/database.ts'
import { createFamilyPowerRepository, modelKeyOf, type PowerFigures, type PowerInputs } from '../../src/storage/family-power-repository.ts'
import type { NextRelativePower, ThresholdPower } from '../../src/core/power/family-power-types.ts'

const exact = (lr: number, p: number): ThresholdPower => ({ lr, probability: p, lower: p, upper: p, method: 'exact' })
const expected = (lr: number, p: number): NextRelativePower['pLrAtLeast'][number] => ({ lr, expected: p, standardError: 0, lower: p, upper: p, method: 'exact' })

/** Figures of the shape familyPower and nextRelatives return (the storage does not care how they were computed). */
function figures (p4: number, gains: number[]): PowerFigures {
  const next: NextRelativePower[] = gains.map((g, i) => ({
    relation: i === 0 ? 'mother' : 'paternal-uncle',
    label: i === 0 ? 'mother' : 'paternal uncle or aunt',
    pLrAtLeast: [expected(1000, Math.min(1, p4 + g + 0.05)), expected(10000, p4 + g)],
    exclusionPower: 0.9,
    exclusionPowerStandardError: 0,
    gainPLrAtLeast: g,
    gainExclusionPower: 0.1,
    simulations: 0
  }))
  return {
    power: {
      trueChild: { pLrAtLeast: [exact(1000, Math.min(1, p4 + 0.1)), exact(10000, p4)], expectedLog10Lr: 3.2, medianLog10Lr: { lower: 3.1, upper: 3.15 }, inconsistentLoci: [0.99, 0.01], pExcludedByRule: 0 },
      unrelated: { exclusionPower: 0.8, inconsistentLoci: [0.2, 0.8], pExcludedByRule: 0.1, pLrAtLeast: [exact(1000, 1e-4), exact(10000, 1e-5)], expectedChanceCandidates: [{ lr: 1000, expected: 0.01 }, { lr: 10000, expected: 0.001 }] },
      loci: 1,
      informativeLoci: 1
    },
    nextRelatives: next,
    settings: { thresholds: [1000, 10000], databaseSize: 100, seed: 7, simulations: 200, maxInconsistentLoci: 3 }
  }
}

function seed () {
  const db = openDatabase(':memory:')
  const addCase = db.prepare(`INSERT INTO cases (id, missing_person, missing_person_sex, frequency_table_id, status, input_hash, created_at, updated_at)
    VALUES (?, 'MP', 'male', 't', ?, ?, ?, ?)`)
  const add = (id: string, status = 'open', hash = `h-${id}`): void => { addCase.run(id, status, hash, `2026-01-01T00:00:0${id.length % 10}Z`, 'now') }
  return { db, add, repo: createFamilyPowerRepository(db) }
}

const inputs = (caseHash: string, modelVersion = 'm1'): PowerInputs => ({ caseHash, frequencyTableId: 't', frequencyTableVersion: '1', modelVersion, methodVersion: 'p1' })

t.test('a value is stored with its inputs and read back whole; a refusal is stored with its reason', async (t) => {
  const { db, add, repo } = seed()
  add('A')
  add('B')
  const f = figures(0.3, [0.5])
  repo.save('A', inputs('h-A'), { figures: f }, '2026-02-01T00:00:00.000Z')
  const a = repo.get('A')
  t.same(a, { caseId: 'A', ...inputs('h-A'), computedAt: '2026-02-01T00:00:00.000Z', status: 'ready', figures: f })
  repo.save('B', inputs('h-B'), { error: 'TOO_COMPLEX: 15 untyped founder alleles' })
  t.match(repo.get('B'), { status: 'failed', error: 'TOO_COMPLEX: 15 untyped founder alleles' })
  // replaced, not duplicated
  repo.save('A', inputs('h-A', 'm2'), { figures: figures(0.9, []) })
  t.equal(repo.get('A')?.modelVersion, 'm2')
  t.equal((db.prepare('SELECT count(*) FROM family_power').pluck().get() as number), 2)
  t.equal(repo.get('nobody'), undefined)
  t.throws(() => db.prepare("INSERT INTO family_power (case_id, case_hash, frequency_table_id, frequency_table_version, model_version, method_version, model_key, status, computed_at) VALUES ('A', 'h', 't', '1', 'm', 'p', 'k', 'ready', 'now')").run(),
    /CHECK constraint failed/, 'a ready row without figures is refused by the schema')
  db.prepare('DELETE FROM cases WHERE id = ?').run('A')
  t.equal(repo.get('A'), undefined, 'removed with its case')
})

t.test('the sweep finds open cases with no value, other references or another model key', async (t) => {
  const { db, add, repo } = seed()
  for (const id of ['fresh', 'missing', 'replaced', 'old-model', 'closed']) add(id, id === 'closed' ? 'closed' : 'open')
  const key = modelKeyOf(inputs('', 'm2'))
  repo.save('fresh', inputs('h-fresh', 'm2'), { figures: figures(0.5, []) })
  repo.save('replaced', inputs('h-replaced', 'm2'), { figures: figures(0.5, []) })
  db.prepare("UPDATE cases SET input_hash = 'h-new' WHERE id = 'replaced'").run()
  repo.save('old-model', inputs('h-old-model', 'm1'), { figures: figures(0.5, []) })
  t.same(repo.openTables(), ['t'])
  t.same(repo.staleOpenCases('t', key).sort(), ['missing', 'old-model', 'replaced'])
  t.same(repo.staleOpenCases('other', key), [], 'per table')
})

t.test('weak cases: below the bar, open, references unchanged; by gain (none last) or by power; pages; scope', async (t) => {
  const { db, add, repo } = seed()
  const rows: Array<[string, number, number[]]> = [['W1', 0.1, [0.2]], ['W2', 0.0, [0.7]], ['W3', 0.4, []], ['W4', 0.2, [0.5]], ['STRONG', 0.8, [0.1]], ['CLOSED', 0.1, [0.9]], ['CHANGED', 0.1, [0.9]]]
  for (const [id, p, gains] of rows) {
    add(id, id === 'CLOSED' ? 'closed' : 'open')
    repo.save(id, inputs(`h-${id}`), { figures: figures(p, gains) })
  }
  db.prepare("UPDATE cases SET input_hash = 'h-new' WHERE id = 'CHANGED'").run()
  const byGain = repo.weakPage({ bar: 0.5, sort: 'gain', limit: 10, offset: 0 })
  t.same(byGain.rows.map((r) => r.caseId), ['W2', 'W4', 'W1', 'W3'], 'best gain first, a case with no relative to add last')
  t.equal(byGain.hasMore, false)
  t.same(repo.weakPage({ bar: 0.5, sort: 'power', limit: 10, offset: 0 }).rows.map((r) => r.caseId), ['W2', 'W1', 'W4', 'W3'])
  const first = repo.weakPage({ bar: 0.5, sort: 'gain', limit: 2, offset: 0 })
  const second = repo.weakPage({ bar: 0.5, sort: 'gain', limit: 2, offset: 2 })
  t.same([first.hasMore, second.hasMore], [true, false])
  t.same([...first.rows, ...second.rows].map((r) => r.caseId), ['W2', 'W4', 'W1', 'W3'])
  t.same(repo.weakPage({ bar: 0.15, sort: 'gain', limit: 10, offset: 0 }).rows.map((r) => r.caseId), ['W2', 'W1'], 'the bar is strict')
  t.match(byGain.rows[0], { missingPersonSex: 'male', frequencyTableId: 't', modelKey: modelKeyOf(inputs('')) })
  t.same(byGain.rows[0].figures, figures(0.0, [0.7]))
  const scoped = repo.weakPage({ bar: 0.5, sort: 'gain', limit: 10, offset: 0, scope: { sql: "c.id IN ('W1', 'W3')", binds: {} } })
  t.same(scoped.rows.map((r) => r.caseId), ['W1', 'W3'], 'a scope condition narrows the list')
})
