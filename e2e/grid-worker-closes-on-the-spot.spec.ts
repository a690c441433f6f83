/**
 * A grid worker, on a 360 px phone with the position granted, collects a garbage event with a
 * photo at where they stand, closes it on the spot with the result and a result photo, sees it
 * among the grid's events as resolved; signs and resolves (with a photo) an event the community sent
 * to the grid; and checks in on patrol.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Locator } from 'playwright-core'
import { applyAction, residentReport } from '../server/test/helper.ts'
import { smallPng } from '../server/test/photo.ts'
import { seriousViolations } from './a11y.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const GRID = '620105007010001' // 幸福里社区第1网格

test('a grid worker closes an event on the spot and checks in on patrol', async (t) => {
  const server = await startServer(t)
  const seat = (await server.anonymous.get(`/api/v1/orgs?code=${GRID}`)).body.items[0].seat as { lat: number; lng: number }
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, {
    mobile: true,
    geolocation: { latitude: seat.lat, longitude: seat.lng },
    permissions: ['geolocation'],
  })
  await loginStaff(page, `g-${GRID}`)
  await page.goto('/grid')

  await page.getByTestId('report-category').fill('垃圾')
  await page.getByTestId('category-option').filter({ hasText: '垃圾' }).first().click()
  await page.getByTestId('grid-description').fill('3号楼旁散落生活垃圾')
  // a photo chosen in `input`, waited for until its upload is stored
  const attach = async (input: Locator, name: string) => {
    const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/v1/attachments') && r.status() === 201)
    await input.setInputFiles({ name, mimeType: 'image/png', buffer: smallPng() })
    await uploaded
  }
  await attach(page.getByTestId('grid-photos'), 'before.png')
  await page.getByTestId('grid-locate').click()
  await page.getByTestId('place-chosen').waitFor()
  await page.getByTestId('grid-on-spot').click()
  await page.getByTestId('grid-result-note').fill('已现场清理干净')
  await attach(page.getByTestId('grid-result-photos'), 'after.png')
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360)
  await screenshot(page, 'grid-collect')
  assert.deepEqual(await seriousViolations(page), [])
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/events') && r.request().method() === 'POST')
  await page.getByTestId('grid-submit').click()
  const event = await (await created).json()
  assert.equal(event.state, 'resolved')
  assert.deepEqual(
    event.timeline.map((e: { action: string }) => e.action),
    ['submit', 'route', 'sign', 'resolve'],
  )
  assert.deepEqual(
    event.photos.map((p: { kind: string }) => p.kind),
    ['report', 'result'],
  )

  await page.getByTestId('grid-event-row').filter({ hasText: event.number }).filter({ hasText: '已办结' }).waitFor()
  await screenshot(page, 'grid-open-events')

  // an event the community sends to the grid: signed and resolved with a result photo in /grid
  const resident = await server.resident('13900000066', { name: '周小兰', idNumber: '11010519491231002X' })
  let sent = await residentReport(resident, { category: 'sanitation.garbage', description: '楼道堆放杂物', ...seat })
  const community = await server.as('c-620105007010')
  const gridId = (await server.anonymous.get(`/api/v1/orgs?code=${GRID}`)).body.items[0].id
  for (const body of [{ type: 'sign' }, { type: 'dispatch', unitId: gridId, note: '请网格员现场处理' }]) {
    sent = await applyAction(community, sent, body)
  }
  assert.equal(sent.currentUnit.code, GRID)
  await page.getByTestId('grid-tab-collect').click()
  await page.getByTestId('grid-tab-open').click()
  const row = page.getByTestId('grid-event-row').filter({ hasText: sent.number })
  await row.getByTestId('grid-sign').click()
  await row.getByTestId('grid-resolve').click()
  await row.getByTestId('grid-resolve-note').fill('已清理楼道杂物')
  await attach(row.getByTestId('grid-resolve-photos'), 'cleared.png')
  await row.getByTestId('grid-resolve-confirm').click()
  await page.getByTestId('grid-event-row').filter({ hasText: sent.number }).filter({ hasText: '已办结' }).waitFor()
  const resolved = (await resident.get(`/api/v1/events/${sent.id}`)).body
  assert.deepEqual(
    resolved.photos.map((p: { kind: string }) => p.kind),
    ['result'],
  )

  await page.getByTestId('grid-tab-patrol').click()
  await page.getByTestId('patrol-check-in').click()
  await page.getByTestId('patrol-row').filter({ hasText: '幸福里社区第1网格' }).waitFor()
  await screenshot(page, 'grid-patrol')
  await page.getByTestId('language-switch').click()
  await page.getByText('Today’s patrol').waitFor()
  await page.getByTestId('grid-tab-collect').click()
  await page.getByText('Closed on the spot (already handled)').waitFor()
  await screenshot(page, 'grid-collect-en')
  assert.deepEqual(page.errors, [])
})
