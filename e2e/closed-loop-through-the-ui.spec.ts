/**
 * The whole closed loop through the UI, each actor in their own browser context: a resident
 * reports → the community signs and escalates in the workbench → the street dispatches to the
 * district's urban-management bureau → the bureau signs and resolves → the street approves the
 * result (办结审核) → the resident evaluates 满意
 * → the workbench shows it closed and the resident's timeline shows every step.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { smallPng } from '../server/test/photo.ts'
import { launchBrowser, loginStaff, openPage, screenshot, signInResident, startServer } from './support.ts'

const XINGFULI = '620105007010' // 安宁区 刘家堡街道 幸福里社区
const LIUJIAPU = '620105007'
const PHONE = '13900000077'

/** Opens the event from a workbench tab, takes one action through its dialog, and waits for the result. */
async function act(page: Page, number: string, tab: string, action: string, fill?: (page: Page) => Promise<void>) {
  await page.goto(`/workbench?box=${tab}`)
  await page.getByTestId('event-row').filter({ hasText: number }).click()
  const drawer = page.getByTestId('event-drawer')
  await drawer.getByTestId(`action-${action}`).click()
  if (fill) await fill(page)
  await page.getByTestId('action-confirm').click()
  await page.getByTestId('action-confirm').waitFor({ state: 'detached' })
}

test('a report goes round the closed loop through the resident app and the workbench', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)

  // the resident signs in with a one-time code, passes the real-name step and reports on a phone
  const residentPage = await openPage(browser, server.baseURL, { mobile: true })
  await residentPage.goto('/')
  await signInResident(residentPage, PHONE)
  await residentPage.getByTestId('resident-name').fill('赵小兰')
  await residentPage.getByTestId('resident-id-number').fill('11010519491231002X')
  await residentPage.getByTestId('resident-verify').click()
  await residentPage.getByTestId('report-category').fill('垃圾')
  await residentPage.getByTestId('category-option').filter({ hasText: '垃圾' }).first().click()
  await residentPage.getByTestId('report-description').fill('幸福里小区北门垃圾堆放多日无人清运')
  await residentPage.getByTestId('report-photos').setInputFiles({ name: 'garbage.png', mimeType: 'image/png', buffer: smallPng() })
  await residentPage.getByTestId('photo-item').locator('img').waitFor()
  await residentPage.getByTestId('map-unit-620105').click()
  await residentPage.getByTestId(`map-unit-${LIUJIAPU}`).click()
  await residentPage.getByTestId(`map-unit-${XINGFULI}`).click()
  await residentPage.getByTestId('place-chosen').filter({ hasText: '幸福里社区' }).waitFor()
  await residentPage.getByTestId('report-submit').click()
  await residentPage.waitForURL(/\/events\/\d+$/)
  const number = ((await residentPage.getByTestId('detail-number').textContent()) ?? '').trim()
  assert.match(number, /^LZ\d{8}-\d{6}$/)

  // the community center signs, then escalates with a reason
  const communityPage = await openPage(browser, server.baseURL)
  await loginStaff(communityPage, `c-${XINGFULI}`)
  await communityPage.goto('/workbench')
  await communityPage.getByTestId('event-row').filter({ hasText: number }).waitFor()
  assert.match((await communityPage.getByTestId('inbox-tab-pending_sign').textContent()) ?? '', /1/)
  await screenshot(communityPage, 'workbench-zh-CN')
  await act(communityPage, number, 'pending_sign', 'sign')
  await communityPage.getByTestId('event-state').filter({ hasText: '处置中' }).waitFor()
  // the reporter's contact is masked until the staff member asks (and the look is audited)
  assert.match((await communityPage.getByTestId('reporter-contact').textContent()) ?? '', /139\*\*\*\*0077/)
  await communityPage.getByTestId('contact-reveal').click()
  await communityPage.getByTestId('reporter-contact').filter({ hasText: PHONE }).waitFor()
  const looks = await server.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'unmask_contact').execute()
  assert.equal(looks.length, 1)
  await act(communityPage, number, 'in_progress', 'escalate', async (p) => {
    await p.getByTestId('action-note').fill('需要街道协调环卫车辆')
  })
  await communityPage.getByTestId('event-current-unit').filter({ hasText: '刘家堡街道' }).waitFor()
  // nothing left to do here, and the drawer says who has it rather than showing no buttons at all
  await communityPage.getByTestId('handled-elsewhere').filter({ hasText: '此事项现由刘家堡街道办理' }).waitFor()
  await screenshot(communityPage, 'workbench-drawer-zh-CN')

  // the street center dispatches to the district's urban-management bureau, picked by typing
  const streetPage = await openPage(browser, server.baseURL)
  await loginStaff(streetPage, `c-${LIUJIAPU}`)
  await act(streetPage, number, 'pending_sign', 'dispatch', async (p) => {
    await p.getByTestId('action-unit').click()
    await p.keyboard.type('城市管理')
    await p.locator('.ant-select-item-option').filter({ hasText: '城市管理' }).first().click()
    await p.getByTestId('action-note').fill('请区城管局安排清运')
  })
  const handler = (await streetPage.getByTestId('event-current-unit').textContent()) ?? ''
  assert.match(handler, /城市管理/)

  // the bureau signs and resolves
  const departments = (await server.anonymous.get('/api/v1/orgs?parent=620105&kind=department')).body.items
  const bureau = departments.find((d: { function: string }) => d.function === 'urban_management')
  const bureauPage = await openPage(browser, server.baseURL)
  await loginStaff(bureauPage, `d-${bureau.code}`)
  await act(bureauPage, number, 'pending_sign', 'sign')
  await act(bureauPage, number, 'in_progress', 'resolve', async (p) => {
    await p.getByTestId('action-note').fill('已安排环卫车清运完毕')
  })
  await bureauPage.getByTestId('event-state').filter({ hasText: '办结审核中' }).waitFor()

  // the street that dispatched it reviews the result (办结审核) and approves it
  await act(streetPage, number, 'reviewing', 'approve_resolution')
  await streetPage.getByTestId('event-state').filter({ hasText: '已办结' }).waitFor()

  // the resident evaluates 满意 on the detail page
  await residentPage.reload()
  await residentPage.getByTestId('evaluate-satisfied').click()
  await residentPage.getByTestId('evaluate-submit').click()
  await residentPage.getByTestId('event-state-badge').filter({ hasText: '已关闭' }).first().waitFor()

  // the workbench shows it closed, live or on the next look
  await communityPage.goto('/workbench?box=all')
  await communityPage.getByTestId('filter-text').locator('input').fill(number)
  await communityPage.getByTestId('filter-text').locator('input').press('Enter')
  await communityPage.getByTestId('event-row').filter({ hasText: number }).filter({ hasText: '已关闭' }).waitFor()

  await screenshot(communityPage, 'workbench-closed-zh-CN')

  // the resident's timeline shows every step and every unit it passed through
  const entries = residentPage.getByTestId('timeline-entry')
  await entries.nth(8).waitFor()
  assert.equal(await entries.count(), 9, 'submit, route, sign, escalate, dispatch, sign, resolve, approve, evaluate')
  const steps = (await entries.allTextContents()).join('\n')
  for (const unit of ['幸福里社区', '刘家堡街道', '城市管理局']) assert.match(steps, new RegExp(unit))
  await screenshot(residentPage, 'resident-closed-loop-timeline')
  for (const page of [residentPage, communityPage, streetPage, bureauPage]) assert.deepEqual(page.errors, [])
})
