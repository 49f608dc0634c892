// Every page of the workspace once in each language, in headless Chromium: opened in English, switched
// with the page's own language link, each checked for <html lang>, words of its language and no serious
// or critical axe-core violation, and photographed (test-output/screenshots/<page>-<lang>.png).
import t, { type Test } from 'tap'
import type { Browser, Page } from 'playwright-core'
import { commonMessages } from '../../src/web/common-messages.ts'
import type { Locale } from '../../src/web/messages.ts'
import { caseBody, personBody, plantFamilies } from '../helpers/planted-families.ts'
import { runCli } from '../helpers/run-cli.ts'
import { describeViolations, seriousViolations } from './helpers/axe-check.ts'
import { launchChromium, newPersonContext, skipWithoutChromium } from './helpers/browser.ts'
import { startLiveServer, type LiveServer } from './helpers/live-server.ts'
import { screenshot } from './helpers/screenshots.ts'
import { enrolTotp, signInThroughPage } from './helpers/sign-in-page.ts'

const PASSWORD = 'a long passphrase for the test'
const CJK = /[\u4e00-\u9fff]/

/** The case and person of the first planted family, whose child's search raised an alert. */
async function seed (server: LiveServer): Promise<{ caseId: string, personId: string }> {
  const lab = server.bearer('lab', 'lims-import')
  const families = plantFamilies(20261201).slice(0, 2)
  for (const f of families) {
    const res = await server.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { ...caseBody(f), missingSince: '2015-03' } })
    if (res.statusCode !== 201) throw new Error(`case ${f.caseId}: ${res.statusCode}`)
  }
  for (const f of families) {
    const res = await server.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { ...personBody(f.personId, f.mpSex, f.child), foundPlace: '广州', foundDate: '2024-03-05' } })
    if (res.statusCode !== 201) throw new Error(`person ${f.personId}: ${res.statusCode}`)
  }
  return { caseId: families[0].caseId, personId: families[0].personId }
}

/** The page in one language: its lang, the shell's words in that language, a title, axe, the screenshot. */
async function checkLanguage (t: Test, page: Page, name: string, locale: Locale): Promise<void> {
  t.equal(await page.getAttribute('html', 'lang'), locale, `${name}: <html lang="${locale}">`)
  const h1 = (await page.locator('main h1').textContent()) ?? ''
  t.ok(h1.trim().length > 0, `${name} (${locale}): a title`)
  if (locale === 'zh-CN') t.match(h1, CJK, `${name}: the title in Chinese`)
  else t.notMatch(h1, CJK, `${name}: the title in English`)
  const signOut = page.locator('header form[action="/sign-out"] button')
  if (await signOut.count() > 0) t.equal((await signOut.textContent())?.trim(), commonMessages(locale)('signOut'), `${name}: the shell in ${locale}`)
  const violations = await seriousViolations(page)
  t.same(violations.map((v) => v.id), [], `${name} (${locale}): no serious or critical axe violation`, { diagnostic: violations.length > 0, violations: describeViolations(violations) })
  await screenshot(page, name)
}

/** Opens the page in English, checks it, switches with its language link, checks it in Chinese. */
async function bothLanguages (t: Test, page: Page, origin: string, path: string, name: string): Promise<void> {
  const res = await page.goto(`${origin}${path}${path.includes('?') ? '&' : '?'}lang=en`)
  t.equal(res?.status(), 200, `${name}: 200`)
  await checkLanguage(t, page, name, 'en')
  const before = new URL(page.url()).pathname
  await Promise.all([page.waitForURL((u) => u.searchParams.get('lang') === 'zh-CN'), page.locator('header a[lang="zh-CN"]').click()])
  t.equal(new URL(page.url()).pathname, before, `${name}: the language link stays on the page`)
  await checkLanguage(t, page, name, 'zh-CN')
}

t.test('every page once in each language, with axe', { skip: skipWithoutChromium() }, async (t) => {
  const server = await startLiveServer(t)
  const { caseId, personId } = await seed(server)
  await server.addAccount('li.lab', 'lab', PASSWORD)
  await server.addAccount('zhang.cw', 'caseworker', PASSWORD)
  await server.addAccount('sun.audit', 'auditor', PASSWORD)
  // the first admin as an operator makes it: the CLI, the password on standard input
  const made = runCli(['user', 'create', '--role', 'admin', '--name', 'wang.admin'], { HOMEWARD_DB: server.dbFile }, `${PASSWORD}\n`)
  t.equal(made.code, 0, `homeward user create: ${made.stderr}`)
  const browser: Browser = await launchChromium()
  t.teardown(async () => { await browser.close() })
  const { origin } = server

  await t.test('sign-in', async (t) => {
    const page = await (await newPersonContext(browser)).newPage()
    await bothLanguages(t, page, origin, '/sign-in', 'sign-in')
    await page.context().close()
  })

  const roles: Array<{ who: string, pages: Array<[string, string]> }> = [
    { who: 'li.lab', pages: [['/upload', 'upload'], ['/cases/new', 'case-new'], ['/persons/new', 'person-new'], ['/my-uploads', 'my-uploads'], ['/me/security', 'security']] },
    {
      who: 'zhang.cw',
      pages: [['/inbox', 'inbox'], ['/cases', 'cases'], ['/persons', 'persons'], [`/cases/${caseId}`, 'case'], [`/persons/${personId}`, 'person'], [`/cases/${caseId}/persons/${personId}`, 'pair']]
    },
    { who: 'sun.audit', pages: [['/audit-trail', 'audit-trail'], ['/audit-trail/verify', 'audit-verify']] }
  ]
  for (const { who, pages } of roles) {
    await t.test(`${who}'s pages`, async (t) => {
      const page = await (await newPersonContext(browser)).newPage()
      await signInThroughPage(page, origin, { name: who, password: PASSWORD })
      for (const [path, name] of pages) await bothLanguages(t, page, origin, path, name)
      await page.context().close()
    })
  }

  await t.test('the admin enrols TOTP at the first sign-in, then the admin pages', async (t) => {
    const page = await (await newPersonContext(browser)).newPage()
    await signInThroughPage(page, origin, { name: 'wang.admin', password: PASSWORD })
    t.equal(new URL(page.url()).pathname, '/me/security', 'an admin without a second factor is sent to enrol one')
    await screenshot(page, 'security-enrolment')
    await enrolTotp(page)
    t.match(await page.locator('#totp-state').textContent(), /./, 'the factor is on')
    for (const [path, name] of [['/admin/users', 'admin-users'], ['/admin/tokens', 'admin-tokens'], ['/admin/frequency-tables', 'admin-frequency-tables'], ['/admin/reruns', 'admin-reruns']]) {
      await bothLanguages(t, page, origin, path, name)
    }
    await page.context().close()
  })
})
