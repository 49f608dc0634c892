// How soon a caseworker sees something: first-contentful-paint in headless Chromium of /inbox and of a
// case page with 50 candidates, on a database of 10^5 family cases (HOMEWARD_BENCH_CASES to scale it
// down), served by the real app on a port. Medians of 10 loads, with the server's share (responseStart).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadConfig } from '../src/config.ts'
import { simulatePopulation } from '../src/core/simulation/simulate-population.ts'
import { buildApp } from '../src/http/app.ts'
import { createAlertRepository } from '../src/storage/alert-repository.ts'
import { installBundledTables } from '../src/storage/bundled-frequency-tables.ts'
import { openDatabase } from '../src/storage/database.ts'
import { createFrequencyTableRepository } from '../src/storage/frequency-table-repository.ts'
import { addPerson } from '../test/helpers/sign-in.ts'
import { chromiumPath, launchChromium, newPersonContext } from '../test/browser/helpers/browser.ts'
import { signInThroughPage } from '../test/browser/helpers/sign-in-page.ts'
import { fmtInt, fmtMs, median, printTable, timed } from './lib/measure.ts'
import { simCaseId, writePopulation } from './lib/population-db.ts'
import { benchLoci, BENCH_MUTATION } from './lib/population-model.ts'

const CANDIDATES = 50
const LOADS = 10
const PASSWORD = 'bench passphrase, long enough'

// The paint entry may arrive after the load event: wait for it with a buffered observer.
const FIRST_PAINT = `new Promise((resolve) => {
  const nav = performance.getEntriesByType('navigation')[0]
  const done = (e) => resolve({ fcp: e.startTime, responseStart: nav ? nav.responseStart : NaN })
  const e = performance.getEntriesByName('first-contentful-paint')[0]
  if (e) return done(e)
  new PerformanceObserver((list) => { const f = list.getEntriesByName('first-contentful-paint')[0]; if (f) done(f) }).observe({ type: 'paint', buffered: true })
})`

export async function runWebFirstPaint (cases: number): Promise<void> {
  console.log(`\n## Web first paint: /inbox and a case page with ${CANDIDATES} candidates, ${fmtInt(cases)} cases in SQLite, headless Chromium\n`)
  if (chromiumPath() === undefined) {
    console.log('(skipped: no chromium binary; set CHROMIUM_PATH or apt-get install chromium)')
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'homeward-bench-web-'))
  try {
    // the cases, and as many persons as it takes to have CANDIDATES of the first case's missing person's sex
    const pop = simulatePopulation({ seed: 20261201, cases, persons: CANDIDATES * 4, plantedFraction: 0, loci: benchLoci(), coreLoci: 20, mutation: BENCH_MUTATION })
    const dbFile = join(dir, 'homeward.sqlite')
    const db = openDatabase(dbFile)
    installBundledTables(createFrequencyTableRepository(db), 'nist1036_asian')
    const sameSex = [...pop.personSex.keys()].filter((p) => pop.personSex[p] === pop.caseMpSex[0]).slice(0, CANDIDATES)
    if (sameSex.length < CANDIDATES) throw new Error(`only ${sameSex.length} persons of the case's sex`)
    const load = await timed(() => {
      writePopulation(db, pop, 'nist1036_asian', 0, cases, 0, 0)
      for (const p of sameSex) writePopulation(db, pop, 'nist1036_asian', cases, cases, p, p + 1)
    })
    await addPerson(db, 'bench.cw', 'caseworker', PASSWORD)
    db.close()

    // the service as npm start runs it, listing every same-sex pair (floor 0) so the case has exactly 50
    const config = loadConfig({ HOMEWARD_DB: dbFile, HOST: '127.0.0.1', LOG_LEVEL: 'silent', HOMEWARD_CANDIDATE_LR: '0' })
    const app = await buildApp({ config, runner: 'pool' })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const caseId = simCaseId(0)
    const search = await timed(() => app.services.match.searchCase(caseId))
    // A full inbox page: one unread alert per candidate, with its real LR. Unrelated pairs mostly stay
    // below LR 1 and raise none (alert-rule.ts), so they are written here as the recorder writes them,
    // a bulk setup like the load above; what is timed is the page that reads them.
    const alerts = createAlertRepository(app.db)
    const stored = app.db.prepare("SELECT person_id AS personId, log10_lr AS log10Lr FROM match_results WHERE case_id = ? AND status = 'scored'").all(caseId) as Array<{ personId: string, log10Lr: number }>
    for (const r of stored) alerts.add({ caseId, personId: r.personId, kind: 'new-candidate', log10Lr: r.log10Lr, previousLog10Lr: null, source: 'search' })
    const address = app.server.address()
    const origin = typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : ''
    const browser = await launchChromium()
    try {
      const page = await (await newPersonContext(browser)).newPage()
      await signInThroughPage(page, origin, { name: 'bench.cw', password: PASSWORD })
      const rows: string[][] = []
      for (const [name, path, check] of [['/inbox', '/inbox', '#inbox tbody tr'], [`case page (${CANDIDATES} candidates)`, `/cases/${caseId}`, 'table.candidates tbody tr']] as const) {
        const fcp: number[] = []
        const server: number[] = []
        let shown = 0
        for (let i = 0; i < LOADS + 1; i++) {
          await page.goto(`${origin}${path}`)
          const m = await page.evaluate(FIRST_PAINT) as { fcp: number, responseStart: number }
          if (i === 0) { shown = await page.locator(check).count(); continue } // the first load warms caches
          fcp.push(m.fcp)
          server.push(m.responseStart)
        }
        rows.push([name, fmtMs(median(fcp)), fmtMs(Math.min(...fcp)), fmtMs(Math.max(...fcp)), fmtMs(median(server)), String(shown)])
      }
      printTable(`First-contentful-paint, medians of ${LOADS} loads (load ${fmtInt(cases)} cases: ${fmtMs(load.ms)}; the case's search, ${search.value.scored} pairs scored: ${fmtMs(search.ms)})`,
        ['page', 'FCP median', 'min', 'max', 'response start (median)', 'rows shown'], rows)
    } finally {
      await browser.close()
      await app.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runWebFirstPaint(Number(process.env.HOMEWARD_BENCH_CASES ?? 100_000))
}
