import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

test('a staff member logs in and switches the language', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)

  await page.goto('/workbench')
  await page.waitForURL(/\/login\?next=/)
  await page.getByTestId('login-username').fill('c-620105007')
  await page.getByTestId('login-password').fill('wrong password')
  await page.getByTestId('login-password').press('Enter')
  await page.getByText('账号或密码错误').waitFor()

  await loginStaff(page, 'c-620105007')
  assert.match(new URL(page.url()).pathname, /^\/workbench/)
  await screenshot(page, 'staff-logged-in')

  await page.goto('/login')
  await page.getByTestId('language-switch').click()
  await page.getByText('Staff login').waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
  assert.deepEqual(page.errors, [])
})

test('signed out in another tab, the workbench sends its reader to sign in at the next request', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'c-620105007')
  await page.getByTestId('inbox-tab-all').waitFor()

  // the other tab shares the cookies: its logout ends this tab's session too
  const other = await page.context().newPage()
  await other.goto('/workbench')
  await other.getByRole('button', { name: '退出' }).click()
  await other.waitForURL(/\/login/)

  await page.getByTestId('inbox-tab-all').click() // asks the server, which answers 401
  await page.waitForURL(/\/login\?next=/)
  await page.getByTestId('login-username').waitFor()
  await screenshot(page, 'staff-signed-out-elsewhere')
  assert.deepEqual(page.errors, [])
})
