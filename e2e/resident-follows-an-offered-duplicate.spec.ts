/**
 * A resident about to report garbage at 幸福里社区 is offered the neighbour's open report of the same
 * pile (这是不是您要反映的问题？) and clicks 关注这件事 instead of sending a second report: the app
 * takes them to its progress, which says 已关注, and 我的 lists it under 我关注的, where they can
 * stop following it. No report of theirs was sent.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { reportAtSeat, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, openPage, screenshot, signInResident, startServer } from './support.ts'

/** The keyboard-friendly path to the place: 按区域选择, then 安宁区 / 刘家堡街道 / 幸福里社区. */
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

test('a resident offered a duplicate follows it instead and finds it under 我关注的', async (t) => {
  const server = await startServer(t)
  const neighbour = await server.resident('13900004444', { name: '王建国', idNumber: '11010519491231002X' })
  const open = await reportAtSeat(server, neighbour, XINGFULI, '幸福里小区北门垃圾堆了三天没人清运，臭得很')

  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { mobile: true })
  await page.goto('/')
  await signInResident(page, '13900005556')
  await page.getByTestId('resident-name').fill('孙小兰')
  await page.getByTestId('resident-id-number').fill('11010519491231002X')
  await page.getByTestId('resident-verify').click()

  await page.getByTestId('report-description').fill('北门那边的垃圾好几天都没人来收了')
  await page.getByTestId('report-description-suggestions-0').click()
  await chooseXingfuliFromTheList(page)
  await page.getByTestId('place-chosen').filter({ hasText: '幸福里社区' }).waitFor()
  await page.getByTestId('report-submit').click()

  const offered = page.getByTestId('report-duplicates').getByTestId('report-duplicate').filter({ hasText: open.number })
  await offered.getByTestId('report-duplicate-subscribe').click()
  await page.waitForURL(new RegExp(`/track/${open.number}`))
  await page.getByTestId('follow-state').filter({ hasText: '已关注' }).waitFor()
  await screenshot(page, 'resident-follows-a-duplicate')

  await page.getByTestId('nav-mine').click()
  const follows = page.getByTestId('my-follows')
  const row = follows.getByTestId('my-follow-row').filter({ hasText: open.number })
  await row.waitFor()
  assert.match((await follows.textContent()) ?? '', /我关注的/)
  assert.doesNotMatch((await follows.textContent()) ?? '', /王建国|139/)
  // their own reports: none, since they followed instead of sending one
  assert.equal(await page.getByTestId('my-event-row').count(), 0)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 360, `the page is ${width} px wide at 360 px`)
  await screenshot(page, 'resident-mine-follows')

  // the row opens the public progress; 取消关注 there empties 我关注的
  await row.locator('a').click()
  await page.waitForURL(new RegExp(`/track/${open.number}`))
  await page.getByTestId('unfollow').click()
  await page.getByTestId('follow').waitFor()
  await page.getByTestId('nav-mine').click()
  await page.getByTestId('my-follows').getByText('您还没有关注别人反映的事项', { exact: false }).waitFor()
})
