// Security as a browser meets it: a lab session opening caseworker pages gets the 403 page; a signed-out
// session's cookie, put back into the browser, is refused; a form on another origin that posts to the
// service with the person's cookie is refused and stores nothing; repeated failed sign-ins show the back-off.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import type { Browser } from 'playwright-core'
import { commonMessages } from '../../src/web/common-messages.ts'
import { signInMessages } from '../../src/web/pages/sign-in-messages.ts'
import { createCaseRepository } from '../../src/storage/case-repository.ts'
import { describeViolations, seriousViolations } from './helpers/axe-check.ts'
import { launchChromium, newPersonContext, skipWithoutChromium } from './helpers/browser.ts'
import { startLiveServer } from './helpers/live-server.ts'
import { screenshot } from './helpers/screenshots.ts'
import { signInThroughPage } from './helpers/sign-in-page.ts'

const PASSWORD = 'a long passphrase for the test'

/** Another site's page: a form that posts a new family case to the service and submits itself on load. */
async function attackerSite (t: Test, target: string): Promise<{ port: number }> {
  const page = `<!doctype html><html lang="en"><head><title>Win a prize</title></head><body>
<form id="f" method="post" action="${target}/cases/new">
<input name="caseId" value="EVIL-1"><input name="missingSex" value="male">
<input name="r0_id" value="f"><input name="r0_relation" value="father"><input name="r0_profile" value="D3S1358 15 16">
</form><script>document.getElementById('f').submit()</script></body></html>`
  const server: Server = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end(page) })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { port: (server.address() as AddressInfo).port }
}

