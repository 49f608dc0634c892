#!/usr/bin/env node
// Entry point of `npx homeward`: Node 20 runs TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('./main.ts')
process.exitCode = await main(process.argv.slice(2))
