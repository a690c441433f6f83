/**
 * A resident on a phone reports garbage at 幸福里社区 where a neighbour's report of the same pile is
 * still open: before theirs is sent, the app asks 这是不是您要反映的问题？ with the open one (its
 * number, state and distance, nothing about its reporter); they open its progress. Back on the
 * form, they decide it is another matter and send theirs anyway.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { reportAtSeat, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, openPage, screenshot, signInResident, startServer } from './support.ts'

/** The keyboard-friendly path to the place: 按区域选择, then 安宁区 / 刘家堡街道 / 幸福里社区 (its seat is the point). */
async function chooseXingfuliFromTheList(page: Page) {
  await page
    .locator('.ant-segmented-item')
    .filter({ hasText: /按区域选择|By area/ })
    .click()
  await page.getByTestId('report-cascader').click()
  await page.locator('.ant-cascader-menu').first().locator('.ant-cascader-menu-item').filter({ hasText: '安宁区' }).click()
  await page.locator('.ant-cascader-menu').nth(1).locator('.ant-cascader-menu-item').filter({ hasText: '刘家堡街道' }).click()
  await page.locator('.ant-cascader-menu').nth(2).locator('.ant-cascader-menu-item').filter({ hasText: '幸福里社区' }).click()
}

test('a resident is offered the open event nearby before reporting it again', async (t) => {
  const server = await startServer(t)
  const neighbour = await server.resident('13900004444', { name: '王建国', idNumber: '11010519491231002X' })
  const open = await reportAtSeat(server, neighbour, XINGFULI, '幸福里小区北门垃圾堆了三天没人清运，臭得很')

  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { mobile: true })
  await page.goto('/')
  await signInResident(page, '13900005555')
  await page.getByTestId('resident-name').fill('孙小兰')
  await page.getByTestId('resident-id-number').fill('11010519491231002X')
  await page.getByTestId('resident-verify').click()

  await page.getByTestId('report-description').fill('北门那边的垃圾好几天都没人来收了')
  await page.getByTestId('report-description-suggestions-0').click()
  await chooseXingfuliFromTheList(page)
  await page.getByTestId('place-chosen').filter({ hasText: '幸福里社区' }).waitFor()
  await page.getByTestId('report-submit').click()

  const offered = page.getByTestId('report-duplicates')
  await offered.getByTestId('report-duplicate').filter({ hasText: open.number }).waitFor()
  assert.doesNotMatch((await offered.textContent()) ?? '', /王建国|139/)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 360, `the page is ${width} px wide at 360 px`)
  await screenshot(page, 'resident-offered-a-duplicate')

  await offered.getByTestId('report-duplicate-follow').first().click()
  await page.waitForURL(new RegExp(`/track/${open.number}`))
  await page.getByText(open.number).first().waitFor()

  await page.goBack()
  // it is their own pile after all: offered again, they send it anyway
  await page.getByTestId('report-description').fill('北门那边的垃圾好几天都没人来收了')
  await page.getByTestId('report-description-suggestions-0').click()
  await chooseXingfuliFromTheList(page)
  await page.getByTestId('report-submit').click()
  const anyway = page.getByTestId('report-submit-anyway')
  await anyway.waitFor()
  await anyway.click()
  await page.waitForURL(/\/events\/\d+/)
})
