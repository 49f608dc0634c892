// The family power pool's worker entry. Node 20 worker threads started by piscina do not pick up tsx's loader
// from execArgv, so this plain-JS shim registers tsx first and then loads the TypeScript worker.
import { register } from 'tsx/esm/api'

register()
const worker = await import('./family-power-worker.ts')

export const computeFamilyPower = worker.computeFamilyPower
