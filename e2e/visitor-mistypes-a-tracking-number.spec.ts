/**
 * A visitor without an account tracks a report by number and mistypes it: a number no event has
 * says so plainly (not "not found or no access", and no 重试 that could only fail again), a number
 * of the wrong format — typed, or in the link — says what a number looks like; the right number
 * then shows the progress.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { reportAtSeat, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, openPage, screenshot, startServer } from './support.ts'

test('a visitor is told plainly that a tracking number is wrong or malformed', async (t) => {
  const server = await startServer(t)
  const resident = await server.resident('13900000073', { name: '钱小兰', idNumber: '11010519491231002X' })
  const { number } = await reportAtSeat(server, resident, XINGFULI, '路边井盖松动了')
  const wrong = number.replace(/\d$/, (d: string) => String((Number(d) + 1) % 10))

  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { mobile: true })
  await page.goto('/track')
  await page.getByTestId('track-number').fill(wrong)
  await page.getByTestId('track-search').click()
  await page
    .getByTestId('track-problem')
    .filter({ hasText: `没有编号为 ${wrong} 的事项` })
    .waitFor()
  assert.equal(await page.getByRole('button', { name: /重\s*试/ }).count(), 0, 'no retry for a number no event has')
  await screenshot(page, 'track-no-such-number')

  // a number of the wrong format, typed: the form says what a number looks like
  await page.getByTestId('track-number').fill('LZ2026113-0001')
  await page.getByTestId('track-search').click()
  await page.locator('.ant-form-item-explain-error').filter({ hasText: '8 位日期' }).waitFor()
  // and in a link
  await page.goto('/track/LZ2026113-0001')
  await page.getByTestId('track-problem').filter({ hasText: '不是事项编号' }).filter({ hasText: 'LZ20261128-000123' }).waitFor()
  assert.equal(await page.getByRole('button', { name: /重\s*试/ }).count(), 0)

  await page.getByTestId('track-number').fill(number)
  await page.getByTestId('track-search').click()
  await page.getByTestId('track-view').waitFor()
  assert.equal(await page.getByTestId('track-problem').count(), 0)
  assert.deepEqual(page.errors, [])
})
