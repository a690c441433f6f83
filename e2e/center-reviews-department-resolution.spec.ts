/**
 * 办结审核 through the UI: the district's urban-management bureau resolves a matter the street
 * center dispatched to it → the street finds it in 待审核 and sends it back with a reason (a reason
 * is required) → the bureau sees the reason in its drawer and resolves again → the street approves
 * → the resident, asked to evaluate only now, rates it 满意 and sees each review step in plain words.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { launchBrowser, loginStaff, openPage, screenshot, signInResidentByApi, startServer } from './support.ts'

const XINGFULI = '620105007010' // 安宁区 刘家堡街道 幸福里社区
const LIUJIAPU = '620105007'
const PHONE = '13900000088'

/** Opens the event from a workbench tab and its drawer. */
async function open(page: Page, number: string, tab: string) {
  await page.goto(`/workbench?box=${tab}`)
  await page.getByTestId('event-row').filter({ hasText: number }).click()
  return page.getByTestId('event-drawer')
}

/** One action through its dialog, waiting for the dialog to close. */
async function act(page: Page, action: string, note?: string) {
  await page.getByTestId('event-drawer').getByTestId(`action-${action}`).click()
  if (note) await page.getByTestId('action-note').fill(note)
  await page.getByTestId('action-confirm').click()
  await page.getByTestId('action-confirm').waitFor({ state: 'detached' })
}

test('a street center reviews a department’s resolution: sends it back with a reason, then approves the second one', async (t) => {
  const server = await startServer(t)
  // the way here, by the API: reported, escalated by the community, dispatched by the street, signed by the bureau
  const resident = await server.resident(PHONE, { name: '孙小兰', idNumber: '11010519491231002X' })
  const { seat } = (await server.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  let event = (
    await resident.post('/api/v1/resident/events', {
      category: 'sanitation.garbage',
      description: '幸福里小区北门垃圾堆放多日无人清运',
      lat: seat.lat,
      lng: seat.lng,
    })
  ).body
  const step = async (username: string, body: Record<string, unknown>) => {
    const res = await (await server.as(username)).post(`/api/v1/events/${event.id}/actions`, { version: event.version, ...body })
    assert.equal(res.status, 200, `${username} ${body.type}: ${JSON.stringify(res.body)}`)
    event = res.body
  }
  assert.equal(event.currentUnit.code, XINGFULI, 'routed to the community first')
  await step(`c-${XINGFULI}`, { type: 'sign' })
  await step(`c-${XINGFULI}`, { type: 'escalate', note: '需街道协调环卫车辆' })
  const departments = (await server.anonymous.get('/api/v1/orgs?parent=620105&kind=department')).body.items
  const bureau = departments.find((d: { function: string }) => d.function === 'urban_management')
  await step(`c-${LIUJIAPU}`, { type: 'sign' })
  await step(`c-${LIUJIAPU}`, { type: 'dispatch', unitId: bureau.id })
  await step(`d-${bureau.code}`, { type: 'sign' })
  const number: string = event.number
  const browser = await launchBrowser(t)

  // the bureau resolves: the result waits for the street's review, not for the resident
  const bureauPage = await openPage(browser, server.baseURL)
  await loginStaff(bureauPage, `d-${bureau.code}`)
  await open(bureauPage, number, 'in_progress')
  await act(bureauPage, 'resolve', '已安排环卫车清运')
  await bureauPage.getByTestId('event-state').filter({ hasText: '办结审核中' }).waitFor()

  // the street finds it in 待审核 with the result, and sends it back; without a reason the dialog stays
  const streetPage = await openPage(browser, server.baseURL)
  await loginStaff(streetPage, `c-${LIUJIAPU}`)
  await streetPage.goto('/workbench?box=reviewing')
  await streetPage.getByTestId('inbox-tab-reviewing').filter({ hasText: '1' }).waitFor()
  const drawer = await open(streetPage, number, 'reviewing')
  await drawer.getByTestId('review-pending').filter({ hasText: '已安排环卫车清运' }).waitFor()
  await drawer.getByTestId('action-approve_resolution').waitFor()
  await screenshot(streetPage, 'workbench-review-zh-CN')
  await drawer.getByTestId('action-send_back').click()
  await streetPage.getByTestId('action-confirm').click()
  await streetPage.getByText('请填写此项').waitFor()
  await streetPage.getByTestId('action-note').fill('请附清运后的现场照片')
  await streetPage.getByTestId('action-confirm').click()
  await streetPage.getByTestId('action-confirm').waitFor({ state: 'detached' })
  await streetPage.getByTestId('event-state').filter({ hasText: '处置中' }).waitFor()

  // the bureau sees why, and resolves again
  const back = await open(bureauPage, number, 'in_progress')
  await back.getByTestId('sent-back').filter({ hasText: '请附清运后的现场照片' }).waitFor()
  await screenshot(bureauPage, 'workbench-sent-back-zh-CN')
  await act(bureauPage, 'resolve', '已清运完毕，附现场照片')
  await bureauPage.getByTestId('event-state').filter({ hasText: '办结审核中' }).waitFor()

  // the street approves the second result
  await open(streetPage, number, 'reviewing')
  await streetPage.getByTestId('review-pending').filter({ hasText: '附现场照片' }).waitFor()
  await act(streetPage, 'approve_resolution')
  await streetPage.getByTestId('event-state').filter({ hasText: '已办结' }).waitFor()

  // the resident now evaluates, and reads the review in plain words
  const residentPage = await openPage(browser, server.baseURL, { mobile: true })
  await signInResidentByApi(residentPage.request, PHONE)
  await residentPage.goto(`/events/${event.id}`)
  const entries = residentPage.getByTestId('timeline-entry')
  await entries.filter({ hasText: '审核通过' }).waitFor()
  const steps = (await entries.allTextContents()).join('\n')
  assert.equal(steps.match(/提交办理结果，待中心审核/g)?.length, 2, steps)
  // the step is there, its reason (written to the department) is not
  assert.match(steps, /审核退回/)
  assert.doesNotMatch(steps, /请附清运后的现场照片/)
  assert.doesNotMatch(steps, /send_back|approve_resolution|reviewing/, 'no internal codes')
  await residentPage.getByTestId('evaluate-satisfied').click()
  await residentPage.getByTestId('evaluate-submit').click()
  await residentPage.getByTestId('event-state-badge').filter({ hasText: '已关闭' }).first().waitFor()
  await screenshot(residentPage, 'resident-reviewed-timeline')
  for (const page of [bureauPage, streetPage, residentPage]) assert.deepEqual(page.errors, [])
})
