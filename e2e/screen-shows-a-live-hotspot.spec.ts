/**
 * 研判预警 on the big screen (issue 16 item 5): the screen is open; calls forming a hotspot (5
 * reports of garbage within ~100 m of 幸福里's seat) are registered; the scan runs (called directly,
 * the test's hook instead of the minute timer); the alert appears on the panel live, without a
 * reload, named by its community, and a click lists its evidence events; the district center's
 * workbench assigns and acknowledges it (the note in its history), whistles two departments from it
 * (吹哨: one consolidated work order, opened from the alert in the drawer), and closes it after
 * confirming a disposition.
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
  assert.match((await alert.first().textContent()) ?? '', /幸福里社区/)
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
  assert.match((await row.getByTestId('alert-place').textContent()) ?? '', /安宁区 刘家堡街道 幸福里社区/)
  await row.getByTestId('alert-detail-toggle').click()
  await row.getByTestId('alert-history-item').filter({ hasText: '已通知环卫所清运' }).filter({ hasText: 'c-620105' }).waitFor()

  // 吹哨: two of the district's departments, the first leading, with what they are to do
  const departments = (await server.anonymous.get('/api/v1/orgs?parent=620105&kind=department')).body.items
  const [lead, other] = departments as Array<{ name: string }>
  await row.getByTestId('alert-whistle').click()
  await page.getByTestId('whistle-units').click()
  for (const d of [lead, other]) {
    await page.keyboard.type(d.name)
    await page.locator('.ant-select-item-option:visible').filter({ hasText: d.name }).first().click()
  }
  // the list stays open for more picks: a click on the dialog's title closes it
  await page.locator('.ant-modal-title').click()
  await page.getByTestId('whistle-lead').click()
  await page.keyboard.type(lead.name)
  await page.keyboard.press('Enter')
  await page.getByTestId('whistle-lead').filter({ hasText: lead.name }).waitFor()
  await page.getByTestId('whistle-note').fill('请城管、环卫联合清运并查明原因')
  await page.getByTestId('whistle-confirm').click()
  const order = row.getByTestId('alert-order')
  await order.waitFor()
  const number = /LZ\d{8}-\d{6}/.exec((await order.textContent()) ?? '')?.[0]
  assert.ok(number, 'the alert shows the order’s number')
  await row.getByTestId('alert-history-item').filter({ hasText: '吹哨' }).filter({ hasText: number }).waitFor()
  await screenshot(page, 'workbench-alert-whistled')
  // the number opens the order in the drawer: held by the lead, both summoned
  await order.click()
  const drawer = page.locator('.ant-drawer')
  await drawer.filter({ hasText: number }).waitFor()
  await drawer.getByTestId('event-current-unit').filter({ hasText: lead.name }).waitFor()
  await drawer.getByTestId('event-state').filter({ hasText: '待签收' }).waitFor()
  await page.keyboard.press('Escape')

  // closing asks first, with the disposition
  await row.getByRole('button', { name: '关闭预警' }).click()
  await page.getByTestId('alert-close-confirm').waitFor()
  await page.getByTestId('alert-disposition').click()
  await page.locator('.ant-select-item-option:visible').filter({ hasText: '已启动联排' }).click()
  await page.getByTestId('alert-close-confirm').click()
  await page.getByTestId('workbench-alerts').getByText('暂无预警').waitFor()
  const closed = await (await server.as('c-620105')).get('/api/v1/alerts?kind=hotspot&state=closed')
  assert.equal(closed.body.items[0].disposition, 'joint_action')
  assert.deepEqual(page.errors, [])
})