t.test('security in the browser', { skip: skipWithoutChromium() }, async (t) => {
  const server = await startLiveServer(t)
  await server.addAccount('li.lab', 'lab', PASSWORD)
  await server.addAccount('zhang.cw', 'caseworker', PASSWORD)
  const browser: Browser = await launchChromium()
  t.teardown(async () => { await browser.close() })
  const { origin } = server

  await t.test('a lab session cannot open caseworker pages: the 403 page, in both languages', async (t) => {
    const context = await newPersonContext(browser)
    const page = await context.newPage()
    await signInThroughPage(page, origin, { name: 'li.lab', password: PASSWORD })
    for (const path of ['/inbox', '/cases', '/persons', '/cases/ANY-1', '/audit-trail', '/admin/users']) {
      const res = await page.goto(`${origin}${path}?lang=en`)
      t.equal(res?.status(), 403, `${path}: 403`)
      t.equal(await page.locator('h1').textContent(), commonMessages('en')('forbiddenTitle'), `${path}: the refusal page`)
    }
    const violations = await seriousViolations(page)
    t.same(violations.map((v) => v.id), [], 'the 403 page: no serious or critical axe violation', { diagnostic: violations.length > 0, violations: describeViolations(violations) })
    await screenshot(page, 'forbidden')
    await page.goto(`${origin}/inbox?lang=zh-CN`)
    t.equal(await page.locator('h1').textContent(), commonMessages('zh-CN')('forbiddenTitle'))
    await screenshot(page, 'forbidden')
    await context.close()
  })

  await t.test('after sign-out the old session cookie is refused', async (t) => {
    const context = await newPersonContext(browser)
    const page = await context.newPage()
    await signInThroughPage(page, origin, { name: 'zhang.cw', password: PASSWORD })
    t.equal(new URL(page.url()).pathname, '/inbox')
    const session = (await context.cookies(origin)).filter((c) => c.name === 'homeward_session')
    t.equal(session.length, 1, 'the session cookie is set')
    t.equal(session[0].httpOnly, true, 'HttpOnly')
    t.equal(session[0].sameSite, 'Strict', 'SameSite=Strict')
    await Promise.all([page.waitForURL((u) => u.pathname === '/sign-in'), page.locator('header form[action="/sign-out"] button').click()])
    t.equal(new URL(page.url()).searchParams.get('signedOut'), '1', 'the sign-in page says so')
    t.equal((await context.cookies(origin)).filter((c) => c.name === 'homeward_session').length, 0, 'the browser forgot the cookie')

    await context.addCookies(session) // the cookie as a thief would have copied it
    const res = await page.goto(`${origin}/inbox`)
    t.equal(new URL(page.url()).pathname, '/sign-in', 'the old cookie leads to the sign-in page')
    t.equal(new URL(page.url()).searchParams.get('next'), '/inbox')
    t.equal(res?.status(), 200)
    const api = await context.request.get(`${origin}/me`)
    t.equal(api.status(), 401, 'and the API refuses it')
    await context.close()
  })

  await t.test('a form on another origin posting with the person\'s cookie is refused and stores nothing', async (t) => {
    const context = await newPersonContext(browser)
    const page = await context.newPage()
    await signInThroughPage(page, origin, { name: 'li.lab', password: PASSWORD })
    const { port } = await attackerSite(t, origin)
    // 127.0.0.1 on another port is another origin of the same site (the SameSite cookie goes along, the
    // Origin check must refuse it); localhost is another site (Sec-Fetch-Site: cross-site, no cookie)
    for (const [attacker, sameSite] of [[`http://127.0.0.1:${port}`, true], [`http://localhost:${port}`, false]] as const) {
      const answer = page.waitForResponse((r) => r.url() === `${origin}/cases/new` && r.request().method() === 'POST')
      await page.goto(`${attacker}/`)
      const res = await answer
      // same site: the cookie arrives and the CSRF check answers 403; cross-site: no cookie, so the page
      // answers as to anyone signed out (to the sign-in page)
      const refused = sameSite ? res.status() === 403 : res.status() === 303 && (res.headers().location ?? '').startsWith('/sign-in')
      t.ok(refused, `from ${attacker}: refused (${res.status()} ${res.headers().location ?? ''})`)
      t.equal(createCaseRepository(server.app.db).get('EVIL-1'), undefined, `from ${attacker}: no case stored`)
    }
    // the person's own session still works: the refusal ended nothing
    const own = await page.goto(`${origin}/cases/new`)
    t.equal(own?.status(), 200)
    await context.close()
  })

  await t.test('repeated failed sign-ins show the back-off message, and the lock holds for the right password too', async (t) => {
    const context = await newPersonContext(browser)
    const page = await context.newPage()
    await page.goto(`${origin}/sign-in?lang=en`)
    const box = page.locator('#sign-in-error')
    const refused = signInMessages('en')('refused')
    let locked = ''
    for (let attempt = 1; attempt <= 10 && locked === ''; attempt++) {
      await page.locator('#name').fill('zhang.cw')
      await page.locator('#password').fill(`wrong guess ${attempt}`)
      const answered = page.waitForResponse((r) => r.url() === `${origin}/session`)
      await page.locator('#sign-in button[type=submit]').click()
      const res = await answered
      await box.waitFor({ state: 'visible' })
      const text = (await box.textContent()) ?? ''
      if (res.status() === 429) locked = text
      else t.equal(text, refused, `attempt ${attempt}: refused`)
    }
    t.match(locked, /^Too many failed sign-ins\. Try again in \d+ seconds\.$/, 'the back-off message with the wait')
    t.equal(new URL(page.url()).pathname, '/sign-in', 'still on the sign-in page')
    await screenshot(page, 'sign-in-locked')

    await page.locator('#name').fill('zhang.cw')
    await page.locator('#password').fill(PASSWORD)
    const answered = page.waitForResponse((r) => r.url() === `${origin}/session`)
    await page.locator('#sign-in button[type=submit]').click()
    t.equal((await answered).status(), 429, 'the right password during the lock is not even checked')
    t.equal(new URL(page.url()).pathname, '/sign-in')
    await context.close()
  })
})
