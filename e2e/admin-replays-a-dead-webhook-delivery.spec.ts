/**
 * An admin adds a partner's webhook in 接口客户端 (the signing secret shown once), finds in 投递记录
 * the messages its failing receiver never took — dead, with the attempts and the receiver's error —
 * and, once the receiver is back, replays one after a confirm: it is delivered.
 */
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { deliverDue } from '../server/src/modules/notifications/delivery.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

test('an admin adds a webhook, reads its failed deliveries and replays one', async (t) => {
  const server = await startServer(t, { WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true', WEBHOOK_MAX_ATTEMPTS: '1' })
  let status = 500
  const got: string[] = []
  const receiver = createServer((req, res) => {
    got.push(String(req.headers['x-xiaolan-delivery']))
    req.resume()
    req.on('end', () => res.writeHead(status).end(status === 500 ? 'partner down' : 'ok'))
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  t.after(() => {
    receiver.closeAllConnections()
    return new Promise<void>((resolve) => receiver.close(() => resolve()))
  })
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`

  const admin = await server.as('admin')
  const client = (await admin.post('/api/v1/admin/api-clients', { name: '平安甘肃平台', channels: ['platform_safety'] })).body
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'admin')
  await page.waitForURL(/\/admin/)
  await page.getByTestId('admin-tab-api-clients').click()
  const row = page.getByRole('row').filter({ hasText: '平安甘肃平台' })
  await row.locator('.ant-table-row-expand-icon').click()
  await page.getByTestId(`webhook-add-${client.id}`).click()
  await page.getByTestId('webhook-url').fill(url)
  await page
    .locator('.ant-modal')
    .getByRole('button', { name: /确\s*定/ })
    .click()
  const secret = (await page.getByTestId('webhook-secret').textContent()) ?? ''
  assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/)
  await page.getByText('签名密钥只显示这一次').waitFor()
  await page.getByTestId('webhook-secret-done').click()
  await page.getByTestId(`webhooks-${client.id}`).getByText(url).waitFor()
  assert.equal(await page.getByText(secret).count(), 0, 'the list never shows the secret')

  const pushed = await server.app.inject({
    method: 'POST',
    url: '/api/v1/ingest/events',
    headers: { 'x-api-key': client.key },
    payload: { externalId: 'PA-1', category: 'sanitation.garbage', description: '小区门口垃圾堆积', communityCode: '620105007010' },
  })
  assert.equal(pushed.statusCode, 200, pushed.body)
  assert.deepEqual(await deliverDue(server.app.ctx), ['dead', 'dead'], 'the receiver is down')

  await page.getByTestId(`webhooks-${client.id}`).getByRole('button', { name: '投递记录' }).click()
  const drawer = page.locator('.ant-drawer')
  await drawer.getByText('HTTP 500: partner down').first().waitFor()
  assert.equal(await drawer.getByTestId('delivery-state').filter({ hasText: '投递失败' }).count(), 2)
  await screenshot(page, 'admin-webhook-deliveries-zh-CN')

  status = 200
  const first = Math.min(...got.map(Number))
  await drawer.getByTestId(`delivery-replay-${first}`).click()
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '重新投递' }).click()
  await drawer.getByTestId('delivery-state').filter({ hasText: '待投递' }).waitFor()
  assert.deepEqual(await deliverDue(server.app.ctx), ['delivered'])
  assert.deepEqual(got.map(Number), [first, first + 1, first], 'the replayed message once more')

  await drawer.locator('.ant-drawer-close').click()
  await drawer.waitFor({ state: 'hidden' })
  await page.getByTestId('admin-tab-audit').click()
  await page.getByRole('row').filter({ hasText: '重新投递推送消息' }).waitFor()
  assert.deepEqual(page.errors, [])
})
