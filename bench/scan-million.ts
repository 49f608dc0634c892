// One question: how long does one new person take against 10^6 indexed cases? Building 10^6 engine tables
// takes hours on 2 cores (see the national-scale table), so this loads the tables a full-scale run saved
// (HOMEWARD_BENCH_DB, 10^5 cases) and repeats them until the index holds 10^6 families: the scan's work
// depends on the layout and the values, which the copies keep; hits are then 10 copies of the same ones.
//   HOMEWARD_BENCH_DB=/tmp/scale-bench/full.sqlite node --import tsx bench/scan-million.ts
import type { LrOptions } from '../src/core/pedigree/kinship-case.ts'
import { alleleDictionary } from '../src/core/screening/screening-population.ts'
import { simulatePopulation } from '../src/core/simulation/simulate-population.ts'
import { concatShared, indexBytes } from '../src/runs/scan-index.ts'
import { createScreeningTableStore } from '../src/runs/scan-index-store.ts'
import { createScanPool } from '../src/runs/scan-pool.ts'
import { openDatabase } from '../src/storage/database.ts'
import { fmtInt, fmtMs, median, peakRssMiB, printTable, timed } from './lib/measure.ts'
import { benchLoci, BENCH_MUTATION } from './lib/population-model.ts'

const file = process.env.HOMEWARD_BENCH_DB
if (file === undefined) throw new Error('set HOMEWARD_BENCH_DB to the database of a full-scale run')
const target = Number(process.env.HOMEWARD_BENCH_FAMILIES ?? 1_000_000)
const threshold = Number(process.env.HOMEWARD_BENCH_THRESHOLD ?? 1e3)
const loci = benchLoci()
const L = loci.length
const options: LrOptions = { theta: Number(process.env.HOMEWARD_BENCH_THETA ?? 0), mutation: BENCH_MUTATION, unknownAllele: { rule: 'fixed', frequency: 0.001 } }
const dict = alleleDictionary(loci)
const db = openDatabase(file)
const modelKey = JSON.stringify({ options, table: 'nist1036_asian@1', alleles: dict.alleles })
const load = await timed(() => createScreeningTableStore(db).load(modelKey, L))
const stored = load.value.index
if (stored.families === 0) throw new Error(`no screening tables for this model in ${file}`)
const copies = Math.ceil(target / stored.families)
const build = await timed(() => concatShared(Array.from({ length: copies }, () => stored)))
const index = build.value
const persons = simulatePopulation({ seed: 99, cases: 0, persons: 30, plantedFraction: 0, loci, coreLoci: 20, mutation: BENCH_MUTATION })
const scan = createScanPool({ workers: Number(process.env.HOMEWARD_BENCH_WORKERS ?? 2) })
await scan.screenCandidates(index, [...dict.base], persons.personAlleles.subarray(0, L * 2), 1, threshold) // warm-up
const ms: number[] = []
const hits: number[] = []
for (let p = 0; p < 30; p++) {
  const r = await timed(() => scan.screenCandidates(index, [...dict.base], persons.personAlleles.subarray(p * L * 2, (p + 1) * L * 2), 1, threshold))
  ms.push(r.ms)
  hits.push(r.value.query.length)
}
const floor: number[] = []
for (let i = 0; i < 10; i++) floor.push((await timed(() => scan.plainPass({ index, loci: L, count: index.families, repeat: 1 }))).ms)
printTable(`One new person against ${fmtInt(index.families)} indexed families (${fmtInt(stored.families)} stored tables × ${copies}), screen only`, ['measure', 'value'], [
  ['load the stored tables from SQLite', fmtMs(load.ms)],
  ['screen one person (median of 30)', fmtMs(median(ms))],
  ['plain pass over the same arrays (median of 10)', fmtMs(median(floor))],
  ['ratio', `${(median(ms) / median(floor)).toFixed(1)}×`],
  [`families passing bound ≥ ${threshold} (median; before the sex filter)`, String(median(hits))],
  ['index size', `${(indexBytes(index) / 2 ** 20).toFixed(0)} MiB`],
  ['peak RSS', `${peakRssMiB().toFixed(0)} MiB`]
])
await scan.close()
db.close()
