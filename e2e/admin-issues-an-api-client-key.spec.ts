/**
 * An admin issues a partner platform its API client in the console: the key is shown once with a
 * copy button and a warning, works for ingestion, stops when the admin rotates it (after a confirm)
 * and the new one stops when the client is disabled; the audit log names each step.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

test('an admin creates an API client, copies its key once, rotates it and disables the client', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'admin')
  await page.waitForURL(/\/admin/)
  await page.getByTestId('admin-tab-api-clients').click()

  await page.getByTestId('api-client-create').click()
  await page.getByTestId('api-client-name').fill('三维数字社会服务管理平台')
  await page.getByTestId('api-client-channels').click()
  await page.locator('.ant-select-item-option', { hasText: '三维数字社会服务管理平台' }).click()
  await page.getByTestId('api-client-scope').fill('620105')
  await page
    .locator('.ant-modal')
    .getByRole('button', { name: /确\s*定/ })
    .click()
  const key = (await page.getByTestId('api-client-key').textContent()) ?? ''
  assert.match(key, /^xlk_[A-Za-z0-9_-]{43}$/)
  await page.getByText('密钥只显示这一次').waitFor()
  await screenshot(page, 'admin-api-client-key-zh-CN')
  await page.getByTestId('api-client-key-done').click()
  await page.getByTestId('api-client-key').waitFor({ state: 'detached' })
  const row = page.getByRole('row').filter({ hasText: '安宁区' })
  await row.getByText(key.slice(0, 12)).waitFor()
  assert.equal(await page.getByText(key).count(), 0, 'the list never shows the key')

  const push = (withKey: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/events',
      headers: { 'x-api-key': withKey },
      payload: { externalId: 'SW-1', category: 'sanitation.garbage', description: '小区门口垃圾堆积', communityCode: '620105007010' },
    })
  assert.equal((await push(key)).statusCode, 200)

  await row.getByRole('button', { name: '更换密钥' }).click()
  await page.getByText('旧密钥将立即失效').waitFor()
  await page
    .locator('.ant-modal-confirm')
    .getByRole('button', { name: /确\s*定/ })
    .click()
  const rotated = (await page.getByTestId('api-client-key').textContent()) ?? ''
  assert.notEqual(rotated, key)
  await page.getByTestId('api-client-key-done').click()
  assert.equal((await push(key)).statusCode, 401, 'the old key stopped')
  assert.equal((await push(rotated)).statusCode, 200)

  await row.getByRole('button', { name: /停\s*用/ }).click()
  await page
    .locator('.ant-modal-confirm')
    .getByRole('button', { name: /确\s*定/ })
    .click()
  await row.getByText('已停用').waitFor()
  assert.equal((await push(rotated)).statusCode, 401, 'a disabled client’s key stops')

  await page.getByTestId('admin-tab-audit').click()
  await page.getByRole('row').filter({ hasText: '更换接口密钥' }).waitFor()
  await page.getByRole('row').filter({ hasText: '新建接口客户端' }).waitFor()
  assert.deepEqual(page.errors, [])
})
