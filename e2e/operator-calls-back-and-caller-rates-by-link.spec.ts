/**
 * The reporter's loop without an account (issue 18 items 3–5), in the browser.
 * The link: a 12345 caller's matter is resolved; the admin finds its SMS in the outbox (intake and
 * resolution, the same absolute link, the phone masked); the caller opens the link on a 360 px phone,
 * sees the public progress and rates it 满意; the event closes as rated and the link refuses a second.
 * The callback: another caller's resolved matter waits in the desk's 回访 queue; the operator records
 * 满意, logged as the operator's callback.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyAction, registerCall, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const BASE = 'https://12345.lanzhou.example.cn'

test('a caller rates by the SMS link on a phone, and an operator records a callback rating', async (t) => {
  const server = await startServer(t, { PUBLIC_BASE_URL: BASE })
  const operator = await server.as('operator1')
  const community = await server.as(`c-${XINGFULI}`)
  const resolvedCall = async (description: string, phone: string) => {
    let event = await registerCall(operator, description, { reporterPhone: phone, reporterName: '马先生' })
    event = await applyAction(community, event, { type: 'sign' })
    return applyAction(community, event, { type: 'resolve', note: '已清运完毕' })
  }
  const byLink = await resolvedCall('小区门口垃圾堆了三天没人清运', '13912340001')
  const byCallback = await resolvedCall('路口垃圾桶满了一直没人收', '13912340002')
  const browser = await launchBrowser(t)

  // the admin reads the SMS of the first call: intake and resolution, one link, the phone masked
  const admin = await openPage(browser, server.baseURL)
  await loginStaff(admin, 'admin')
  await admin.goto('/admin?tab=outbox')
  await admin.getByTestId('outbox-number').fill(byLink.number)
  await admin.getByTestId('outbox-search').click()
  const texts = admin.getByTestId('outbox-text')
  await texts.nth(1).waitFor()
  assert.equal(await texts.count(), 2)
  const resolutionSms = (await texts.nth(1).textContent()) ?? ''
  assert.match(resolutionSms, /已办结/)
  const link = new RegExp(`${BASE.replace(/\./g, '\\.')}(/e/[A-Za-z0-9_-]{32})`).exec(resolutionSms)
  assert.ok(link, `an absolute link in ${resolutionSms}`)
  assert.ok(((await texts.nth(0).textContent()) ?? '').includes(link[1]), 'the intake SMS carried the same link')
  await admin.getByText('139****0001').first().waitFor()
  assert.equal(await admin.getByText('13912340001').count(), 0, 'the phone is masked')
  await screenshot(admin, 'admin-outbox-sms')

  // the caller, no account, on a 360 px phone: the public progress, then the one rating
  const phone = await openPage(browser, server.baseURL, { mobile: true })
  await phone.goto(link[1])
  await phone.getByTestId('link-view').waitFor()
  await phone.getByText(byLink.number).first().waitFor()
  assert.equal(await phone.getByText('马先生').count(), 0, 'no name on the page')
  assert.equal(await phone.getByText('13912340001').count(), 0, 'no phone on the page')
  await phone.getByTestId('evaluate-satisfied').click()
  await phone.getByTestId('evaluate-submit').click()
  await phone.getByTestId('link-rated').filter({ hasText: '满意' }).waitFor()
  await phone.getByTestId('event-state-badge').filter({ hasText: '已关闭' }).first().waitFor()
  assert.equal(await phone.getByTestId('evaluate-submit').count(), 0, 'no second rating offered')
  assert.ok((await phone.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'nothing runs past a 360 px screen')
  await screenshot(phone, 'caller-rated-by-link')
  const token = link[1].slice(3)
  const second = await phone.request.post(`/api/v1/evaluation/${token}`, { data: { rating: 'unsatisfied', version: 99 } })
  assert.equal(second.status(), 409, 'the same link refuses a second rating')
  const rated = (await community.get(`/api/v1/events/${byLink.id}`)).body
  assert.equal(rated.state, 'closed')
  assert.equal(rated.evaluation, 'satisfied')

  // the callback: the queue lists the other resolved call; the operator records 满意
  const desk = await openPage(browser, server.baseURL)
  await loginStaff(desk, 'operator1')
  await desk.goto('/hotline')
  const item = desk.getByTestId('callback-item').filter({ hasText: byCallback.number })
  await item.waitFor()
  assert.equal(await desk.getByTestId('callback-item').filter({ hasText: byLink.number }).count(), 0, 'a rated call is not called back')
  await item.getByTestId('callback-reveal').click()
  await item.getByTestId('callback-phone').filter({ hasText: '13912340002' }).waitFor()
  await item.getByTestId('callback-rate-satisfied').click()
  await item.waitFor({ state: 'detached' })
  await screenshot(desk, 'operator-called-back')
  const called = (await community.get(`/api/v1/events/${byCallback.id}`)).body
  assert.equal(called.state, 'closed')
  assert.equal(called.evaluation, 'satisfied')
  const [entry] = await server.database.db
    .selectFrom('event_actions')
    .select(['actor_kind', 'actor_user_id'])
    .where('event_id', '=', byCallback.id)
    .where('action', '=', 'evaluate')
    .execute()
  assert.deepEqual(entry, { actor_kind: 'staff', actor_user_id: operator.me.id }, 'logged as the operator’s callback')

  assert.deepEqual([...admin.errors, ...phone.errors, ...desk.errors], [])
})
