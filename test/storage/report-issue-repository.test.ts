import t from 'tap'
import { createReportIssueRepository } from '../../src/storage/report-issue-repository.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { caseBody, personBody, plantFamilies } from '../helpers/planted-families.ts'

const [trio, duo] = plantFamilies(77)

t.test('one number per pair, one version per set of findings, never handed out twice', async (t) => {
  const { app, db, authHeaders } = await buildTestApp(t)
  const lab = authHeaders('lab')
  for (const f of [trio, duo]) {
    await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody(f) })
    await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(f.personId, f.mpSex, f.child) })
  }
  const issues = createReportIssueRepository(db)
  const a1 = issues.issue(trio.caseId, trio.personId, 'sha256:a', 'ana', '2026-03-01T00:00:00.000Z')
  t.same(a1, { reportNumber: 'HW-2026-000001', version: 1, analyst: 'ana', issuedAt: '2026-03-01T00:00:00.000Z' })
  t.same(issues.issue(trio.caseId, trio.personId, 'sha256:a', 'bob', '2027-01-01T00:00:00.000Z'), a1, 'the same findings: the first issue, whoever asks and when')
  const a2 = issues.issue(trio.caseId, trio.personId, 'sha256:b', 'bob', '2027-01-01T00:00:00.000Z')
  t.same([a2.reportNumber, a2.version, a2.analyst], ['HW-2026-000001', 2, 'bob'], 'new findings: the next version of the pair\'s number')
  t.same(issues.issue(trio.caseId, trio.personId, 'sha256:a', 'carl').version, 1, 'findings seen before keep their version')
  const other = issues.issue(duo.caseId, trio.personId, 'sha256:a', 'ana', '2026-03-02T00:00:00.000Z')
  t.equal(other.reportNumber, 'HW-2026-000003', 'another pair, another number (from the never-reused row id)')

  const expunged = await app.inject({ method: 'DELETE', url: `/cases/${trio.caseId}?reason=entered-in-error`, headers: authHeaders('admin') })
  t.equal(expunged.statusCode, 200, expunged.body.slice(0, 200))
  t.equal((db.prepare('SELECT COUNT(*) AS n FROM report_issues WHERE case_id = ?').get(trio.caseId) as { n: number }).n, 0, 'expunged with the case')
  await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody(trio) })
  const again = issues.issue(trio.caseId, trio.personId, 'sha256:a', 'ana', '2026-04-01T00:00:00.000Z')
  t.equal(again.reportNumber, 'HW-2026-000004', 'a case entered again gets a new number, not the expunged one')
})
