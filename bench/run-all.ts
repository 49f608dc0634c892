// npm run bench: every benchmark at the reduced scale (HOMEWARD_BENCH_SCALE=full for 10^6 × 10^6).
import { cpus, loadavg } from 'node:os'
import { runEngineLr } from './engine-lr.ts'
import { runNationalScale } from './national-scale.ts'
import { runServiceScale } from './service-scale.ts'
import { runWebFirstPaint } from './web-first-paint.ts'
import { scaleConfigFromEnv } from './lib/scale-config.ts'

const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ')
// The load average is printed because other processes on a shared machine slow every figure below.
console.log(`# Homeward benchmarks (${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPUs, load average ${load()})`)
if (process.env.HOMEWARD_BENCH_SKIP_ENGINE !== '1') await runEngineLr()
if (process.env.HOMEWARD_BENCH_SKIP_ENGINE !== '1') await (await import('./engine-theta.ts')).runEngineTheta()
const cfg = scaleConfigFromEnv()
const floors = process.env.HOMEWARD_BENCH_SKIP_KERNEL === '1' ? undefined : await runNationalScale(cfg)
// The service's own upload path, under its default θ (HOMEWARD_BENCH_SERVICE_THETA to change it).
await runServiceScale(cfg, Number(process.env.HOMEWARD_BENCH_SERVICE_THETA ?? '0.01'), floors)
await (await import('./family-power.ts')).runFamilyPower() // issue 12: predicted against found, and time on entry
await (await import('./family-power-bulk.ts')).runFamilyPowerBulk() // issue 12: 10^5 cases on the pool (a fraction, extrapolated, unless HOMEWARD_BENCH_POWER_BULK_RUN)
// The workspace: first paint of the inbox and of a case page with 50 candidates, 10^5 cases unless HOMEWARD_BENCH_CASES.
await runWebFirstPaint(Number(process.env.HOMEWARD_BENCH_CASES ?? 100_000))
console.log(`\n(finished ${new Date().toISOString()}, load average ${load()})`)
