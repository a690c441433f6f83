/**
 * An administrator renames a unit with a reason, is told in plain words why it cannot be
 * deactivated yet, and resets a user's password in /admin; the audit log viewer shows both. Screenshots of the console in zh-CN and English.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const XINGFULI = '620105007010'

test('an admin renames a community with a reason and resets a password, and the audit log shows both', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'admin')
  await page.waitForURL(/\/admin/)

  await page.getByTestId('org-search').locator('input').fill('幸福里')
  await page.getByTestId('org-search').locator('input').press('Enter')
  await page.getByTestId('org-result').first().click()
  const editor = page.getByTestId('org-editor')
  await editor.getByLabel('名称').fill('幸福里新社区')
  await page.getByTestId('org-save').click()
  await editor.getByText('请填写修改原因').waitFor()
  await page.getByTestId('org-reason').fill('区划调整更名')
  await page.getByTestId('org-save').click()
  await page.getByTestId('org-result').filter({ hasText: '幸福里新社区' }).waitFor()
  await screenshot(page, 'admin-orgs-zh-CN')
  assert.equal((await server.anonymous.get(`/api/v1/orgs/${XINGFULI}`)).body.name, '幸福里新社区')
  // the rename's 已保存 notice goes before the next save, whose own notice the spec waits for
  await page.getByText('已保存').waitFor({ state: 'detached' })

  // deactivating a community that still has grids, forces and an account is refused in plain words
  await editor.getByLabel('启用').click()
  await page.getByTestId('org-reason').fill('社区撤并')
  await page.getByTestId('org-save').click()
  const inUse = page.getByTestId('org-in-use')
  await inUse.getByText('在用的下级单位 8 个').waitFor()
  await inUse.getByText('在用的账号 1 个').waitFor()
  await screenshot(page, 'admin-orgs-in-use-zh-CN')
  assert.equal((await server.anonymous.get(`/api/v1/orgs/${XINGFULI}`)).body.active, true, 'still active')

  await page.getByTestId('admin-tab-users').click()
  await page.getByPlaceholder('按账号或姓名搜索').fill('operator5')
  await page.getByPlaceholder('按账号或姓名搜索').press('Enter')
  await page.getByRole('row').filter({ hasText: 'operator5' }).getByRole('button', { name: '重置密码' }).click()
  await page.getByTestId('user-password').fill('a-new-password')
  await page
    .locator('.ant-modal')
    .getByRole('button', { name: /确\s*定/ })
    .click()
  await page.getByText('已保存').waitFor()
  await screenshot(page, 'admin-users-zh-CN')
  assert.equal((await server.anonymous.post('/api/v1/auth/login', { username: 'operator5', password: 'a-new-password' })).status, 200)

  await page.getByTestId('admin-tab-audit').click()
  await page.getByRole('row').filter({ hasText: '重置密码' }).filter({ hasText: 'operator5' }).waitFor()
  await page.getByRole('row').filter({ hasText: '修改单位' }).filter({ hasText: XINGFULI }).waitFor()
  await page.getByTestId('language-switch').click()
  await page.getByText('Audit log').first().waitFor()
  await screenshot(page, 'admin-audit-en')
  await page.getByTestId('admin-tab-categories').click()
  await page.getByTestId('category-edit-sanitation.garbage').waitFor()
  await screenshot(page, 'admin-categories-en')
  assert.deepEqual(page.errors, [], page.errors.join('\n'))
})
