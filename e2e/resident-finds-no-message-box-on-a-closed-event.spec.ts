/**
 * A resident opens their event once it is closed (rated, archived): the page says the matter is
 * finished and offers no message box to the handling unit any more; while it was open it did.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyAction, reportAtSeat, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, openPage, screenshot, signInResident, startServer } from './support.ts'

const PHONE = '13900000072'

test('a closed event offers the resident no message box', async (t) => {
  const server = await startServer(t)
  const resident = await server.resident(PHONE, { name: '钱小兰', idNumber: '11010519491231002X' })
  let event = await reportAtSeat(server, resident, XINGFULI, '小区门口垃圾桶坏了')
  const staff = await server.as(`c-${XINGFULI}`)
  for (const body of [{ type: 'sign' }, { type: 'resolve', note: '已更换垃圾桶' }]) event = await applyAction(staff, event, body)

  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { mobile: true })
  await page.goto('/mine')
  await signInResident(page, PHONE)
  await page.getByTestId('my-event-row').filter({ hasText: event.number }).click()
  // resolved, waiting for the rating: a message can still reach the unit
  await page.getByTestId('message-text').waitFor()
  await page.getByTestId('evaluate-satisfied').click()
  await page.getByTestId('evaluate-submit').click()
  await page.getByTestId('evaluation-done').waitFor()

  await page.getByTestId('messages-closed').filter({ hasText: '此事项已结束' }).waitFor()
  assert.equal(await page.getByTestId('message-text').count(), 0)
  assert.equal(await page.getByTestId('message-send').count(), 0)
  // and so after a reload
  await page.reload()
  await page.getByTestId('messages-closed').waitFor()
  assert.equal(await page.getByTestId('message-text').count(), 0)
  await screenshot(page, 'resident-closed-event')
  assert.equal((await resident.get(`/api/v1/events/${event.id}`)).body.state, 'closed')
  assert.deepEqual(page.errors, [])
})
