// Full-page screenshots of every page a journey visits, for a reviewer to look at (git-ignored).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-output/screenshots/', import.meta.url))

/** Writes test-output/screenshots/<page>-<lang>.png (lang from the page's own <html lang>) and returns the path. */
export async function screenshot (page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const lang = await page.getAttribute('html', 'lang') ?? 'unknown'
  const file = join(SCREENSHOT_DIR, `${name}-${lang}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}
