/**
 * A resident urges (催办) a slow event on a phone: after the press the button says, in China time,
 * when it may be pressed again (a day after the last press) and cannot be pressed before — also
 * after a reload, and in English; a second press the same day is refused with the once-a-day rule.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { reportAtSeat, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, openPage, screenshot, signInResident, startServer } from './support.ts'

const PHONE = '13900000071'
const clock = (instant: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(instant),
  )

test('a resident presses once and the button says when the next press is possible', async (t) => {
  const server = await startServer(t)
  // the server's clock at the browser's: the button compares the next press with the browser's now
  server.clock.now = new Date()
  const resident = await server.resident(PHONE, { name: '钱小兰', idNumber: '11010519491231002X' })
  const event = await reportAtSeat(server, resident, XINGFULI, '楼道灯坏了一个星期没人修')

  const browser = await launchBrowser(t)
  // a browser far from China: the time on the button is still China's
  const page = await openPage(browser, server.baseURL, { mobile: true, timezoneId: 'America/New_York' })
  await page.goto('/mine')
  await signInResident(page, PHONE)
  await page.getByTestId('my-event-row').filter({ hasText: event.number }).click()
  const press = page.getByTestId('press')
  await press.waitFor()
  assert.ok(await press.isEnabled(), 'never pressed: the button can be pressed')
  await press.click()
  await page.getByText('已催办').waitFor()

  const pressed = (await resident.get(`/api/v1/events/${event.id}`)).body
  assert.equal(pressed.pressCount, 1)
  const again = `明天 ${clock(pressed.nextPressAt)} 后可再催办`
  await press.filter({ hasText: again }).waitFor()
  assert.ok(await press.isDisabled(), 'no second press today')
  await screenshot(page, 'resident-pressed')

  // the same after a reload: the time comes from the event's last press
  await page.reload()
  await press.filter({ hasText: again }).waitFor()
  assert.ok(await press.isDisabled())
  await page.getByTestId('language-switch').click()
  await press.filter({ hasText: `Urge again after ${clock(pressed.nextPressAt)} tomorrow` }).waitFor()

  // another device presses again the same day: refused, with the rule and the moment in its details
  const second = await resident.post(`/api/v1/events/${event.id}/actions`, { type: 'press', version: pressed.version })
  assert.equal(second.status, 429)
  assert.equal(second.body.error.code, 'press_too_soon')
  assert.equal(second.body.error.details.nextPressAt, pressed.nextPressAt)
  assert.deepEqual(page.errors, [])
})
