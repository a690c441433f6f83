import assert from 'node:assert/strict'
import { test } from 'node:test'
import { registerCall } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

test('the big screen shows a new event and the new count without a reload', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { viewport: { width: 1920, height: 1080 } })

  await page.goto('/screen')
  await page.waitForURL(/\/login\?next=/)
  await loginStaff(page, 'leader')
  assert.equal(new URL(page.url()).pathname, '/screen')
  await page.getByTestId('screen-live').getByText('实时').waitFor()
  const todayNew = page.getByTestId('headline-todayNew')
  const before = Number(await todayNew.textContent())
  await page.getByTestId('screen-map').locator('path').first().waitFor()

  const operator = await server.as('operator1')
  const created = await registerCall(operator, '门口垃圾没人清运，电话13912345678', {
    reporterName: '王小兰',
    reporterPhone: '13912345678',
  })

  // no reload: the stream brings the change, the screen refetches its one call
  await page.getByTestId('latest-event').filter({ hasText: created.number }).first().waitFor()
  await page.waitForFunction((n) => document.querySelector('[data-testid=headline-todayNew]')?.textContent === String(n), before + 1)
  const latest = await page.getByTestId('latest-events').innerText()
  assert.doesNotMatch(latest, /13912345678|王小兰/, 'no names or phones on the screen')
  assert.match(latest, /139\*\*\*\*5678/)
  assert.match(await page.getByTestId('screen-freshness').innerText(), /数据更新于/)
  await screenshot(page, 'screen-live-1920x1080')

  // a district's own screen: /screen?scope=<code>, drilled into its streets
  await page.goto('/screen?scope=620105')
  await page.getByRole('heading', { name: /安宁区/ }).waitFor()
  await page.getByTestId('latest-event').filter({ hasText: created.number }).first().waitFor()
  await page.getByTestId('screen-map').locator('path').first().waitFor()
  await screenshot(page, 'screen-district-620105')
  await page.getByTestId('screen-up').click()
  await page.getByRole('heading', { name: /兰州市/ }).waitFor()
  assert.deepEqual(page.errors, [])
})
