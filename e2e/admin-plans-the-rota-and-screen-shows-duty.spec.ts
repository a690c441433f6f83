/**
 * 部门轮流入驻 (issue 19 item 5): an admin plans today's stationed departments in the admin console with
 * a reason (the week's history shows it); the leader's big screen names them on its duty strip, and
 * the 矛盾纠纷 panel takes its turn in the rotating slot beside the alerts, pausable, its title announced;
 * the city center's hall lists them too.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const TODAY = '2026-11-30' // the test server's clock: Monday 10:00 in Lanzhou

test('an admin plans the rota and the screen shows who is on duty today, with 矛盾纠纷 in the rotation', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const admin = await openPage(browser, server.baseURL)
  await loginStaff(admin, 'admin')
  await admin.goto('/admin?tab=rota')
  const editor = admin.getByTestId('rota-editor')
  await editor.getByTestId('rota-week').filter({ hasText: TODAY }).waitFor()

  const today = editor.getByTestId(`rota-day-${TODAY}`)
  await today.click()
  // typed, then the one option left picked with Enter, as a keyboard user does
  for (const [typed, name] of [
    ['城市管理', '兰州市城市管理局'],
    ['交通运输', '兰州市交通运输局'],
  ]) {
    await admin.keyboard.type(typed)
    await admin.locator('.ant-select-item-option-active', { hasText: name }).waitFor()
    await admin.keyboard.press('Enter')
  }
  await admin.keyboard.press('Escape')
  await editor.getByTestId('rota-reason').fill('本周信访高峰，城管和交通入驻')
  await editor.getByTestId('rota-save').click()
  const history = editor.getByTestId('rota-history')
  await history.getByText('本周信访高峰，城管和交通入驻', { exact: false }).waitFor()
  assert.match((await history.textContent()) ?? '', /新增：兰州市城市管理局、兰州市交通运输局/)
  await screenshot(admin, 'admin-rota')

  const saved = (await (await server.as('c-620100')).get(`/api/v1/rota/week?week=${TODAY}`)).body
  assert.equal(saved.version, 1)
  assert.deepEqual(saved.days[0].units.map((u: { name: string }) => u.name).sort(), ['兰州市交通运输局', '兰州市城市管理局'].sort())

  const leader = await openPage(browser, server.baseURL, { viewport: { width: 1920, height: 1080 } })
  await loginStaff(leader, 'leader')
  await leader.goto('/screen')
  const duty = leader.getByTestId('screen-duty')
  await duty.getByText('兰州市城市管理局').waitFor()
  await duty.getByText('兰州市交通运输局').waitFor()

  // one slot, its panels in turn: alerts first, then 矛盾纠纷 (picked here rather than waited for)
  const slot = leader.getByTestId('screen-rotating')
  assert.equal(await slot.getAttribute('data-panel'), 'alerts')
  assert.equal(await leader.getByTestId('screen-rotating-title').getAttribute('aria-live'), 'polite')
  await leader.getByTestId('screen-rotating-pick-mediation').click()
  await slot.getByTestId('screen-mediation').waitFor()
  assert.equal(await leader.getByTestId('screen-rotating-title').textContent(), '矛盾纠纷调解')
  await slot.getByTestId('screen-mediation-resolved').waitFor()
  const pause = leader.getByTestId('screen-rotating-pause')
  await pause.click()
  assert.equal(await pause.getAttribute('aria-pressed'), 'true')
  // the other panels keep their places: the alerts panel is gone from the page, not squeezed beside it
  assert.equal(await leader.getByTestId('screen-alerts').count(), 0)
  await screenshot(leader, 'screen-duty-and-mediation')

  // the city center's hall, from its workbench: today's stationed departments
  const center = await openPage(browser, server.baseURL)
  await loginStaff(center, 'c-620100')
  await center.goto('/workbench')
  await center.getByTestId('workbench-rota').click()
  const stationed = center.getByTestId('hall-stationed')
  await stationed.getByText('兰州市城市管理局').waitFor()
  await stationed.getByText('兰州市交通运输局').waitFor()

  assert.deepEqual(admin.errors, [])
  assert.deepEqual(leader.errors, [])
  assert.deepEqual(center.errors, [])
})
