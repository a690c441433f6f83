/**
 * 研判设置 in the admin console: an admin lowers the hotspot rule's minimum and narrows the duplicate
 * finder's radius, each with a reason (kept in the change log), and turns the surge rule off; the
 * server holds what the page showed.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

test('an admin tunes the alert rules and the duplicate settings with reasons', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'admin')
  await page.goto('/admin?tab=intelligence')
  const rules = page.getByTestId('admin-alert-rules')
  await rules.getByText('热点聚集').waitFor()

  // the hotspot rule: at least 3 events instead of 5
  await page.getByTestId('alert-rule-edit-hotspot').click()
  const minEvents = page.getByLabel(/最少件数/)
  await minEvents.fill('3')
  await page.getByTestId('alert-rule-reason').fill('试点：老旧小区三件即预警')
  await page.getByTestId('alert-rule-confirm').click()
  await rules
    .locator('tr', { hasText: '热点聚集' })
    .getByText(/最少件数 3/)
    .waitFor()

  // the surge rule off
  await page.getByTestId('alert-rule-edit-surge').click()
  await page.getByTestId('alert-rule-enabled').click()
  await page.getByTestId('alert-rule-reason').fill('节假日期间暂停')
  await page.getByTestId('alert-rule-confirm').click()
  await rules.locator('tr', { hasText: '数量激增' }).getByText('已停用').waitFor()

  // the duplicate finder: 300 m for staff
  const duplicates = page.getByTestId('admin-duplicate-settings')
  await duplicates.getByText('1000 米').waitFor()
  await page.getByTestId('duplicate-settings-edit').click()
  await page.getByTestId('duplicate-settings-radiusM').fill('300')
  await page.getByTestId('duplicate-settings-reason').fill('城关老城区街巷密集')
  await page.getByTestId('duplicate-settings-confirm').click()
  await duplicates.getByText('300 米').waitFor()
  await screenshot(page, 'admin-intelligence-settings')

  const admin = await server.as('admin')
  const saved = (await admin.get('/api/v1/admin/alert-rules')).body.items
  assert.equal(saved.find((r: { kind: string }) => r.kind === 'hotspot').params.minEvents, 3)
  assert.equal(saved.find((r: { kind: string }) => r.kind === 'surge').enabled, false)
  assert.equal((await admin.get('/api/v1/admin/duplicate-settings')).body.radiusM, 300)
  const reasons = await server.database.db
    .selectFrom('change_log')
    .select(['subject', 'reason'])
    .where('subject', 'in', ['alert_rule', 'duplicate_settings'])
    .orderBy('id')
    .execute()
  assert.deepEqual(
    reasons.map((r) => r.reason),
    ['试点：老旧小区三件即预警', '节假日期间暂停', '城关老城区街巷密集'],
  )
  assert.deepEqual(page.errors, [])
})
