/**
 * 研判预警 on the big screen (issue 16 item 5): the screen is open; calls forming a hotspot (5
 * reports of garbage within ~100 m of 幸福里's seat) are registered; the scan runs (called directly,
 * the test's hook instead of the minute timer); the alert appears on the panel live, without a
 * reload, and a click lists its evidence events; the district center's workbench assigns,
 * acknowledges and closes it.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runScan } from '../server/src/modules/alerts/scan.ts'
import { registerCall, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

test('the screen shows a live hotspot and opens its evidence events', async (t) => {
  const server = await startServer(t)
  const operator = await server.as('operator1')
  const { seat } = (await server.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { viewport: { width: 1920, height: 1080 } })
  await loginStaff(page, 'c-620105')
  await page.goto('/screen')
  await page.getByTestId('screen-alerts').filter({ hasText: '暂无预警' }).waitFor()

  const numbers: string[] = []
  for (let i = 0; i < 5; i++) {
    const e = await registerCall(operator, `幸福里小区${i + 1}号楼旁垃圾堆了三天没人清运`, {
      lat: seat.lat + i * 0.0002,
      lng: seat.lng + i * 0.0002,
      communityCode: undefined,
    })
    numbers.push(e.number)
  }
  const scan = await runScan(server.app.ctx)
  assert.equal(scan.raised, 1)

  const alert = page.getByTestId('screen-alert')
  await alert.filter({ hasText: '热点聚集' }).waitFor()
  assert.match((await alert.first().textContent()) ?? '', /5件/)
  await screenshot(page, 'screen-live-hotspot')
  await alert.first().click()
  const evidence = page.getByTestId('alert-evidence-event')
  await evidence.nth(4).waitFor()
  assert.equal(await evidence.count(), 5)
  const texts = (await evidence.allTextContents()).join(' ')
  for (const n of numbers) assert.ok(texts.includes(n), `${n} is listed`)

  // the district center's workbench: assign it to the unit, acknowledge with a note, close it
  await page.goto('/workbench')
  await page.getByTestId('workbench-alerts').getByText('研判预警').click()
  const row = page.getByTestId('workbench-alert').filter({ hasText: '热点聚集' })
  await row.getByRole('button', { name: '指派本单位' }).click()
  await row.getByText('已指派').waitFor()
  await row.getByPlaceholder('处理说明').fill('已通知环卫所清运')
  await row.getByRole('button', { name: /^确\s?认$/ }).click()
  await row.getByText('已确认').waitFor()
  await row.getByRole('button', { name: '关闭预警' }).click()
  await page.getByTestId('workbench-alerts').getByText('暂无预警').waitFor()
  assert.deepEqual(page.errors, [])
})
