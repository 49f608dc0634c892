// npm run bench: every benchmark at the reduced scale (HOMEWARD_BENCH_SCALE=full for 10^6 × 10^6).
import { cpus, loadavg } from 'node:os'
import { runEngineLr } from './engine-lr.ts'
import { runNationalScale } from './national-scale.ts'
import { scaleConfigFromEnv } from './lib/scale-config.ts'

const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ')
// The load average is printed because other processes on a shared machine slow every figure below.
console.log(`# Homeward benchmarks (${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPUs, load average ${load()})`)
if (process.env.HOMEWARD_BENCH_SKIP_ENGINE !== '1') await runEngineLr()
await runNationalScale(scaleConfigFromEnv())
console.log(`\n(finished ${new Date().toISOString()}, load average ${load()})`)
