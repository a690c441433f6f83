/**
 * A resident follows their report to the end on a phone: reads the community's question in the
 * timeline, answers it, and rates the resolved event 基本满意 with a comment; the community sees
 * the answer, and the event is closed.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyAction, reportAtSeat, XINGFULI } from '../server/test/helper.ts'
import { seriousViolations } from './a11y.ts'
import { launchBrowser, openPage, screenshot, signInResident, startServer } from './support.ts'

const PHONE = '13900000099'

test('a resident answers the handling unit and rates the resolved event', async (t) => {
  const server = await startServer(t)
  const resident = await server.resident(PHONE, { name: '钱小兰', idNumber: '11010519491231002X' })
  let event = await reportAtSeat(server, resident, XINGFULI, '楼下垃圾桶满了没人清')
  const staff = await server.as(`c-${XINGFULI}`)
  for (const body of [
    { type: 'sign' },
    { type: 'comment', note: '内部：联系物业公司' },
    { type: 'comment', note: '请问是哪栋楼？', toReporter: true },
    { type: 'resolve', note: '已清运并加装垃圾桶' },
  ])
    event = await applyAction(staff, event, body)

  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { mobile: true })
  await page.goto('/mine')
  await signInResident(page, PHONE)
  await page.getByTestId('my-event-row').filter({ hasText: event.number }).click()

  // the unit's question is there, its internal note is not
  await page.getByTestId('timeline-entry').filter({ hasText: '请问是哪栋楼？' }).waitFor()
  assert.equal(await page.getByText('内部：联系物业公司').count(), 0)
  await page.getByTestId('message-text').fill('3号楼东侧')
  await page.getByTestId('message-send').click()
  await page.getByTestId('timeline-entry').filter({ hasText: '3号楼东侧' }).waitFor()

  assert.deepEqual(await seriousViolations(page), [])
  await page.getByTestId('evaluate-basically_satisfied').click()
  await page.getByTestId('evaluate-comment').fill('清运及时，希望保持')
  await page.getByTestId('evaluate-submit').click()
  await page.getByTestId('evaluation-done').filter({ hasText: '基本满意' }).waitFor()
  await page.getByTestId('event-state-badge').filter({ hasText: '已关闭' }).first().waitFor()
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360)
  await screenshot(page, 'resident-rated')

  const seen = (await staff.get(`/api/v1/events/${event.id}`)).body
  assert.equal(seen.state, 'closed')
  assert.equal(seen.evaluation, 'basically_satisfied')
  assert.ok(seen.timeline.some((e: { action: string; note: string }) => e.action === 'comment' && e.note === '3号楼东侧'))
  assert.deepEqual(page.errors, [])
})
