import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { HomewardError } from '../../src/core/errors.ts'
import { MAX_FAMILIAS_PERSONS, MAX_LOCI, MAX_PEDIGREE_PERSONS_TOTAL, MAX_PEDIGREES } from '../../src/ingest/import-limits.ts'
import { parseImportFile } from '../../src/ingest/parse-file.ts'
import { parseInChild } from './bounded-parse.ts'

/**
 * A .fam file as Familias writes it (see fixtures/formats/familias/pedFamilias/paternity.fam): the
 * banner, persons (name, 3 flags, sex, typed markers), "Known relations" (extra females, extra males,
 * relations), pedigrees (index, name, extras, relations), then the database.
 */
function fam (parts: { persons?: string[], extras?: [number, number], relations?: string[], pedigrees?: string[], database?: string[] } = {}): string {
  const persons = parts.persons ?? ['1', '"A"', '#FALSE#', '-1', '#FALSE#', '#TRUE#', '0']
  const [females, males] = parts.extras ?? [0, 0]
  const relations = parts.relations ?? ['0']
  const pedigrees = parts.pedigrees ?? ['0']
  return ['"Output from Familias, version 3.3.1"', '"DO NOT EDIT!"', '3.3.1', '""', ...persons, '"Known relations"', String(females), String(males), ...relations,
    ...pedigrees, '#FALSE# (#Databases: 1 ;Theta/Kinship/Fst: 0 )', ...(parts.database ?? [])].join('\n') + '\n'
}

/** One pedigree block: index, name, extra females, extra males, no relations. */
const pedigree = (i: number, females = 0, males = 0): string[] => [String(i), `"H${i}"`, String(females), String(males), '0']

function refusal (t: Test, text: string): HomewardError {
  const err = t.throws(() => parseImportFile(text, { fileName: 'x.fam' })) as HomewardError
  t.ok(err instanceof HomewardError, String(err))
  t.equal(err.code, 'UNREADABLE_FILE')
  return err
}

