import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { applyAction, registerCall, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

/** What a chart element says it draws: each series' name and number of points (components/Chart.tsx). */
async function drawn(page: Page, testId: string): Promise<Array<{ name: string; points: number }>> {
  const chart = page.getByTestId(testId)
  await chart.locator('canvas').waitFor()
  return JSON.parse((await chart.getAttribute('data-series')) ?? '[]')
}

test('a leader picks a street from the org tree, reads its rates by day and by week and its units ranked, and downloads the figures named by the period', async (t) => {
  const server = await startServer(t)
  const street = (await server.anonymous.get(`/api/v1/orgs?code=${XINGFULI.slice(0, 9)}`)).body.items[0]
  const district = (await server.anonymous.get(`/api/v1/orgs?code=${XINGFULI.slice(0, 6)}`)).body.items[0]
  const community = (await server.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const operator = await server.as('operator1')
  const center = await server.as(`c-${XINGFULI}`)
  // Monday: two calls, one signed at once; Tuesday: a third signed and resolved
  await applyAction(center, await registerCall(operator, '小区门口垃圾没人清运'), { type: 'sign' })
  await registerCall(operator, '楼道堆放杂物')
  // and one in another district, which the street's events list leaves out
  const communities = (await server.anonymous.get('/api/v1/orgs?level=4&kind=center')).body.items as Array<{ code: string }>
  const elsewhere = communities.find((u) => !u.code.startsWith(district.code))
  await registerCall(operator, '别的区路灯不亮', { communityCode: elsewhere?.code })
  server.clock.now = new Date('2026-12-01T03:00:00Z')
  const third = await applyAction(center, await registerCall(operator, '路边垃圾桶满了'), { type: 'sign' })
  await applyAction(center, third, { type: 'resolve', note: '已清运' })

  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'leader')
  await page.goto('/kpi')
  // the tree opens at the leader's own unit with its districts; a district opens onto its streets, read then
  await page.getByTestId('kpi-scope').click()
  const tree = page.locator('.ant-select-tree')
  await tree.locator('.ant-select-tree-treenode', { hasText: district.name }).locator('.ant-select-tree-switcher').click()
  // a district's streets are more than the list shows: the search narrows the opened ones
  await page.keyboard.type(street.name)
  await tree.getByTitle(street.name, { exact: true }).click()
  await page.getByTestId('kpi-query').click()
  await page.getByTestId('kpi-table').getByText(`合计（${street.name}）`).waitFor()
  await page.getByTestId('kpi-table').getByText(community.name).waitFor()

  const from = await page.getByLabel('开始日期').inputValue()
  const to = await page.getByLabel('结束日期').inputValue()
  const rates = await drawn(page, 'kpi-rates-chart')
  assert.deepEqual(
    rates.map((s) => s.name),
    ['签收及时率', '按时办结率', '满意率', '退单率', '重办率', '审核退回率'],
  )
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1
  assert.ok(
    rates.every((s) => s.points === days),
    `a point a day from ${from} to ${to}: ${JSON.stringify(rates)}`,
  )
  const ranked = await drawn(page, 'kpi-ranking-chart')
  assert.equal(ranked[0].name, '按时办结率')
  assert.ok(ranked[0].points >= 1, 'the community that resolved one is ranked')
  await screenshot(page, 'kpi-charts-by-day')

  await page.getByTestId('kpi-bucket').getByText('按周').click()
  await page.waitForFunction(
    (n) => JSON.parse(document.querySelector('[data-testid="kpi-rates-chart"]')?.getAttribute('data-series') ?? '[]')[0]?.points < n,
    days,
  )
  const weeks = await drawn(page, 'kpi-rates-chart')
  const expectedWeeks = Math.ceil((days + ((new Date(`${from}T00:00:00Z`).getUTCDay() + 6) % 7)) / 7)
  assert.ok(
    weeks.every((s) => s.points === expectedWeeks),
    `a point a week: ${JSON.stringify(weeks)}`,
  )
  await screenshot(page, 'kpi-charts-by-week')

  await page.getByRole('tab', { name: '导出' }).click()
  const download = page.waitForEvent('download')
  await page.getByTestId('kpi-export-kpis').click()
  assert.equal((await download).suggestedFilename(), `${street.name}-考核-${from}至${to}.xlsx`)
  // the events list too is the street's over the period, not the leader's whole city
  const events = page.waitForEvent('download')
  await page.getByTestId('kpi-export-events').click()
  assert.equal((await events).suggestedFilename(), `${street.name}-事件清单-${from}至${to}.xlsx`)
  await page.getByTestId('export-progress').getByText('共 3 条').waitFor() // the street's three, not the city's four
  assert.deepEqual(page.errors, [])
})
