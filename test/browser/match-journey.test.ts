// The whole match journey in headless Chromium, as the people do it: a lab technician registers a family
// case, uploads the father's real GeneMapper export (previewed per sample, then committed) and later the
// child's; the caseworker sees the alert, opens the pair, downloads the Chinese PDF and confirms; a second
// caseworker confirms; the case is closed. axe-core runs on every page; each page is photographed.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import type { Browser, Page } from 'playwright-core'
import { createCaseRepository } from '../../src/storage/case-repository.ts'
import { readFormatFile } from '../ingest/fixture-formats.ts'
import { describeViolations, seriousViolations } from './helpers/axe-check.ts'
import { launchChromium, newPersonContext, skipWithoutChromium } from './helpers/browser.ts'
import { familyOf } from './helpers/child-export.ts'
import { startLiveServer, type LiveServer } from './helpers/live-server.ts'
import { screenshot } from './helpers/screenshots.ts'
import { signInThroughPage } from './helpers/sign-in-page.ts'

const FATHER_FILE = 'genemapper/genemapper2familias/Input/FAM1-8-PA.txt'
const RULE = '^(?<case>FAM\\d+)-(?<person>\\d+)-(?<relation>[A-Z]+)$'
const CHILD_ID = 'UHR-2026-0417'
const PASSWORD = 'a long passphrase for the test'

/** axe on the page as it stands (no serious or critical violation), then its screenshot. */
async function look (t: Test, page: Page, name: string): Promise<void> {
  const violations = await seriousViolations(page)
  t.same(violations.map((v) => v.id), [], `${name}: no serious or critical axe violation`, { diagnostic: violations.length > 0, violations: describeViolations(violations) })
  await screenshot(page, name)
}