t.test('the 725-byte file that asked for 2·10^6 extra persons in 30 pedigrees is refused at once, in bounded memory', async (t) => {
  const hostile = fam({ extras: [2_000_000, 0], pedigrees: ['30', ...Array.from({ length: 30 }, (_, i) => pedigree(i, 2_000_000)).flat()] })
  t.ok(hostile.length > 600 && hostile.length < 800, `${hostile.length} bytes`)
  const dir = mkdtempSync(join(tmpdir(), 'homeward-fam-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'hostile.fam'), hostile)
  // Before the bound this aborted with V8 "heap out of memory" at any heap size (4 GB tried).
  const r = parseInChild(join(dir, 'hostile.fam'), 256)
  t.equal(r.status, 0, `the child survived a 256 MiB heap: ${r.stderr}`)
  t.equal(r.code, 'UNREADABLE_FILE')
  t.equal(r.message, `line 13: the number of extra females (1 persons already; a pedigree holds at most ${MAX_FAMILIAS_PERSONS}) is 2000000; at most ${MAX_FAMILIAS_PERSONS - 1} are accepted`)
  t.ok((r.ms ?? Infinity) < 1000, `refused in ${r.ms?.toFixed(1)} ms`)
  t.ok((r.heapGrowthMiB ?? Infinity) < 16, `heap grew by ${r.heapGrowthMiB?.toFixed(1)} MiB`)
})

t.test('every count in the file is bounded by a maximum and by the lines that follow it', async (t) => {
  t.equal(refusal(t, fam({ persons: ['5', '"A"', '#FALSE#', '-1', '#FALSE#', '#TRUE#', '0'] })).message,
    'line 5: the number of persons is 5, but only 13 lines follow (6 per item)')
  t.equal(refusal(t, fam({ persons: [String(MAX_FAMILIAS_PERSONS + 1)] })).message,
    `line 5: the number of persons is ${MAX_FAMILIAS_PERSONS + 1}; at most ${MAX_FAMILIAS_PERSONS} are accepted`)
  t.equal(refusal(t, fam({ persons: ['1', '"A"', '#FALSE#', '-1', '#FALSE#', '#TRUE#', '100000000'] })).message,
    `line 11: the number of typed markers of "A" is 100000000; at most ${MAX_LOCI} are accepted`)
  t.equal(refusal(t, fam({ persons: ['-3'] })).message, 'line 5: the number of persons is -3, a negative count')
  t.equal(refusal(t, fam({ pedigrees: [String(MAX_PEDIGREES + 1)] })).message,
    `line 16: the number of pedigrees is ${MAX_PEDIGREES + 1}; at most ${MAX_PEDIGREES} are accepted`)
  t.equal(refusal(t, fam({ pedigrees: ['900', ...pedigree(0)] })).message, 'line 16: the number of pedigrees is 900, but only 7 lines follow (5 per item)')
  t.equal(refusal(t, fam({ relations: ['3', '0', '0', '0', '0', '0', '0'] })).message,
    'line 15: the number of relations (among 1 persons) is 3; at most 2 are accepted')
  t.equal(refusal(t, fam({ relations: ['1', '-1', '0'] })).message, 'line 17: relation -1 → 0 names a person index beyond 0')
})

t.test('pedigrees × persons is bounded: each pedigree repeats the person list', async (t) => {
  // 1 listed person + 999 extras is a full pedigree (allowed); 101 of them exceed the sum over pedigrees.
  const n = Math.floor(MAX_PEDIGREE_PERSONS_TOTAL / MAX_FAMILIAS_PERSONS) + 1
  const err = refusal(t, fam({ pedigrees: [String(n), ...Array.from({ length: n }, (_, i) => pedigree(i, MAX_FAMILIAS_PERSONS - 1)).flat()] }))
  t.equal(err.message, `line ${16 + 5 * (n - 1) + 4}: pedigree ${n} ("H${n - 1}") brings the persons of all pedigrees to ${n * MAX_FAMILIAS_PERSONS}; at most ${MAX_PEDIGREE_PERSONS_TOTAL} are accepted`)
  t.equal(err.details.limit, MAX_PEDIGREE_PERSONS_TOTAL)
  const ok = parseImportFile(fam({ pedigrees: ['2', ...pedigree(0, 3, 2), ...pedigree(1)] }), { fileName: 'ok.fam' })
  t.same(ok.pedigrees.map((p) => p.persons.length), [6, 1], 'within the bounds, extras are read as before')
})

t.test('database counts: loci and alleles per locus', async (t) => {
  const locus = (alleles: string): string[] => ['"TH01"', ...Array.from({ length: 11 }, () => '0'), alleles]
  t.equal(refusal(t, fam({ database: [String(MAX_LOCI + 1)] })).message, `line 18: the number of loci is ${MAX_LOCI + 1}; at most ${MAX_LOCI} are accepted`)
  t.equal(refusal(t, fam({ database: ['1', '#TRUE#', '"db"', ...locus('5000000\t(DatabaseSize = 1000)')] })).message,
    'line 33: the number of alleles of TH01 is 5000000; at most 1000 are accepted')
  t.equal(refusal(t, fam({ database: ['1', '#TRUE#', '"db"', ...locus('40'), '"6"', '0.5'] })).message,
    'line 33: the number of alleles of TH01 is 40, but only 3 lines follow (2 per allele)')
  const ok = parseImportFile(fam({ database: ['1', '#TRUE#', '"db"', ...locus('2'), '"6"', '0.5', '"9.3"', '0.5'] }), { fileName: 'ok.fam' })
  t.same(ok.frequencyTables[0].loci.TH01, { alleles: ['6', '9.3'], frequencies: [0.5, 0.5] })
})

t.test('a [DVI] family with many persons and many pedigrees is refused before its pedigrees are made', async (t) => {
  const dvi = (persons: number, pedigrees: number): string => fam() + ['', '[DVI]', '[[Reference Families]]', '[[[Family 1 ]]]', 'Name= F1', '[[[[Persons]]]]',
    ...Array.from({ length: persons }, (_, i) => [`[[[[[Person ${i}]]]]]`, `Name= P${i}`, 'Gender= Male']).flat(),
    '[[[[Pedigrees]]]]', ...Array.from({ length: pedigrees }, (_, i) => [`[[[[[Pedigree ${i}]]]]]`, `Name= H${i}`]).flat()].join('\n')
  t.match(refusal(t, dvi(MAX_FAMILIAS_PERSONS + 1, 1)).message, /^line \d+: pedigree "Pedigree 0" of family "F1" may hold 1002 persons \(1002 in all pedigrees so far\); at most 1000 per pedigree and 100000 in all are accepted$/)
  t.match(refusal(t, dvi(500, 300)).message, /^line \d+: pedigree "Pedigree 199" of family "F1" may hold 501 persons \(100200 in all pedigrees so far\)/)
  t.equal(parseImportFile(dvi(3, 2), { fileName: 'ok.fam' }).pedigrees.length, 2)
})

t.test('a section line of many "[" is read in linear time', async (t) => {
  const t0 = performance.now()
  parseImportFile(fam() + '\n[DVI]\n' + '['.repeat(60_000) + '\n', { fileName: 'brackets.fam' })
  t.ok(performance.now() - t0 < 1000, `${(performance.now() - t0).toFixed(0)} ms`)
})
