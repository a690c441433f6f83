/**
 * 隐患联排 through the UI (issue 20 item 2): a street center launches a gas safety sweep in the
 * workbench; a grid worker on a 360 px phone checks two of their grid's targets — one passes, one
 * fails two items with a note and a photo — and the failed one becomes one event routed to the
 * community; the street's sweep page, the KPI tab and the big screen's 隐患联排 panel show the progress.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { smallPng } from '../server/test/photo.ts'
import { seriousViolations } from './a11y.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const STREET = '620105007' // 刘家堡街道
const COMMUNITY = '620105007010' // 幸福里社区
const GRID = `${COMMUNITY}002`

test('a street launches a sweep, a grid worker checks its targets on the phone, the failed one is routed', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)

  const desk = await openPage(browser, server.baseURL)
  await loginStaff(desk, `c-${STREET}`)
  await desk.goto('/workbench')
  await desk.getByTestId('workbench-sweeps').click()
  await desk.getByTestId('sweep-launch').click()
  await desk.getByTestId('sweep-title').fill('供暖季前燃气安全联排')
  await desk.getByTestId('sweep-items').fill('燃气管道无私接改装\n燃气报警器正常\n软管未老化')
  await desk.getByTestId('sweep-deadline').fill('2026-12-20')
  const launched = desk.waitForResponse((r) => r.url().endsWith('/api/v1/sweeps') && r.request().method() === 'POST')
  await desk.getByTestId('sweep-launch-submit').click()
  const sweep = await (await launched).json()
  assert.ok(sweep.totals.targets > 0, JSON.stringify(sweep))
  await desk.getByTestId('sweep-detail').waitFor()
  await desk.getByTestId('sweep-progress-communities').getByText('幸福里社区').waitFor()
  assert.deepEqual(await seriousViolations(desk), [])

  const phone = await openPage(browser, server.baseURL, { mobile: true })
  await loginStaff(phone, `g-${GRID}`)
  await phone.goto('/grid')
  await phone.getByTestId('grid-tab-sweeps').click()
  await phone.getByTestId('grid-sweeps').getByText('供暖季前燃气安全联排').waitFor()
  const targets = phone.getByTestId(/^sweep-target-\d+$/)
  await targets.first().waitFor()
  const first = targets.nth(0)
  const second = targets.nth(1)
  const secondName = ((await second.locator('.ant-list-item-meta-title').textContent()) ?? '').split(' ')[0]

  // the first passes every item
  await first.getByTestId('sweep-target-check').click()
  for (const i of [0, 1, 2]) await phone.getByTestId(`sweep-item-${i}-pass`).click()
  const passed = phone.waitForResponse((r) => r.url().endsWith('/check'))
  await phone.getByTestId('sweep-check-submit').click()
  assert.equal((await (await passed).json()).state, 'passed')

  // the second fails two items, one with a note and a photo of the hazard
  await phone.getByTestId('grid-sweeps').waitFor()
  await targets.nth(1).getByTestId('sweep-target-check').click()
  await phone.getByTestId('sweep-item-0-fail').click()
  await phone.getByTestId('sweep-item-0-note').fill('灶具软管私接三通')
  const uploaded = phone.waitForResponse((r) => r.url().endsWith('/api/v1/attachments') && r.status() === 201)
  await phone.getByTestId('sweep-item-0-photos').setInputFiles({ name: 'hose.png', mimeType: 'image/png', buffer: smallPng() })
  await uploaded
  await phone.getByTestId('sweep-item-1-pass').click()
  await phone.getByTestId('sweep-item-2-fail').click()
  assert.ok((await phone.evaluate(() => document.documentElement.scrollWidth)) <= 360)
  assert.deepEqual(await seriousViolations(phone), [])
  await screenshot(phone, 'grid-sweep-check')
  const failed = phone.waitForResponse((r) => r.url().endsWith('/check'))
  await phone.getByTestId('sweep-check-submit').click()
  const target = await (await failed).json()
  assert.equal(target.state, 'failed')
  assert.ok(target.event?.number)
  await phone.getByTestId('sweep-target-event').filter({ hasText: target.event.number }).waitFor()

  // the event: one, from the grid channel, routed to the community, listing the failed items with the photo
  const community = await server.as(`c-${COMMUNITY}`)
  const event = (await community.get(`/api/v1/events/${target.event.id}`)).body
  assert.equal(event.channel, 'grid')
  assert.equal(event.state, 'assigned')
  assert.equal(event.currentUnit.code, COMMUNITY)
  assert.match(event.title, new RegExp(secondName))
  assert.match(event.description, /燃气管道无私接改装（灶具软管私接三通）/)
  assert.match(event.description, /软管未老化/)
  assert.doesNotMatch(event.description, /燃气报警器正常/)
  assert.equal(event.photos.length, 1)
  // and it is in the community's workbench inbox
  const inbox = await openPage(browser, server.baseURL)
  await loginStaff(inbox, `c-${COMMUNITY}`)
  await inbox.goto('/workbench')
  await inbox.getByText(event.number).waitFor()

  // the progress: the street's sweep page and the KPI tab
  await desk.reload()
  await desk.getByTestId('sweep-totals').filter({ hasText: '已检查 2 个，不合格 1 个（2 项）' }).waitFor()
  // the failed target links its event, which opens in the workbench's drawer
  await desk.getByTestId('sweep-failed-targets').getByRole('link', { name: event.number }).click()
  await desk.waitForURL((url) => url.pathname === '/workbench' && url.searchParams.get('event') === String(event.id))
  await desk.getByRole('dialog').getByText(event.number).first().waitFor()
  await desk.goBack()
  await screenshot(desk, 'workbench-sweep-progress')
  await desk.goto('/kpi')
  await desk.getByRole('tab', { name: '隐患联排' }).click()
  await desk.getByTestId('kpi-sweeps').getByText('已检查 2 个，不合格 1 个（2 项）').waitFor()
  // the big screen: the 隐患联排 panel takes its turn in the rotating slot (picked here rather than waited for)
  const leader = await openPage(browser, server.baseURL)
  await loginStaff(leader, 'leader')
  await leader.goto('/screen')
  await leader.getByTestId('screen-rotating-pick-sweeps').click()
  assert.equal(await leader.getByTestId('screen-rotating-title').textContent(), '隐患联排')
  await leader
    .getByTestId('screen-sweep')
    .filter({ hasText: '供暖季前燃气安全联排' })
    .filter({ hasText: `已查 2/${sweep.totals.targets} · 隐患 1` })
    .waitFor()
  await screenshot(leader, 'screen-sweeps-panel')
  assert.deepEqual([...desk.errors, ...phone.errors, ...inbox.errors, ...leader.errors], [])
})
