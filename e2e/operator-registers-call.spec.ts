/**
 * A 12345 operator registers a routine call with the keyboard only: the number, the category by
 * typing, the community by typing, what the caller says, Ctrl+Enter — and sees where it was routed.
 * The second call about the same matter is linked to the first with Alt+1 instead of creating; a
 * third is placed with the mouse on the map instead of the cascader.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const XINGFULI = '620105007010' // 安宁区 刘家堡街道 幸福里社区

/** From the number field: Tab, the category 垃圾清运 by typing, Tab past the place search, then 幸福里社区 by typing, each moving the focus on, to the matter. */
async function garbageAtXingfuliByKeyboard(page: Page) {
  await page.keyboard.press('Tab')
  await page.keyboard.type('垃圾清运')
  await page.locator('.ant-select-item-option-active').filter({ hasText: '垃圾清运' }).waitFor()
  await page.keyboard.press('Enter')
  await page.getByTestId('hotline-category').filter({ hasText: '市容环卫 / 垃圾清运' }).waitFor()
  // choosing the category moves the focus on to the place search; a caller who names the community
  // itself is taken in the community field, one Tab on
  await page.getByTestId('hotline-place-search').locator('input:focus').waitFor()
  await page.keyboard.press('Tab')
  await page.getByTestId('hotline-community').locator('input:focus').waitFor()
  await page.keyboard.type('幸福里')
  await page.locator('.ant-cascader-menu-item').filter({ hasText: '幸福里社区' }).first().waitFor()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  // choosing the community moves the focus on to the matter
  await page.getByTestId('hotline-description').and(page.locator(':focus')).waitFor()
}

test('an operator registers a routine call without the mouse and it is routed to the community', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'operator1')
  await page.waitForURL(/\/hotline/)
  await page.getByTestId('hotline-shortcuts').waitFor()
  await screenshot(page, 'hotline-zh-CN')

  const registered = Date.now()
  // the number field has the focus on arrival
  await page.keyboard.type('13800001111')
  await page.getByTestId('hotline-history').getByText('该号码没有历史诉求').waitFor()
  await garbageAtXingfuliByKeyboard(page)
  await page.keyboard.type('小区北门垃圾堆了三天没人清运，味道很大')
  await page.keyboard.press('Control+Enter')

  const routed = page.getByTestId('hotline-routed-unit')
  await routed.waitFor()
  const seconds = (Date.now() - registered) / 1000
  assert.equal(await routed.textContent(), '幸福里社区')
  const number = (await page.getByTestId('hotline-result-number').textContent()) ?? ''
  await screenshot(page, 'hotline-registered-zh-CN')

  const operator = await server.as('operator2')
  const found = (await operator.get(`/api/v1/events?text=${number}`)).body.items[0]
  assert.equal(found.currentUnit.code, XINGFULI)
  assert.equal(found.channel, 'hotline')
  assert.equal(found.category, 'sanitation.garbage')
  assert.equal(found.reporter.phone, '138****1111')

  // the same caller rings again: their history shows the event, the duplicate is linked with Alt+1
  await page.keyboard.type('13800001111')
  await page.getByTestId('hotline-history').getByText(number).waitFor()
  await garbageAtXingfuliByKeyboard(page)
  await page.keyboard.type('北门垃圾还是没人清运')
  await page.getByTestId('hotline-link-1').waitFor()
  await page.keyboard.press('Alt+1')
  await page.getByTestId('hotline-result').getByText('已关联到').waitFor()
  assert.equal(await page.getByTestId('hotline-result-number').textContent(), number)
  const timeline = (await operator.get(`/api/v1/events/${found.id}`)).body.timeline
  assert.match(timeline.at(-1).note, /12345来电/)

  // the pointer alternative: a point on the map fills the community and locates the event
  await page.getByTestId('map-unit-620105').click()
  await page.getByTestId('map-unit-620105007').click()
  await page.getByTestId(`map-unit-${XINGFULI}`).click()
  await page.getByTestId('hotline-community').filter({ hasText: '幸福里社区' }).waitFor()
  await page.getByTestId('hotline-description').fill('小区里路灯坏了好几盏')
  await page.getByTestId('hotline-category').click()
  await page.keyboard.type('路灯')
  await page.locator('.ant-select-item-option').filter({ hasText: '市政设施 / 路灯' }).click()
  await page.keyboard.press('Control+Enter')
  await page.getByTestId('hotline-result').getByText('已登记').waitFor()
  const pointed = (await operator.get(`/api/v1/events?text=${await page.getByTestId('hotline-result-number').textContent()}`)).body.items[0]
  assert.equal(pointed.community.code, XINGFULI)
  assert.ok(pointed.lat !== null && pointed.lng !== null, 'located at the point')

  assert.deepEqual(page.errors, [])
  console.log(`# registered a routine call in ${seconds.toFixed(1)} s of scripted typing`)
})
