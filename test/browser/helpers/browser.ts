// Debian's chromium driven by playwright-core: one browser per test file, a fresh context (cookies,
// storage) per person, and a clear skip when the machine has no chromium binary.
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'

/** Where the browser is: CHROMIUM_PATH, else Debian's package (`.ci/run` installs it when missing). */
export function chromiumPath (): string | undefined {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  return existsSync(path) ? path : undefined
}

/** The reason to skip a browser test file, or false when chromium is there (tap's `skip` option). */
export function skipWithoutChromium (): string | false {
  return chromiumPath() === undefined ? `no chromium at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} (set CHROMIUM_PATH or apt-get install chromium)` : false
}

/** Headless chromium without the background traffic (updates, sync, first-run) a test machine must not make. */
export async function launchChromium (): Promise<Browser> {
  const executablePath = chromiumPath()
  if (executablePath === undefined) throw new Error('no chromium binary (set CHROMIUM_PATH)')
  return await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })
}

/** A person's browser window: its own cookies, a desktop size, and downloads allowed (the PDF report). */
export async function newPersonContext (browser: Browser, locale: 'en' | 'zh-CN' = 'en'): Promise<BrowserContext> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 }, acceptDownloads: true })
  // a page that never shows what a step waits for fails in seconds, not after playwright's 30 s
  context.setDefaultTimeout(10_000)
  return context
}
