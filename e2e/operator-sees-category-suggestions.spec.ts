/**
 * 智能分拨 at the desk: the operator types what the caller says first, the classifier's categories
 * appear under it with their scores and the words that weighed, Alt+S takes the first, and the
 * call is registered under it. The resident's form shows the same suggestions, and a click picks one.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, loginStaff, openPage, screenshot, signInResident, startServer } from './support.ts'

test('the operator and the resident are offered the category for what they type, with why', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'operator1')
  await page.waitForURL(/\/hotline/)
  await page.getByTestId('hotline-description').click()
  await page.keyboard.type('来电人反映幸福里小区北门口的垃圾堆了好几天没人清运，臭得很')
  const suggestions = page.getByTestId('hotline-suggestions')
  await suggestions.getByTestId('hotline-suggestions-0').filter({ hasText: '市容环卫' }).waitFor()
  await suggestions.getByTestId('hotline-suggestions-why').filter({ hasText: '垃圾' }).waitFor()
  await screenshot(page, 'hotline-category-suggestions-zh-CN')
  await page.keyboard.press('Alt+s')
  await page.getByTestId('hotline-category').filter({ hasText: '市容环卫' }).waitFor()
  // the focus stayed in the description
  await page.getByTestId('hotline-description').and(page.locator(':focus')).waitFor()
  const chosen = (await page.getByTestId('hotline-category').textContent()) ?? ''

  await page.getByTestId('hotline-community').click()
  await page.keyboard.type('幸福里')
  await page.locator('.ant-cascader-menu-item').filter({ hasText: '幸福里社区' }).first().waitFor()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  // choosing the community moves the focus on to the matter
  await page.getByTestId('hotline-description').and(page.locator(':focus')).waitFor()
  await page.keyboard.press('Control+Enter')
  const number = (await page.getByTestId('hotline-result-number').textContent()) ?? ''
  const operator = await server.as('operator2')
  const found = (await operator.get(`/api/v1/events?text=${number}`)).body.items[0]
  assert.match(found.category, /^sanitation/)
  assert.ok(chosen.includes('市容环卫'))

  const resident = await openPage(browser, server.baseURL)
  await resident.goto('/')
  await signInResident(resident, '13900002222')
  await resident.getByTestId('resident-name').fill('孙小兰')
  await resident.getByTestId('resident-id-number').fill('11010519491231002X')
  await resident.getByTestId('resident-verify').click()
  await resident.getByTestId('report-description').fill('我家楼下的路灯坏了一个星期了，晚上黑乎乎的，走路害怕')
  const offered = resident.getByTestId('report-description-suggestions-0').filter({ hasText: '市政设施' })
  await offered.waitFor()
  await offered.click()
  await resident.getByTestId('report-category-chosen').filter({ hasText: '市政设施' }).waitFor()
  await screenshot(resident, 'resident-category-suggestions-zh-CN')
})
