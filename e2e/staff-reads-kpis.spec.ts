import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runJob } from '../server/src/modules/sla/jobs.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const XINGFULI = '620105007010'

test('a district center reads its units’ KPIs, exports the overdue events with progress and prints the daily report; the public sees the rates', async (t) => {
  const server = await startServer(t)
  const resident = await server.resident('13900000001', { name: '王小兰', idNumber: '11010519491231002X' })
  const community = (await server.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  for (const description of ['小区门口垃圾三天没人清运', '楼道堆放杂物']) {
    const res = await resident.post('/api/v1/resident/events', {
      category: 'sanitation.garbage',
      description,
      lat: community.seat.lat,
      lng: community.seat.lng,
    })
    assert.equal(res.status, 201)
  }
  server.clock.now = new Date('2026-12-01T03:00:00Z') // a working day later: both unsigned, overdue
  await runJob(server.app.ctx, 'deadlines')

  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'c-620105')
  await page.goto('/kpi')
  const table = page.getByTestId('kpi-table')
  await table.getByText('幸福里社区').waitFor()
  // the scope is the center's own district, picked from the org tree (no code to type)
  await page.getByTestId('kpi-scope').getByText('安宁区').waitFor()
  const headers = await table.locator('thead th').allTextContents()
  const cells = await table.locator('tr', { hasText: '幸福里社区' }).locator('td').allTextContents()
  assert.equal(cells[headers.indexOf('签收及时率')], '0.0%', 'nothing signed on time')
  assert.equal(cells[headers.indexOf('超时')], '2', 'two deadlines missed')
  await screenshot(page, 'kpi-table')

  // 层级 belongs to the rollup: absent for each unit, and then only the levels below the district
  assert.equal(await page.getByTestId('kpi-level').count(), 0)
  await page.getByText('按层级汇总').click()
  await page.getByTestId('kpi-level').click()
  assert.deepEqual(await page.locator('.ant-select-item-option').allTextContents(), ['街道', '社区'])
  await page.keyboard.press('Escape')
  await page.getByTestId('kpi-query').click()
  await table.locator('tr', { hasText: '刘家堡街道' }).waitFor()
  assert.equal(await table.getByText('幸福里社区').count(), 0, 'rolled up to the streets')
  await page.getByText('按单位').click()
  await page.getByTestId('kpi-query').click()
  await table.getByText('幸福里社区').waitFor()

  await page.getByRole('tab', { name: '导出' }).click()
  await page.getByLabel('时限状态').click()
  await page.getByTitle('超时').click()
  const download = page.waitForEvent('download')
  await page.getByTestId('kpi-export-events').click()
  assert.equal(
    (await download).suggestedFilename(),
    `安宁区-事件清单-${await page.getByLabel('开始日期').inputValue()}至${await page.getByLabel('结束日期').inputValue()}.xlsx`,
    'the scope and the period the page shows',
  )
  const progress = page.getByTestId('export-progress')
  await progress.getByText('共 2 条').waitFor()
  await progress.locator('.ant-progress-status-success').waitFor()
  await screenshot(page, 'kpi-export')

  await page.getByRole('tab', { name: '日报/周报' }).click()
  await page.getByText('安宁区 日报').waitFor()
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.getByTestId('report-print').isVisible(), false, 'the buttons stay off paper')
  await screenshot(page, 'kpi-report-print')
  await page.emulateMedia({ media: 'screen' })

  const admin = await openPage(browser, server.baseURL)
  await loginStaff(admin, 'admin')
  await admin.goto('/kpi/settings')
  await admin.getByTestId('sla-rules').getByText('全部类别（默认）').first().waitFor()
  await admin.getByText('未内置该年安排').waitFor()
  await screenshot(admin, 'kpi-settings')

  const visitor = await openPage(browser, server.baseURL, { mobile: true })
  await visitor.goto('/public/kpi')
  await visitor.getByTestId('public-kpi-districts').getByText('安宁区').waitFor()
  await screenshot(visitor, 'kpi-public')
  assert.deepEqual([...page.errors, ...admin.errors, ...visitor.errors], [])
})
