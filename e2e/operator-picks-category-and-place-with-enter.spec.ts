/**
 * A 12345 operator with the keyboard only types part of a name and presses Enter, as the page's
 * help says: in the category search Enter files the call under a subcategory (typing a group's
 * name, 市政, does not file it to the group 市政设施), and in the place search Enter takes the
 * match without an arrow key first. After the category the focus goes to the place search (地点), the
 * next field down; the previous call's 已登记 banner goes once the next call is typed.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

test('an operator picks a subcategory and a place by typing and Enter alone, and the next call starts clean', async (t) => {
  const server = await startServer(t)
  const community = (await server.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  // a compound of the community, as the gazetteer names it
  const place = (
    await server.anonymous.get(`/api/v1/orgs/places?q=${encodeURIComponent(community.name.replace(/社区$/, ''))}`)
  ).body.items.find((m: { kind: string; community: { code: string } }) => m.kind === 'compound' && m.community.code === XINGFULI)
  assert.ok(place, 'the community has a compound in the gazetteer')
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'operator1')
  await page.waitForURL(/\/hotline/)
  await page.getByTestId('hotline-shortcuts').waitFor()

  await page.keyboard.type('13800002222')
  await page.keyboard.press('Tab')
  await page.keyboard.type('市政')
  await page.locator('.ant-select-item-option-active').waitFor()
  await page.keyboard.press('Enter')
  // the focus moves on to the next field the operator fills, the place search (地点), above the community
  await page.getByTestId('hotline-place-search').locator('input:focus').waitFor()
  const chosen =
    (await page.getByTestId('hotline-category').locator('.ant-select-content, .ant-select-selection-item').first().textContent()) ?? ''
  assert.match(chosen, /^市政设施 \/ \S/, `a subcategory of 市政设施, not the group: ${chosen}`)

  // the caller names their compound, building and all; Enter takes the first match and fills the community
  await page.keyboard.type(`${place.name}3号楼`)
  await page.getByTestId('place-match').filter({ hasText: community.name }).first().waitFor()
  await page.keyboard.press('Enter')
  await page.getByTestId('hotline-description').and(page.locator(':focus')).waitFor()
  await page.getByTestId('hotline-community').filter({ hasText: community.name }).waitFor()
  await screenshot(page, 'hotline-enter-picks')

  await page.keyboard.type('小区门口的路灯坏了好几天')
  await page.keyboard.press('Control+Enter')
  const number = (await page.getByTestId('hotline-result-number').textContent()) ?? ''
  assert.ok(number)

  // the next call: the focus is back on the number, and the banner about the previous call goes once it is typed
  await page.getByTestId('hotline-phone').and(page.locator(':focus')).waitFor()
  await page.keyboard.type('1')
  await page.getByTestId('hotline-result').waitFor({ state: 'detached' })

  const operator = await server.as('operator2')
  const event = (await operator.get(`/api/v1/events?text=${number}`)).body.items[0]
  assert.match(event.category, /^municipal\./)
  assert.equal(event.community.code, XINGFULI)
  assert.deepEqual(page.errors, [])
})
