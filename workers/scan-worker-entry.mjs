// The scan pool's worker entry. Node 20 worker threads started by piscina do not pick up tsx's loader from
// execArgv, so this plain-JS shim registers tsx first and then loads the TypeScript worker.
import { register } from 'tsx/esm/api'

register()
const worker = await import('./scan-worker.ts')

export const buildIndex = worker.buildIndex
export const buildFamilyTables = worker.buildFamilyTables
export const screenCandidatesShard = worker.screenCandidatesShard
export const screenFamiliesShard = worker.screenFamiliesShard
export const plainPass = worker.plainPass
export const scorePairs = worker.scorePairs
