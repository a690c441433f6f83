/**
 * The browser specs' harness: the real server (built web app, demo city on a fresh PGlite copy)
 * on a free port, and Debian's Chromium driven by playwright-core. Every page fails its spec on a
 * console error; screenshots go to e2e/artifacts/ for reviewers.
 *
 *   const { baseURL, app } = await startServer(t)
 *   const browser = await launchBrowser(t)
 *   const page = await openPage(browser, baseURL, { mobile: true })
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type APIRequestContext, type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core'
import type { App } from '../server/src/app.ts'
import { build, DEMO_PASSWORD, type TestApp } from '../server/test/helper.ts'

const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname
mkdirSync(ARTIFACTS, { recursive: true })

type Teardown = { after(fn: () => Promise<void> | void): void }

let webBuilt = false
/** The pages as `npm start` serves them: web/dist, brought up to date here (the server never builds). */
function buildWebIfStale() {
  if (webBuilt) return
  const build = spawnSync(process.execPath, [new URL('../scripts/build.mjs', import.meta.url).pathname, '--web', '--if-stale'], {
    stdio: 'inherit',
  })
  if (build.status !== 0) throw new Error('the web build failed')
  webBuilt = true
}

/** The app with the built web pages on http://127.0.0.1:<port>, plus the API test clients; `env` adds configuration. */
export async function startServer(t: Teardown, env: Record<string, string> = {}): Promise<TestApp & { baseURL: string; app: App }> {
  buildWebIfStale()
  const test = await build(t, { web: true, env })
  const address = await test.app.listen({ port: 0, host: '127.0.0.1' })
  return { ...test, baseURL: address }
}

export async function launchBrowser(t: Teardown): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    // playwright gives every launch a fresh, temporary user-data dir
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
  t.after(() => browser.close())
  return browser
}

export interface PageOptions extends BrowserContextOptions {
  /** 360×740 phone viewport with touch */
  mobile?: boolean
  /** 'zh-CN' (default) or 'en' */
  lang?: 'zh-CN' | 'en'
}

/** A page in its own browser context (its own cookies); console errors and page errors are collected. */
export async function openPage(browser: Browser, baseURL: string, options: PageOptions = {}): Promise<Page & { errors: string[] }> {
  const { mobile, lang = 'zh-CN', ...rest } = options
  const context = await browser.newContext({
    baseURL,
    locale: lang,
    timezoneId: 'Asia/Shanghai',
    ...(mobile
      ? { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 }
      : { viewport: { width: 1440, height: 900 } }),
    ...rest,
  })
  const page = (await context.newPage()) as Page & { errors: string[] }
  page.errors = []
  page.on('console', (m) => {
    // a 4xx the page handles (wrong password, a validation message) is not an error of the page
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) page.errors.push(m.text())
  })
  page.on('pageerror', (e) => page.errors.push(String(e)))
  return page
}

/** Log a staff member in through the login page. */
export async function loginStaff(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-password').press('Enter')
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

/** A resident signs in on the page in front of them with the one-time code the demo shows on screen. */
export async function signInResident(page: Page, phone: string) {
  await page.getByTestId('resident-phone').fill(phone)
  await page.getByTestId('resident-send-code').click()
  const code = ((await page.getByTestId('resident-dev-code').textContent()) ?? '').match(/\d{6}/)?.[0]
  assert.ok(code, 'the demo shows the one-time code')
  await page.getByTestId('resident-code').fill(code)
  await page.getByTestId('resident-login').click()
}

/** Signs a browser context's requests in through the API, without the login page: a staff member with the demo password. */
export async function signInStaffByApi(request: APIRequestContext, username: string) {
  const res = await request.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } })
  assert.equal(res.status(), 200, `login ${username}`)
}

/** Signs a browser context's requests in through the API: a resident with the one-time code the demo returns. */
export async function signInResidentByApi(request: APIRequestContext, phone: string, realName?: { name: string; idNumber: string }) {
  const { devCode } = (await (await request.post('/api/v1/resident/otp', { data: { phone } })).json()) as { devCode: string }
  const res = await request.post('/api/v1/resident/login', { data: { phone, code: devCode, ...realName } })
  assert.equal(res.status(), 200, `resident login ${phone}`)
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
}
