/**
 * The whole app under its Content-Security-Policy (issue 12 §6): visitors, a resident and every
 * kind of staff walk their pages — with the dialogs and drawers that lock the page's scroll, the
 * screen's chart tooltips and the hotline's look-ups — and no `securitypolicyviolation` fires.
 * Each page's policy names a nonce of its own, which every style element on the page carries;
 * the built scripts and styles stay cacheable. Swagger UI at /api/docs runs under its own policy.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Browser, Page, Response } from 'playwright-core'
import { registerCall, residentReport, XINGFULI } from '../server/test/helper.ts'
import { smallPng } from '../server/test/photo.ts'
import { launchBrowser, openPage, signInResidentByApi, signInStaffByApi, startServer } from './support.ts'

const TILES = 'https://tiles.xiaolan.test/{z}/{x}/{y}.png'

type Watched = Page & { errors: string[] }

/** A page that records every CSP violation of each document it loads. */
async function watchedPage(browser: Browser, baseURL: string, options: Parameters<typeof openPage>[2] = {}): Promise<Watched> {
  const page = await openPage(browser, baseURL, options)
  await drawTiles(page)
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] }
    w.violations = []
    document.addEventListener('securitypolicyviolation', (e) =>
      w.violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`),
    )
  })
  return page
}

const settled = (page: Page) =>
  page.waitForFunction(
    () =>
      !document.querySelector('.ant-spin-spinning, .ant-skeleton-active, [aria-busy="true"]') && document.body.innerText.trim().length > 20,
  )

const nonces = new Set<string>()

/** Checks the document's policy, that its styles carry its nonce, and that nothing was refused. */
async function checkDocument(page: Watched, response: Response | null, where: string) {
  assert.ok(response, where)
  const policy = response.headers()['content-security-policy'] ?? ''
  assert.match(policy, /(^|; )script-src 'self'(;|$)/, `${where}: scripts from self only`)
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/, where)
  assert.match(policy, /frame-ancestors 'none'/, where)
  const nonce = /style-src 'self' 'nonce-([^']+)'/.exec(policy)?.[1]
  assert.ok(nonce, `${where}: a style nonce`)
  assert.ok(!nonces.has(nonce), `${where}: a nonce of its own`)
  nonces.add(nonce)
  const styles = await page.evaluate(() => ({
    meta: document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce,
    count: document.querySelectorAll('style').length,
    without: [...document.querySelectorAll('style')].filter((s) => !s.nonce).map((s) => s.outerHTML.slice(0, 120)),
  }))
  assert.equal(styles.meta, nonce, `${where}: the app reads the nonce its policy names`)
  assert.ok(styles.count > 0, `${where}: antd injected its styles`)
  assert.deepEqual(styles.without, [], `${where}: every style element carries the nonce`)
  await assertNoViolation(page, where)
}

async function assertNoViolation(page: Watched, where: string) {
  assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), [], `${where}: CSP violations`)
  assert.deepEqual(page.errors, [], `${where}: console errors`)
}

async function visit(page: Watched, path: string, then?: () => Promise<void>) {
  const response = await page.goto(path)
  await settled(page)
  if (then) await then()
  await checkDocument(page, response, path)
}

/** The tile server, played by the browser's network layer: the tiles are drawn under the policy's img-src. */
const drawTiles = (page: Page) =>
  page
    .context()
    .route('https://tiles.xiaolan.test/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: smallPng() }))

const signIn = (page: Page, username: string) => signInStaffByApi(page.context().request, username)

test('visitors, a resident and every kind of staff use their pages with no CSP violation', async (t) => {
  const server = await startServer(t, { MAP_TILE_URL: TILES })
  const browser = await launchBrowser(t)
  const realName = { name: '孙小兰', idNumber: '11010519491231002X' }
  const resident = await server.resident('13900000078', realName)
  const created = await residentReport(resident, {
    category: 'municipal.streetlight',
    description: '幸福里小区北门路灯不亮',
    communityCode: XINGFULI,
  })
  // an event the community center holds, to sign in its workbench
  const operator = await server.as('operator2')
  const held = await registerCall(operator, '幸福里小区北门垃圾三天没人清运')
  assert.equal(held.currentUnit.code, XINGFULI)

  await t.test('a visitor', async () => {
    const page = await watchedPage(browser, server.baseURL, { mobile: true })
    for (const path of ['/', '/public', '/track', `/track/${created.number}`, '/public/kpi', '/login']) await visit(page, path)
    // the hashed assets are cached for good (a new build has new names); the page is never stored
    const response = await page.goto('/')
    const script = await page.evaluate(() => document.querySelector<HTMLScriptElement>('script[type="module"]')?.src)
    assert.ok(script)
    const asset = await page.context().request.get(script)
    assert.equal(asset.headers()['cache-control'], 'public, max-age=31536000, immutable')
    const favicon = await page.context().request.get('/favicon.svg')
    assert.match(favicon.headers()['cache-control'] ?? '', /^public, max-age=3600$/)
    assert.equal(response?.headers()['cache-control'], 'no-store')
    await page.context().close()
  })

  await t.test('a resident', async () => {
    const page = await watchedPage(browser, server.baseURL, { mobile: true })
    const context = page.context()
    await signInResidentByApi(context.request, '13900000078', realName)
    await visit(page, '/')
    await visit(page, '/mine')
    await visit(page, `/events/${created.id}`)
    await context.close()
  })

  await t.test('the 12345 desk, with the caller look-up and the duplicates hint', async () => {
    const page = await watchedPage(browser, server.baseURL)
    await signIn(page, 'operator1')
    await visit(page, '/hotline', async () => {
      const history = page.waitForResponse((r) => r.url().endsWith('/api/v1/hotline/callers/events') && r.request().method() === 'POST')
      await page.getByTestId('hotline-phone').fill('13900000078')
      assert.equal((await history).status(), 200)
      await page.getByTestId('hotline-history').getByText(created.number).waitFor()
      await page.getByTestId(`map-unit-620105`).click()
      await page.getByTestId('map-unit-620105007').click()
      await page.getByTestId(`map-unit-${XINGFULI}`).click()
      const hint = page.waitForResponse((r) => r.url().endsWith('/api/v1/hotline/duplicates') && r.request().method() === 'POST')
      await page.getByTestId('hotline-description').fill('幸福里小区北门的路灯不亮了')
      assert.equal((await hint).status(), 200)
      await page.getByTestId('hotline-duplicates').getByText(created.number).waitFor()
    })
    await page.context().close()
  })

  await t.test('a community center opens an event in the drawer and an action dialog', async () => {
    const page = await watchedPage(browser, server.baseURL)
    await signIn(page, `c-${XINGFULI}`)
    await visit(page, '/workbench', async () => {
      await page.getByTestId('event-row').filter({ hasText: held.number }).click()
      await page.getByTestId('event-state').waitFor()
      await page.getByTestId('action-sign').click()
      await page.locator('.ant-modal').waitFor()
    })
    await page.context().close()
  })

  await t.test('a grid worker, an admin, a supervisor and the leader’s screen', async () => {
    for (const [username, path, options] of [
      ['g-620105007010001', '/grid', { mobile: true }],
      ['admin', '/admin', {}],
      ['supervisor', '/kpi', {}],
      ['leader', '/screen', { viewport: { width: 1920, height: 1080 } }],
    ] as const) {
      const page = await watchedPage(browser, server.baseURL, options)
      await signIn(page, username)
      await visit(page, path, async () => {
        if (path === '/admin') {
          await page.getByTestId('admin-tab-users').click()
          await page.getByTestId('user-create').click()
          await page.locator('.ant-modal').waitFor()
        }
        if (path === '/screen') {
          // a tooltip drawn over a chart
          await page.getByTestId('screen-categories').hover()
          await page.getByTestId('screen-trend').hover()
        }
      })
      await page.context().close()
    }
  })

  await t.test('Swagger UI under its own policy', async () => {
    const page = await watchedPage(browser, server.baseURL)
    const response = await page.goto('/api/docs/')
    assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self';/)
    await page.locator('.swagger-ui .info .title').waitFor()
    await assertNoViolation(page, '/api/docs')
    await page.context().close()
  })
})
