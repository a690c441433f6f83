/**
 * A resident signs in with phone + one-time code, passes the real-name step, reports garbage with
 * a photo and a point on the map inside 幸福里社区, and finds it in 我的 handled by 幸福里社区 —
 * on a 360 px phone without horizontal scrolling. Then: no serious or critical axe violations on
 * `/`, and `/` and `/track/<number>` in English after the language switch.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { smallPng } from '../server/test/photo.ts'
import { seriousViolations } from './a11y.ts'
import { launchBrowser, openPage, screenshot, startServer } from './support.ts'

const XINGFULI = '620105007010' // 安宁区 刘家堡街道 幸福里社区

const noHorizontalScroll = async (page: Page) => {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 360, `the page is ${width} px wide at 360 px`)
}

test('a resident reports an event with a photo and a map point and sees it in 我的', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { mobile: true })

  await page.goto('/')
  await page.getByTestId('resident-phone').fill('13900000088')
  await noHorizontalScroll(page)
  assert.deepEqual(await seriousViolations(page), [], 'sign-in page')
  await screenshot(page, 'resident-sign-in')
  await page.getByTestId('resident-send-code').click()
  const devCode = ((await page.getByTestId('resident-dev-code').textContent()) ?? '').match(/\d{6}/)?.[0]
  assert.ok(devCode, 'the demo shows the one-time code')
  await page.getByTestId('resident-code').fill(devCode)
  await page.getByTestId('resident-login').click()

  // the real-name step: a wrong checksum is refused, the right one passes
  await page.getByTestId('resident-name').fill('孙小兰')
  await page.getByTestId('resident-id-number').fill('110105194912310021')
  await page.getByTestId('resident-verify').click()
  await page.getByRole('alert').filter({ hasText: '身份证号校验不通过' }).waitFor()
  await page.getByTestId('resident-id-number').fill('11010519491231002X')
  await page.getByTestId('resident-verify').click()

  // 我要报事
  await page.getByTestId('report-category').fill('垃圾')
  await page.getByTestId('category-option').first().waitFor()
  await page.getByTestId('category-option').filter({ hasText: '垃圾' }).first().click()
  await page.getByTestId('report-category-chosen').filter({ hasText: '市容环卫' }).waitFor()
  await page.getByTestId('report-description').fill('幸福里小区北门垃圾堆放三天无人清运')
  const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/v1/attachments') && r.request().method() === 'POST')
  await page.getByTestId('report-photos').setInputFiles({ name: 'garbage.png', mimeType: 'image/png', buffer: smallPng() })
  assert.equal((await uploaded).status(), 201)
  await page.getByTestId('photo-item').locator('img').waitFor()
  await page.getByTestId('map-unit-620105').click()
  await page.getByTestId('map-unit-620105007').click()
  await page.getByTestId(`map-unit-${XINGFULI}`).click()
  await page.getByTestId('map-pin').waitFor()
  await page.getByTestId('place-chosen').filter({ hasText: '幸福里社区' }).waitFor()
  await noHorizontalScroll(page)
  await screenshot(page, 'resident-report-form')
  assert.deepEqual(await seriousViolations(page), [], 'report page')

  await page.getByTestId('report-submit').click()
  await page.waitForURL(/\/events\/\d+$/)
  await page.getByTestId('detail-handler').filter({ hasText: '幸福里社区' }).waitFor()
  const number = ((await page.getByTestId('detail-number').textContent()) ?? '').trim()
  assert.match(number, /^LZ\d{8}-\d{6}$/)
  await page.locator('img[alt^="报事照片"]').first().waitFor()
  assert.ok((await page.getByTestId('timeline-entry').count()) >= 2, 'submit and route are in the timeline')
  await noHorizontalScroll(page)
  await screenshot(page, 'resident-event-detail')

  // 我的
  await page.getByTestId('nav-mine').click()
  const row = page.getByTestId('my-event-row').filter({ hasText: number })
  await row.waitFor()
  assert.match((await row.textContent()) ?? '', /幸福里社区/)
  await noHorizontalScroll(page)
  await screenshot(page, 'resident-mine')

  // the server agrees: located in 幸福里社区 with the photo attached
  const event = (await server.app.inject({ method: 'GET', url: `/api/v1/track/${number}` })).json()
  assert.equal(event.community, '幸福里社区')

  // English after the switch: the report page and the public tracking page
  await page.getByTestId('language-switch').click()
  await page.getByTestId('nav-report').click()
  await page.getByText('Report a problem').waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
  await screenshot(page, 'resident-report-en')
  await page.goto(`/track/${number}`)
  await page.getByText('Track by number').waitFor()
  await page.getByTestId('track-view').getByText('Submit').waitFor()
  // the report is the reporter's step, not the city's; routing is the system's
  await page.locator('[data-testid="timeline-actor"][data-actor="reporter"]').filter({ hasText: 'Reporter' }).waitFor()
  await page.locator('[data-testid="timeline-actor"][data-actor="system"]').filter({ hasText: 'System' }).waitFor()
  await noHorizontalScroll(page)
  await screenshot(page, 'resident-track-en')

  // the public list, masked
  await page.getByTestId('nav-public').click()
  await page.getByTestId('public-event-row').filter({ hasText: '幸福里社区' }).first().waitFor()
  assert.equal(((await page.locator('main').textContent()) ?? '').includes('孙小兰'), false)
  await screenshot(page, 'resident-public-en')
  assert.deepEqual(page.errors, [])
})
