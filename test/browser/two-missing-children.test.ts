// The relatives form in headless Chromium with two children taken together: the second child's fields are
// reached by keyboard right after the first child's sex, the live preview draws both as missing, and the
// stored case has the two slots. axe-core runs on the drawn form.
import t from 'tap'
import type { Browser } from 'playwright-core'
import { createCaseRepository } from '../../src/storage/case-repository.ts'
import { describeViolations, seriousViolations } from './helpers/axe-check.ts'
import { launchChromium, newPersonContext, skipWithoutChromium } from './helpers/browser.ts'
import { startLiveServer } from './helpers/live-server.ts'
import { signInThroughPage } from './helpers/sign-in-page.ts'

const PASSWORD = 'a long passphrase for the test'
const MOTHER = 'D3S1358 14 17\nvWA 16 18\nFGA 22 23\nTH01 7 9\nD8S1179 10 14\nD21S11 30 31.2\nPenta D 11 13\nCSF1PO 10 12\nD5S818 11 12\nD13S317 8 11\nD7S820 9 10\nD16S539 9 11'

t.test('a lab registers a brother and a sister taken together', { skip: skipWithoutChromium() }, async (t) => {
  const server = await startLiveServer(t)
  await server.addAccount('wang.lab', 'lab', PASSWORD)
  const browser: Browser = await launchChromium()
  t.teardown(async () => { await browser.close() })
  const page = await (await newPersonContext(browser)).newPage()
  await signInThroughPage(page, server.origin, { name: 'wang.lab', password: PASSWORD })
  await page.goto(`${server.origin}/cases/new?lang=en`)

  await page.locator('#caseId').fill('FAM-BROWSER-2')
  await page.locator('#missingSex').focus()
  await page.locator('#missingSex').selectOption('male')
  // the element that has the keyboard focus, as the browser says (:focus)
  const focused = async (): Promise<string> => (await page.locator(':focus').getAttribute('id')) ?? ''
  await page.keyboard.press('Tab')
  t.equal(await focused(), 'missing2Sex', 'Tab from the first child\'s sex reaches the second child\'s')
  await page.locator('#missing2Sex').selectOption('female')
  await page.keyboard.press('Tab')
  t.equal(await focused(), 'missing2Relation', 'then how the two are related')
  await page.locator('#r0_id').fill('M1')
  await page.locator('#r0_relation').selectOption('mother')
  await page.locator('#r0_profile').fill(MOTHER)

  // the live preview: both children drawn with the missing outline
  const missingDrawn = page.locator('#pedigree-drawing g.person:has(> [stroke-width="3"])')
  await page.locator('#pedigree-drawing g.person[data-id="MP2"]').waitFor({ timeout: 10_000 })
  t.same((await missingDrawn.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id')))).sort(), ['MP1', 'MP2'])
  const violations = await seriousViolations(page)
  t.same(violations.map((v) => v.id), [], 'no serious or critical axe violation', { diagnostic: violations.length > 0, violations: describeViolations(violations) })

  await Promise.all([page.waitForLoadState('load'), page.locator('#submit-case').click()])
  await page.locator('#case-stored').waitFor()
  t.equal(await page.locator('#stored-missing').textContent(), 'MP1 (male), MP2 (female)')
  t.same(createCaseRepository(server.app.db).get('FAM-BROWSER-2')?.missingPersons, [{ slot: 'MP1', sex: 'male' }, { slot: 'MP2', sex: 'female' }])
})
