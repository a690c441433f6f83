/**
 * In-app notices: a resident keeps 我的 open while the community escalates their report and the street
 * dispatches it to the district's 城市管理局; the bell's unread count rises live, the notice says where
 * the matter went, opening it shows the event and marks it read.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyAction, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, openPage, screenshot, signInResidentByApi, startServer } from './support.ts'

const PHONE = '13900000088'
const REAL_NAME = { name: '李小兰', idNumber: '11010519491231002X' }

test('a resident sees a notice in 我的 when their matter is dispatched', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { mobile: true })
  const request = page.context().request
  await signInResidentByApi(request, PHONE, REAL_NAME)
  const { me } = (await (await request.get('/api/v1/session')).json()) as { me: { csrfToken: string } }
  const reported = await request.post('/api/v1/resident/events', {
    headers: { 'x-csrf-token': me.csrfToken },
    data: { category: 'sanitation.garbage', description: '小区门口垃圾三天没人清运', communityCode: XINGFULI },
  })
  assert.equal(reported.status(), 201)
  let event = (await reported.json()) as { id: number; number: string; version: number }

  await page.goto('/mine')
  const bell = page.getByTestId('notice-bell')
  await bell.waitFor()
  assert.equal(await bell.getAttribute('aria-label'), '消息')

  const community = await server.as(`c-${XINGFULI}`)
  event = await applyAction(community, event, { type: 'sign' })
  event = await applyAction(community, event, { type: 'escalate', note: '需要街道协调环卫车辆' })
  const d01 = (await server.anonymous.get('/api/v1/orgs?code=620105D01')).body.items[0]
  await applyAction(await server.as('c-620105007'), event, { type: 'dispatch', unitId: d01.id, note: '请区城管局安排清运' })

  // live: two notices, without a reload
  await page.waitForFunction(() => document.querySelector('[data-testid="notice-bell"]')?.getAttribute('aria-label') === '消息，2 条未读')
  await bell.click()
  const first = page.getByTestId('notice-item').first()
  await first.filter({ hasText: `您反映的事项 ${event.number} 已转交 安宁区城市管理局 办理` }).waitFor()
  await screenshot(page, 'resident-notice-dispatched')
  await first.click()
  await page.waitForURL(new RegExp(`/events/${event.id}$`))
  await page.goto('/mine')
  await page.waitForFunction(() => document.querySelector('[data-testid="notice-bell"]')?.getAttribute('aria-label') === '消息，1 条未读')
  assert.deepEqual(page.errors, [])
})
