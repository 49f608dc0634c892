// Issue 15 item 13: a rare allele is personal data. Once the only person who carried it is expunged, it
// is in no table and not in the file: the screen keeps no codebook of the alleles it has met.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { createResultRepository } from '../../src/storage/result-repository.ts'
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts'
import { createRng, KIT_LOCI, TABLE } from '../helpers/planted-families.ts'
import { randomProfile, SHAPES, simulatePedigree } from '../helpers/simulate-family.ts'

const RARE = '23.1' // vWA: absent from the bundled table, carried by one person only
const rng = createRng(1313)
const family = simulatePedigree(rng, SHAPES.trio.persons, TABLE, KIT_LOCI, { rates: { male: 0, female: 0 } })

/** Cells (outside the audit trail and the upload history) that hold the allele as a value or a JSON string. */
function cellsWithAllele (h: TestApp): string[] {
  const tables = (h.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit_log', 'imports')").all() as Array<{ name: string }>).map((r) => r.name)
  const out: string[] = []
  for (const name of tables) {
    for (const row of h.db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>) {
      for (const [column, value] of Object.entries(row)) {
        if (value === RARE || (typeof value === 'string' && value.includes(`"${RARE}"`))) out.push(`${name}.${column}`)
      }
    }
  }
  return out
}

/** The database file and its WAL as bytes (latin1), as someone with the disk would read them. */
function fileBytes (h: TestApp): string {
  const read = (f: string): string => { try { return readFileSync(f).toString('latin1') } catch { return '' } }
  return read(h.dbFile) + read(h.dbFile + '-wal')
}

t.test('expunging the only carrier of a rare allele leaves the allele in no table and not in the file', async (t) => {
  t.ok(!TABLE.loci.vWA.alleles.includes(RARE), `control: vWA ${RARE} is not in the bundled table`)
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  // An open case, so that the person is screened (its alleles coded) when it is stored.
  const c = await h.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { id: 'CASE-EXP-ALLELE', missingPerson: { sex: 'male' }, relatives: [{ id: 'father', relation: 'father', profile: family.F }] } })
  t.equal(c.statusCode, 201, c.statusCode === 201 ? 'the case is stored' : c.body)
  const carrier = { ...randomProfile(rng, TABLE, KIT_LOCI), vWA: [RARE, '17'] }
  const p = await h.app.inject({ method: 'PUT', url: '/persons/U-RARE', headers: lab, payload: { id: 'U-RARE', sex: 'male', profile: carrier } })
  t.equal(p.statusCode, 201, p.statusCode === 201 ? 'the carrier is stored' : p.body)
  const other = await h.app.inject({ method: 'PUT', url: '/persons/U-OTHER', headers: lab, payload: { id: 'U-OTHER', sex: 'male', profile: family.MP } })
  t.equal(other.statusCode, 201, other.statusCode === 201 ? 'the child is stored' : other.body)
  // The carrier's profile and its result's per-locus LRs (whose frequency adjustment names the allele) are
  // sealed at rest (migrations 076, 078): no plain cell holds the allele even before the expungement.
  const results = createResultRepository(h.db)
  t.ok(JSON.stringify(results.get('CASE-EXP-ALLELE', 'U-RARE')?.perLocus).includes(`"allele":"${RARE}"`), 'control: the carrier\'s stored result names the allele')
  t.same(cellsWithAllele(h), [], 'before, no plain cell holds it (profile and result sealed)')
  h.db.pragma('wal_checkpoint(TRUNCATE)')
  t.notOk(fileBytes(h).includes(`"${RARE}"`), 'nor the file')

  const del = await h.app.inject({ method: 'DELETE', url: '/persons/U-RARE?reason=consent-withdrawn', headers: h.authHeaders('admin') })
  t.ok(del.statusCode < 300, `expunged: ${del.statusCode}`)
  t.same(cellsWithAllele(h), [], 'after, no table holds the allele')
  t.equal(results.get('CASE-EXP-ALLELE', 'U-RARE'), undefined, 'and the carrier\'s result is gone')
  const bytes = fileBytes(h)
  t.notOk(bytes.includes(`"${RARE}"`), 'no profile with it in the file')
  t.notOk(bytes.includes(`vWA${RARE}`), 'no (locus, allele) record of it in the file')
  // The screen still works for the others.
  const cand = await h.app.inject({ method: 'GET', url: '/persons/U-OTHER/candidates', headers: h.authHeaders('caseworker') })
  t.equal(cand.json().candidates[0]?.caseId, 'CASE-EXP-ALLELE', 'the remaining child still finds the case')
})
