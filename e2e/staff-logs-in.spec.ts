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
