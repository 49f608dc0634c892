import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The text of a PDF as poppler's pdftotext reads it (what a reader's copy and paste or search gets). */
export function pdfToText (pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-pdf-'))
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf)
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