t.test('from the lab upload to the closed case', { skip: skipWithoutChromium() }, async (t) => {
  const server: LiveServer = await startLiveServer(t)
  await server.addAccount('li.lab', 'lab', PASSWORD)
  await server.addAccount('zhang.cw', 'caseworker', PASSWORD)
  await server.addAccount('chen.cw', 'caseworker', PASSWORD)
  const browser: Browser = await launchChromium()
  t.teardown(async () => { await browser.close() })
  const { origin } = server

  await t.test('the lab technician registers the family, uploads the father\'s export, previews and commits it', async (t) => {
    const context = await newPersonContext(browser)
    const page = await context.newPage()
    await signInThroughPage(page, origin, { name: 'li.lab', password: PASSWORD })
    t.equal(new URL(page.url()).pathname, '/upload', 'a lab starts on the upload page')

    // the mother gave her sample at the police station (typed here); the father's came through the lab's run
    const father = readFormatFile(FATHER_FILE)
    const family = familyOf(father.toString('utf8'), CHILD_ID)
    await page.goto(`${origin}/cases/new?lang=en`)
    await page.locator('#caseId').fill('FAM1')
    await page.locator('#missingSex').selectOption('male')
    await page.locator('#missingSince').fill('2019-06')
    await page.locator('#r0_id').fill('8')
    await page.locator('#r0_relation').selectOption('father')
    await page.locator('#r1_id').fill('9')
    await page.locator('#r1_relation').selectOption('mother')
    await page.locator('#r1_profile').fill(family.motherText)
    await page.locator('#pedigree-drawing svg').waitFor({ timeout: 10_000 })
    await look(t, page, 'journey-lab-case-new-drawn')
    await Promise.all([page.waitForLoadState('load'), page.locator('#submit-case').click()])
    await page.locator('#case-stored').waitFor()
    t.equal(await page.locator('#stored-case-id').textContent(), 'FAM1', 'the stored case is shown')
    await look(t, page, 'journey-lab-case-stored')

    await page.goto(`${origin}/upload`)
    await page.locator('#file').setInputFiles({ name: 'FAM1-8-PA.txt', mimeType: 'text/plain', buffer: Buffer.from(father) })
    await page.locator('input[name=assign][value=rule]').check()
    await page.locator('#rule').fill(RULE)
    await page.locator('#preview-button').click()
    const row = page.locator('#preview-samples tr[data-sample="FAM1-8-PA"]')
    await row.waitFor()
    const rowText = (await row.textContent()) ?? ''
    t.match(rowText, /Accepted/, 'the sample is accepted')
    t.match(rowText, /case FAM1, relative 8/, 'assigned by the naming rule to relative 8 of FAM1')
    t.match(rowText, /D2S441 11\.3\/12/, 'accepted loci listed with their calls')
    t.match(rowText, /Penta D 7\/8/, 'the lab spelling Penta_D read as Penta D')
    t.equal(createCaseRepository(server.app.db).get('FAM1')?.references['8'], undefined, 'a preview stores nothing')
    await look(t, page, 'journey-lab-upload-preview')

    await page.locator('#commit-button').click()
    await page.locator('#commit-result').waitFor()
    t.match(await page.locator('#commit-h').textContent(), /Committed: import \d+/)
    t.match(await page.locator('#commit-result').textContent(), /FAM1-8-PA/, 'the stored reference is named')
    t.same(createCaseRepository(server.app.db).get('FAM1')?.references['8']?.profile.D2S441, ['11.3', '12'], 'the reference is stored on relative 8')
    await look(t, page, 'journey-lab-upload-committed')

    // later, the child: an unidentified boy's export, on the unidentified side by default
    await page.goto(`${origin}/upload`)
    await page.locator('#file').setInputFiles({ name: `${CHILD_ID}.txt`, mimeType: 'text/plain', buffer: Buffer.from(family.childExport) })
    await page.locator('#defaultSide').check()
    await page.locator('#preview-button').click()
    await page.locator(`#preview-samples tr[data-sample="${CHILD_ID}"]`).waitFor()
    t.match(await page.locator(`#preview-samples tr[data-sample="${CHILD_ID}"]`).textContent(), /unidentified person/)
    await page.locator('#commit-button').click()
    await page.locator('#commit-result').waitFor()
    t.match(await page.locator('#commit-result').textContent(), new RegExp(CHILD_ID), 'the person is stored')

    await page.goto(`${origin}/my-uploads`)
    t.equal(await page.locator('tr[data-seq]').count(), 4, 'two previews and two commits in the lab\'s own uploads')
    t.notMatch(await page.content(), /11\.3\/12/, 'the uploads list shows no genotype')
    await look(t, page, 'journey-lab-my-uploads')
    await context.close()
  })

  const pairPath = `/cases/FAM1/persons/${CHILD_ID}`

  await t.test('the caseworker sees the alert, opens the pair, downloads the Chinese PDF and confirms', async (t) => {
    const context = await newPersonContext(browser)
    const page = await context.newPage()
    await signInThroughPage(page, origin, { name: 'zhang.cw', password: PASSWORD })
    t.equal(new URL(page.url()).pathname, '/inbox', 'a caseworker starts in the inbox')
    t.equal((await page.locator('nav .badge').textContent())?.trim(), '1', 'one unread alert beside the inbox link')
    const alert = page.locator('#inbox tbody tr', { hasText: CHILD_ID })
    t.match(await alert.textContent(), /FAM1/, 'the alert names the case and the person')
    t.match(await alert.innerHTML(), /\d\.\d × 10<sup>\d+<\/sup>/, 'the LR in scientific notation')
    await look(t, page, 'journey-inbox')

    await Promise.all([page.waitForURL((u) => u.pathname === pairPath), alert.locator(`a[href^="${pairPath}"]`).click()])
    await look(t, page, 'journey-pair')

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#pdf-zh').click()])
    const dir = mkdtempSync(join(tmpdir(), 'homeward-pdf-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    const pdf = join(dir, 'report.pdf')
    await download.saveAs(pdf)
    t.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-', 'the download is a PDF')
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' })
    t.match(text, /亲缘关系/, 'its text is Chinese (pdftotext)')
    t.match(text, /FAM1/)
    t.match(text, new RegExp(CHILD_ID))

    await page.locator('#decision-confirm').check()
    await page.locator('#note').fill('父亲参比样本与待查身份人员比中，23 个基因座一致。')
    if (await page.locator('#override').count() > 0 && !(await page.locator('#override').isHidden())) {
      // only a pair below the match threshold needs one; this child should not
      t.fail('the true child should reach the match threshold without an override')
    }
    await Promise.all([page.waitForLoadState('load'), page.locator('#review-submit').click()])
    await page.locator('#four-eyes').waitFor()
    t.match(await page.locator('#four-eyes').textContent(), /second/i, 'a first confirmation waits for a second caseworker')
    t.equal(createCaseRepository(server.app.db).get('FAM1')?.status, 'open', 'the case stays open after one confirmation')
    await look(t, page, 'journey-pair-first-confirmation')
    await context.close()
  })

  await t.test('a second caseworker confirms, and the case shows closed', async (t) => {
    const context = await newPersonContext(browser)
    const page = await context.newPage()
    await signInThroughPage(page, origin, { name: 'chen.cw', password: PASSWORD }, pairPath)
    t.equal(new URL(page.url()).pathname, pairPath, 'the sign-in follows next= to the pair page')
    await page.locator('#decision-confirm').check()
    await page.locator('#note').fill('复核确认：似然比达到认定阈值。')
    await Promise.all([page.waitForLoadState('load'), page.locator('#review-submit').click()])
    await page.locator('#four-eyes').waitFor()
    t.match(await page.locator('#four-eyes').textContent(), /Confirmed by two caseworkers \(zhang\.cw, chen\.cw\)|Confirmed by two caseworkers \(chen\.cw, zhang\.cw\)/)
    await look(t, page, 'journey-pair-confirmed')
    await page.goto(`${origin}/cases/FAM1`)
    t.match(await page.locator('dl.facts').first().textContent(), /closed/, 'the case page shows the case closed')
    t.equal(createCaseRepository(server.app.db).get('FAM1')?.status, 'closed')
    await look(t, page, 'journey-case-closed')
    await context.close()
  })
})
