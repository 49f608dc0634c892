// axe-core on a page as the browser renders it: the serious and critical violations, printed with the
// rule and the nodes so a failure says what to fix.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

// Evaluated through the DevTools protocol rather than added as a <script>: the pages' CSP (script-src
// 'self') rightly refuses inline script, and the test must not weaken it to look at the page.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation { id: string, impact: string | null, help: string, nodes: Array<{ target: unknown[], failureSummary?: string }> }

/** Runs axe-core (WCAG 2.x A/AA and best practices) on the page and returns the serious or critical violations. */
export async function seriousViolations (page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"')
  if (loaded !== true) await page.evaluate(AXE_SOURCE)
  const result = await page.evaluate('axe.run(document, { resultTypes: ["violations"] })') as { violations: AxeViolation[] }
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** One line per violation and node: rule id, impact, help, selector and axe's summary. */
export function describeViolations (violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help}\n${v.nodes.map((n) => `  ${JSON.stringify(n.target)} ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`).join('\n')}`).join('\n')
}
