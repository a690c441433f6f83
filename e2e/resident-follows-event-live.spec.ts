/**
 * A resident keeps 我的 and their event's page open in two tabs while the community works on the
 * event: each step (signed, resolved) shows on both without a reload, from the resident's own
 * change stream; another resident's event changing meanwhile changes nothing on their pages.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { APIRequestContext } from 'playwright-core'
import { applyAction, reportAtSeat, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, openPage, screenshot, signInResidentByApi, startServer } from './support.ts'

const PHONE = '13900000066'
const REAL_NAME = { name: '孙小兰', idNumber: '11010519491231002X' }

/** A report made with the browser context's own session (one sign-in: a second code within a minute is refused). */
async function reportAsContext(request: APIRequestContext, seat: { lat: number; lng: number }, description: string) {
  const { me } = (await (await request.get('/api/v1/session')).json()) as { me: { csrfToken: string } }
  const res = await request.post('/api/v1/resident/events', {
    headers: { 'x-csrf-token': me.csrfToken },
    data: { category: 'sanitation.garbage', description, ...seat },
  })
  assert.equal(res.status(), 201)
  return (await res.json()) as { id: number; number: string; version: number }
}

test('我的 and the event page show what the community does to the event without a reload', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const mine = await openPage(browser, server.baseURL, { mobile: true })
  const context = mine.context()
  await signInResidentByApi(context.request, PHONE, REAL_NAME)
  const { seat } = (await server.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  let event = await reportAsContext(context.request, seat, '楼道里的垃圾三天没人清运了')
  // another resident's event at the same community, changed too: nothing of it reaches this resident
  const other = await reportAtSeat(server, await server.resident('13900000067', REAL_NAME), XINGFULI, '小区门口的垃圾桶满了')

  await mine.goto('/mine')
  const row = mine.getByTestId('my-event-row').filter({ hasText: event.number })
  await row.getByTestId('event-state-badge').filter({ hasText: '待签收' }).waitFor()
  const detail = await context.newPage()
  detail.on('pageerror', (e) => mine.errors.push(String(e)))
  await detail.goto(`/events/${event.id}`)
  const badge = detail.getByTestId('event-state-badge').first()
  await badge.filter({ hasText: '待签收' }).waitFor()
  assert.equal(await detail.getByTestId('evaluate-submit').count(), 0)

  const community = await server.as(`c-${XINGFULI}`)
  await applyAction(community, other, { type: 'sign' })
  event = await applyAction(community, event, { type: 'sign' })
  await badge.filter({ hasText: '处置中' }).waitFor()
  await row.getByTestId('event-state-badge').filter({ hasText: '处置中' }).waitFor()
  await detail.getByTestId('timeline-entry').filter({ hasText: '签收' }).first().waitFor()

  event = await applyAction(community, event, { type: 'resolve', note: '已清运，楼道已打扫' })
  // the resident is asked to rate at once, on the page they were reading
  await badge.filter({ hasText: '已办结' }).waitFor()
  await detail.getByTestId('evaluate-submit').waitFor()
  await detail.getByText('已清运，楼道已打扫').waitFor()
  await row.getByTestId('event-state-badge').filter({ hasText: '已办结' }).waitFor()
  assert.equal(await mine.getByTestId('my-event-row').filter({ hasText: other.number }).count(), 0)
  await screenshot(detail, 'resident-event-live')
  assert.deepEqual(mine.errors, [])
})
