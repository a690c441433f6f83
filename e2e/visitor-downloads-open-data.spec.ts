/**
 * 开放数据 as a visitor finds it: from the public board's link to the open-data page, a district
 * chosen, the CSV downloaded with its progress shown; the file holds the closed event with the
 * documented columns and nothing of the caller.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'
import { applyAction, registerCall, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, openPage, screenshot, startServer } from './support.ts'

test('a visitor downloads the anonymised open dataset of a district as CSV', async (t) => {
  const server = await startServer(t)
  const operator = await server.as('operator1')
  const call = await registerCall(operator, '李四来电：幸福里北门垃圾没人清运，电话13987654321', {
    reporterName: '李四',
    reporterPhone: '13987654321',
  })
  const community = await server.as(`c-${XINGFULI}`)
  let e = await applyAction(community, call, { type: 'sign' })
  e = await applyAction(community, e, { type: 'resolve', note: '已清运' })
  await applyAction(operator, e, { type: 'evaluate', rating: 'satisfied' })

  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { acceptDownloads: true })
  await page.goto('/public')
  await page.getByTestId('public-open-data').click()
  await page.getByTestId('open-data-field').first().waitFor()
  await page.getByTestId('open-data-district').click()
  await page.locator('.ant-select-item-option').filter({ hasText: '安宁区' }).click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('open-data-csv').click()])
  await page.getByTestId('open-data-progress').filter({ hasText: '共 1 条' }).waitFor()
  await screenshot(page, 'open-data-zh-CN')
  assert.match(download.suggestedFilename(), /^xiaolan-events-620105-\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.csv$/)
  const text = (await readFile(await download.path())).toString('utf8')
  const [header, row, ...rest] = text
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n')
  assert.deepEqual(rest, [])
  assert.ok(header.startsWith('number,category,category_name,subcategory'), header)
  assert.ok(row.startsWith(`${call.number},sanitation,`), row)
  for (const secret of ['李四', '13987654321', '北门']) assert.ok(!text.includes(secret), secret)
  assert.deepEqual(page.errors, [])
})
