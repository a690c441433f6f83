/**
 * A grid worker on a 360×740 phone: three patrol check-ins this morning (by the API, twenty minutes
 * apart) are drawn on 巡查打卡's map as a route — numbered 1, 2, 3 in time order with their China
 * time, joined by one line, over the grid's outline; then from 网格待办 they open an event the
 * community sent to the grid and read its facts (the reporter masked) and its timeline, and go back.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyAction, residentReport, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const GRID = `${XINGFULI}001` // the community's first grid
const PHONE = '13900000077'
const clock = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

test('a grid worker sees today’s check-ins as a numbered route and opens an event’s timeline', async (t) => {
  const server = await startServer(t)
  const grid = (await server.anonymous.get(`/api/v1/orgs?code=${GRID}`)).body.items[0]
  const worker = await server.as(`g-${GRID}`)
  // three check-ins walking north-east from the grid's seat, twenty minutes apart
  const made: Array<{ id: number; at: string; lat: number; lng: number }> = []
  for (let i = 0; i < 3; i++) {
    if (i) server.clock.now = new Date(server.clock.now.getTime() + 20 * 60_000)
    const res = await worker.post('/api/v1/patrols', { lat: grid.seat.lat + i * 0.0004, lng: grid.seat.lng + i * 0.0006 })
    assert.equal(res.status, 201, JSON.stringify(res.body))
    made.push(res.body)
  }

  // an event the community sends to the grid
  const resident = await server.resident(PHONE, { name: '周小兰', idNumber: '11010519491231002X' })
  let event = await residentReport(resident, { category: 'sanitation.garbage', description: '楼道堆放杂物堵住消防通道', ...grid.seat })
  const community = await server.as(`c-${XINGFULI}`)
  event = await applyAction(community, event, { type: 'sign' })
  event = await applyAction(community, event, { type: 'dispatch', unitId: grid.id, note: '请网格员现场处理' })

  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { mobile: true })
  await loginStaff(page, `g-${GRID}`)
  await page.goto('/grid')
  await page.getByTestId('grid-tab-patrol').click()
  const route = page.getByTestId('patrol-route')
  const points = route.getByTestId('patrol-route-point')
  await points.nth(2).waitFor()
  assert.equal(await points.count(), 3)
  assert.match((await route.getAttribute('aria-label')) ?? '', /3 次打卡/)
  assert.equal(await route.locator('path').count(), 1, 'the grid’s outline under the route')
  // numbered in time order, each with its China time
  const drawn = await points.evaluateAll((gs) =>
    gs.map((g) => ({
      n: g.getAttribute('data-n'),
      at: g.getAttribute('data-at'),
      texts: [...g.querySelectorAll('text')].map((e) => e.textContent),
      x: Number(g.querySelector('circle')?.getAttribute('cx')),
      y: Number(g.querySelector('circle')?.getAttribute('cy')),
    })),
  )
  assert.deepEqual(
    drawn.map((d) => [d.n, d.at, ...d.texts]),
    made.map((m, i) => [String(i + 1), m.at, String(i + 1), clock.format(new Date(m.at))]),
  )
  // walking north-east: each later point further right and higher up on the map
  for (let i = 1; i < 3; i++) assert.ok(drawn[i].x > drawn[i - 1].x && drawn[i].y < drawn[i - 1].y, JSON.stringify(drawn))
  // one line through the points, in the same order
  const line = ((await route.getByTestId('patrol-route-line').getAttribute('points')) ?? '').split(' ').map((p) => p.split(',').map(Number))
  assert.equal(line.length, 3)
  for (const [i, [x, y]] of line.entries()) {
    assert.ok(Math.abs(x - drawn[i].x) < 0.2 && Math.abs(y - drawn[i].y) < 0.2, `line point ${i + 1}`)
  }
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'the map fits the phone')
  await screenshot(page, 'grid-patrol-route')

  // 网格待办 → the event in full: its facts and its timeline
  await page.getByTestId('grid-tab-open').click()
  await page.getByTestId('grid-event-row').filter({ hasText: event.number }).getByTestId('grid-event-open').click()
  const detail = page.getByTestId('grid-event')
  await detail.getByRole('heading', { name: event.title }).waitFor()
  await detail.getByRole('paragraph').filter({ hasText: '楼道堆放杂物堵住消防通道' }).waitFor()
  const steps = detail.getByTestId('grid-timeline-entry')
  await steps.filter({ hasText: '请网格员现场处理' }).waitFor()
  assert.deepEqual(
    await steps.evaluateAll((es) => es.map((e) => e.getAttribute('data-action'))),
    event.timeline.map((e: { action: string }) => e.action),
  )
  const dispatched = (await steps.last().textContent()) ?? ''
  assert.ok(dispatched.startsWith('派遣') && dispatched.includes(`→ ${grid.name}`), dispatched)
  const reporter = (await detail.getByTestId('grid-event-reporter').textContent()) ?? ''
  assert.ok(reporter.length > 0 && !reporter.includes(PHONE) && !reporter.includes('周小兰'), `the reporter is masked: ${reporter}`)
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'the detail fits the phone')
  await screenshot(page, 'grid-event-detail')
  await page.getByTestId('grid-event-back').click()
  await page.getByTestId('grid-event-row').filter({ hasText: event.number }).waitFor()
  assert.deepEqual(page.errors, [])
})
