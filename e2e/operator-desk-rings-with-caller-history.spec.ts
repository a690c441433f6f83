/**
 * 来电弹屏: the call-center simulator plays a call that rings at operator1's desk (agent 8001). Before the
 * operator types anything the desk shows the caller's number and their earlier events; the operator
 * registers the matter, and the event keeps the call's id (and, once the call ends, its duration and
 * recording), for staff only.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { playCalls } from '../scripts/simulate-calls.ts'
import { registerCall, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const CALLER = '13919318888'

test('a simulated call rings at the operator’s desk with the caller’s history, and the event made during it keeps the call', async (t) => {
  const server = await startServer(t)
  // the caller called before: an event another operator registered
  const earlier = await registerCall(await server.as('operator2'), '楼下烧烤摊油烟很大，晚上吵得睡不着', { reporterPhone: CALLER })
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'operator1')
  await page.waitForURL(/\/hotline/)
  await page.getByTestId('hotline-shortcuts').waitFor()

  const log: string[] = []
  const [callId] = await playCalls({
    url: server.baseURL,
    calls: 1,
    caller: CALLER,
    agent: '8001',
    hold: true,
    talkMs: 300,
    everyMs: 0,
    log: (line) => log.push(line),
  })
  assert.ok(
    log.some((line) => line.includes('answered by agent 8001')),
    log.join('\n'),
  )
  // the number and the history arrive without a keystroke
  await page.getByTestId('hotline-call').filter({ hasText: '通话中' }).waitFor()
  assert.equal(await page.getByTestId('hotline-phone').inputValue(), CALLER)
  await page.getByTestId('hotline-history').getByText(earlier.number).waitFor()
  await screenshot(page, 'hotline-call-rings')

  // the operator writes it up: category, community, what the caller says
  await page.getByTestId('hotline-category').click()
  await page.keyboard.type('垃圾清运')
  await page.locator('.ant-select-item-option-active').filter({ hasText: '垃圾清运' }).waitFor()
  await page.keyboard.press('Enter')
  await page.getByTestId('hotline-community').click()
  await page.keyboard.type('幸福里')
  await page.locator('.ant-cascader-menu-item').filter({ hasText: '幸福里社区' }).first().waitFor()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await page.getByTestId('hotline-description').click()
  await page.keyboard.type('小区北门垃圾堆了三天没人清运')
  await page.keyboard.press('Control+Enter')
  await page.getByTestId('hotline-routed-unit').waitFor()
  const number = (await page.getByTestId('hotline-result-number').textContent()) ?? ''
  // the call is written up: the desk no longer shows it
  await page.getByTestId('hotline-call').waitFor({ state: 'detached' })

  const operator = await server.as('operator1')
  const event = (await operator.get(`/api/v1/events?text=${number}`)).body.items[0]
  assert.equal(event.currentUnit.code, XINGFULI)
  const call = await operator.get(`/api/v1/hotline/events/${event.id}/call`)
  assert.equal(call.body.call.callId, callId)
  assert.equal(call.body.call.agent, 'operator1')
  // nothing of the call in the public view
  const track = JSON.stringify((await server.anonymous.get(`/api/v1/track/${number}`)).body)
  assert.ok(!track.includes(callId))
  assert.deepEqual(page.errors, [])
})
