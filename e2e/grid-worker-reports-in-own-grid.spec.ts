/**
 * A grid worker of another community than 幸福里社区 collects an event: the place search offers only
 * their community's places (幸福里小区 finds nothing), a place of their community outside their grid
 * is said to be refused before it is sent, and a look at 网格待办 in between keeps the half-filled
 * report; a place in their grid is reported.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

interface Unit {
  id: number
  code: string
  name: string
}

test('a grid worker is offered only the places of their community and reports in their own grid', async (t) => {
  const server = await startServer(t)
  const grids = (await server.anonymous.get('/api/v1/orgs?level=5&kind=grid')).body.items as Array<Unit & { parentId: number }>
  const communities = new Map(((await server.anonymous.get('/api/v1/orgs?level=4&kind=center')).body.items as Unit[]).map((c) => [c.id, c]))
  const xingfuli = (await server.anonymous.get(`/api/v1/orgs/${XINGFULI}`)).body as Unit
  const xingfuliPlace = (
    await server.anonymous.get(`/api/v1/orgs/places?q=${encodeURIComponent(xingfuli.name.replace(/社区$/, ''))}`)
  ).body.items.find((m: { kind: string; community: { code: string } }) => m.kind === 'compound' && m.community.code === XINGFULI)
  assert.ok(xingfuliPlace, '幸福里社区 has a compound')
  const gridAt = async (p: { lat: number; lng: number }) =>
    ((await server.anonymous.get(`/api/v1/orgs/locate?lat=${p.lat}&lng=${p.lng}`)).body.grid?.code as string | undefined) ?? null

  // a compound of another community lying in one of its grids (the worker's), and a place of the same community in another grid
  const places = await server.database.db
    .selectFrom('places')
    .select(['community_id', 'name', 'kind', 'lat', 'lng'])
    .orderBy('id')
    .execute()
  let chosen: { grid: Unit; inside: string; outside: string } | undefined
  for (const community of communities.values()) {
    if (community.code === XINGFULI || chosen) continue
    const own = places.filter((p) => p.community_id === community.id)
    const located = await Promise.all(own.map(async (p) => ({ p, grid: await gridAt(p) })))
    const inside = located.find((l) => l.p.kind === 'compound' && l.grid)
    const outside = located.find((l) => inside && l.grid && l.grid !== inside.grid)
    const grid = grids.find((g) => g.code === inside?.grid)
    if (inside && outside && grid) chosen = { grid, inside: inside.p.name, outside: outside.p.name }
  }
  assert.ok(chosen, 'a community with places in two of its grids')
  const { grid, inside, outside } = chosen

  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { mobile: true })
  await loginStaff(page, `g-${grid.code}`)
  await page.goto('/grid')
  await page.getByTestId('report-category').fill('垃圾')
  await page.getByTestId('category-option').filter({ hasText: '垃圾' }).first().click()
  await page.getByTestId('grid-description').fill('路口散落生活垃圾')

  const search = page.locator('[data-testid="grid-map-search"] input, input[data-testid="grid-map-search"]').first()
  // 幸福里社区's place is not theirs to report: not offered
  await search.fill(xingfuliPlace.name)
  await page.getByText('没有找到这个地点').waitFor()
  assert.equal(await page.getByTestId('place-match').count(), 0)
  await screenshot(page, 'grid-own-places-only')
  await page.keyboard.press('Escape')

  // a place of their community in another grid: offered, and said to be refused before it is sent
  await search.fill(outside)
  await page.getByTestId('place-match').filter({ hasText: outside }).first().click()
  await page.getByTestId('grid-outside').waitFor()

  // a look at 网格待办 keeps the half-filled report
  await page.getByTestId('grid-tab-open').click()
  await page.getByTestId('grid-tab-collect').click()
  assert.equal(await page.getByTestId('grid-description').inputValue(), '路口散落生活垃圾')
  await page.getByTestId('place-chosen').filter({ hasText: outside }).waitFor()

  // a place in their own grid: no warning, and reported
  await search.fill(inside)
  await page.getByTestId('place-match').filter({ hasText: inside }).first().click()
  await page.getByTestId('place-chosen').filter({ hasText: inside }).waitFor()
  await page.getByTestId('grid-outside').waitFor({ state: 'detached' })
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/events') && r.request().method() === 'POST')
  await page.getByTestId('grid-submit').click()
  const res = await created
  assert.equal(res.status(), 201, await res.text())
  assert.deepEqual(page.errors, [])
})
