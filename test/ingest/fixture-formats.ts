import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** fixtures/formats: the real files written by other tools and labs (see FORMATS.md, SOURCES.md). */
export const FORMATS_DIR = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url))

/** Every file under fixtures/formats, as paths relative to it. */
export function allFormatFiles (dir = FORMATS_DIR): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) out.push(...allFormatFiles(full))
    else out.push(relative(FORMATS_DIR, full))
  }
  return out.sort()
}

export function readFormatFile (path: string): Buffer {
  return readFileSync(join(FORMATS_DIR, path))
}

/**
 * refs.csv (2 real EuroForMix reference profiles P1, P2; CRLF; 35 lines) with a third sample BAD1
 * appended whose TH01 is an off-ladder call (line 38): one bad sample among good ones.
 */
export function refsWithOneBad (): string {
  return readFormatFile('genemapper/euroformix/refs.csv').toString('utf8') + 'BAD1,AMEL,X,Y\r\nBAD1,CSF1PO,10,11\r\nBAD1,TH01,OL,9.3\r\nBAD1,FGA,20,21\r\n'
}
