/**
 * A resident abroad (the phone set to New York) and a community worker on a laptop set to New York
 * read an event's times as China times: the day and hour it was reported in Lanzhou, not in the
 * browser's zone, on 我的, the resident's event page and the workbench.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, openPage, signInResidentByApi, signInStaffByApi, startServer } from './support.ts'

const ABROAD = { timezoneId: 'America/New_York' }

/** An instant as China's wall clock reads it (UTC+8, no daylight saving), computed apart from the web's code. */
function chinaClock(iso: string) {
  const t = new Date(Date.parse(iso) + 8 * 3600_000).toISOString()
  return {
    date: `${t.slice(0, 4)}/${t.slice(5, 7)}/${t.slice(8, 10)}`,
    minute: `${t.slice(0, 4)}/${t.slice(5, 7)}/${t.slice(8, 10)} ${t.slice(11, 16)}`,
  }
}

test('an event’s times are China times in a browser set to New York', async (t) => {
  const server = await startServer(t)
  // 10:00 in Lanzhou is 21:00 the evening before in New York
  server.clock.now = new Date('2026-11-30T02:00:00Z')
  const browser = await launchBrowser(t)
  const mine = await openPage(browser, server.baseURL, { mobile: true, ...ABROAD })
  const request = mine.context().request
  await signInResidentByApi(request, '13900000055', { name: '周小兰', idNumber: '11010519491231002X' })
  const { me } = (await (await request.get('/api/v1/session')).json()) as { me: { csrfToken: string } }
  const { seat } = (await server.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const res = await request.post('/api/v1/resident/events', {
    headers: { 'x-csrf-token': me.csrfToken },
    data: { category: 'sanitation.garbage', description: '楼道里的垃圾三天没人清运了', ...seat },
  })
  assert.equal(res.status(), 201)
  const event = (await res.json()) as { id: number; number: string; createdAt: string }
  const china = chinaClock(event.createdAt)
  assert.equal(china.minute, '2026/11/30 10:00')

  await mine.goto('/mine')
  // the browser really is in New York: its own reading of the instant is the evening before
  const local = await mine.evaluate((at) => [Intl.DateTimeFormat().resolvedOptions().timeZone, new Date(at).getDate()], event.createdAt)
  assert.deepEqual(local, ['America/New_York', 29])
  const row = mine.getByTestId('my-event-row').filter({ hasText: event.number })
  await row.getByText(china.date).waitFor()
  await mine.goto(`/events/${event.id}`)
  await mine.getByTestId('timeline-entry').first().getByText(china.minute).waitFor()

  const staff = await openPage(browser, server.baseURL, ABROAD)
  await signInStaffByApi(staff.context().request, `c-${XINGFULI}`)
  await staff.goto('/workbench?box=pending_sign')
  await staff.getByTestId('event-row').filter({ hasText: event.number }).getByText(china.minute).waitFor()
  assert.deepEqual([...mine.errors, ...staff.errors], [])
})
