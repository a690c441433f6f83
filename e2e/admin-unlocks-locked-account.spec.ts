/**
 * A user locked out by wrong passwords is told so in plain words on the login page; the admin sees
 * the lock in the users panel, unlocks the account, and the audit log shows the lock and the unlock.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEMO_PASSWORD } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const LOCKED = 'operator4'

test('an admin unlocks an account that wrong passwords locked, and the audit log shows both', async (t) => {
  const server = await startServer(t)
  for (let i = 0; i < 5; i++) await server.anonymous.post('/api/v1/auth/login', { username: LOCKED, password: `guess-${i}` })

  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await page.goto('/login')
  await page.getByTestId('login-username').fill(LOCKED)
  await page.getByTestId('login-password').fill(DEMO_PASSWORD)
  await page.getByTestId('login-password').press('Enter')
  // the lock and when it ends (the test clock stands still: a minute from the fifth failure)
  await page.getByText('密码错误次数过多，账号已被临时锁定，也可联系管理员解锁（1分钟后可再试）').waitFor()
  await screenshot(page, 'login-account-locked-zh-CN')

  await loginStaff(page, 'admin')
  await page.waitForURL(/\/admin/)
  await page.getByTestId('admin-tab-users').click()
  await page.getByPlaceholder('按账号或姓名搜索').fill(LOCKED)
  await page.getByPlaceholder('按账号或姓名搜索').press('Enter')
  const row = page.getByRole('row').filter({ hasText: LOCKED })
  await row
    .getByTestId('user-locked')
    .getByText(/已锁定至/)
    .waitFor()
  await screenshot(page, 'admin-user-locked-zh-CN')
  await row.getByTestId('user-unlock').click()
  await page
    .locator('.ant-modal')
    .getByRole('button', { name: /确\s*定/ })
    .click()
  await page.getByText('已保存').waitFor()
  await row.getByTestId('user-locked').waitFor({ state: 'detached' })
  assert.equal(await row.getByTestId('user-unlock').count(), 0, 'the unlock button goes with the lock')
  assert.equal((await server.anonymous.post('/api/v1/auth/login', { username: LOCKED, password: DEMO_PASSWORD })).status, 200)

  await page.getByTestId('admin-tab-audit').click()
  await page.getByRole('row').filter({ hasText: '解锁账号' }).filter({ hasText: LOCKED }).waitFor()
  await page.getByRole('row').filter({ hasText: '多次密码错误，账号被锁定' }).filter({ hasText: LOCKED }).waitFor()
  await screenshot(page, 'admin-audit-unlock-zh-CN')
})
