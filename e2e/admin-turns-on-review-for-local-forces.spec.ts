/**
 * 办结审核 is a setting per kind of handler: an admin turns it on for local forces at /kpi/settings
 * (a reason is asked and kept in the change log), and the next resolution by a local force waits
 * for its street's review.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, loginStaff, openPage, startServer } from './support.ts'

test('an admin turns on review for local forces in the settings page', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'admin')
  await page.goto('/kpi/settings')
  const force = page.getByTestId('review-force')
  await force.waitFor()
  assert.equal(await force.getAttribute('aria-checked'), 'false', 'off for local forces by default')
  assert.equal(await page.getByTestId('review-department').getAttribute('aria-checked'), 'true', 'on for departments')
  await force.click()
  await page.getByTestId('review-reason').fill('试点：物业的办结也由街道审核')
  await page.getByTestId('review-confirm').click()
  await page.locator('[data-testid="review-force"][aria-checked="true"]').waitFor()
  await page.getByTestId('sla-review').getByText('试点：物业的办结也由街道审核').waitFor()

  const admin = await server.as('admin')
  const settings = (await admin.get('/api/v1/admin/sla/review')).body.items
  assert.equal(settings.find((s: { kind: string }) => s.kind === 'force').review, true)
  assert.equal(server.app.ctx.sla.reviews('force'), true, 'resolutions from now on follow it')
  assert.deepEqual(page.errors, [])
})
