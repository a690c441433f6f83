/**
 * Maps that look like maps: the big screen draws the districts' own outlines (as many corners as
 * the org geometry has, not rectangles) filling its panel, with labels that do not run into each
 * other (measured in the page) and colours that follow the figure chosen; a community's screen
 * labels its grids the same way; the workbench drawer shows the event's community inside its
 * street and district, with the pin.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { registerCall, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

type Box = { text: string; left: number; top: number; right: number; bottom: number }

/** The screen map's labels as the page lays them out. */
const labelBoxes = (page: Page) =>
  page
    .getByTestId('screen-map')
    .getByTestId('map-label')
    .evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect()
        return { text: e.textContent ?? '', left: r.left, top: r.top, right: r.right, bottom: r.bottom }
      }),
    )

function assertApart(boxes: Box[]) {
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
      assert.ok(!overlap, `labels “${a.text}” and “${b.text}” overlap`)
    }
  }
}

/** Distinct corners of a geometry's outer rings, as the API sends it. */
function cornersOf(geometry: { type: string; coordinates: number[][][] | number[][][][] }): number {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as number[][][][]
  return polygons.reduce((n, rings) => n + new Set(rings[0].map((c) => c.join(','))).size, 0)
}

const fills = (page: Page) =>
  page
    .getByTestId('screen-map')
    .locator('path[data-testid^="map-area-"]')
    .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-testid'), e.getAttribute('fill')])))

test('the leader’s screen draws the districts’ outlines with labels apart, coloured by the chosen figure; the drawer shows the event’s surroundings', async (t) => {
  const server = await startServer(t)
  const operator = await server.as('operator1')
  const created = await registerCall(operator, '小区门口垃圾堆了三天没人清运')
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL, { viewport: { width: 1920, height: 1080 } })
  await loginStaff(page, 'leader')
  await page.goto('/screen')

  const districts = (await server.anonymous.get('/api/v1/orgs?level=2&kind=center&geometry=true')).body.items as Array<{
    code: string
    name: string
    geometry: Parameters<typeof cornersOf>[0]
  }>
  const map = page.getByTestId('screen-map')
  await map.locator(`[data-testid="map-area-${districts[0].code}"]`).waitFor()

  // every district is drawn, with the corners its outline has (five or more once they are real)
  for (const d of districts) {
    const path = (await map.getByTestId(`map-area-${d.code}`).getAttribute('d')) ?? ''
    const drawn = path.match(/[ML]/g)?.length ?? 0
    assert.ok(drawn >= Math.min(5, cornersOf(d.geometry)), `${d.name}: ${drawn} corners drawn of ${cornersOf(d.geometry)}`)
  }
  assert.ok(
    districts.some((d) => cornersOf(d.geometry) > 4),
    'the demo city’s districts have real outlines',
  )

  // the map fills its panel: the drawn areas span most of the panel's width or height
  const panel = await map.evaluate((svg) => {
    const own = svg.getBoundingClientRect()
    const areas = [...svg.querySelectorAll('path[data-testid^="map-area-"]')].map((p) => p.getBoundingClientRect())
    const [l, r, t, b] = [
      Math.min(...areas.map((a) => a.left)),
      Math.max(...areas.map((a) => a.right)),
      Math.min(...areas.map((a) => a.top)),
      Math.max(...areas.map((a) => a.bottom)),
    ]
    return { width: own.width, height: own.height, drawnWidth: r - l, drawnHeight: b - t }
  })
  assert.ok(
    panel.drawnWidth > 0.9 * panel.width || panel.drawnHeight > 0.9 * panel.height,
    `drawn ${panel.drawnWidth}×${panel.drawnHeight} in ${panel.width}×${panel.height}`,
  )

  // labels: every district named where there is room, none running into another (西固区 and 安宁区 did)
  const labels = await labelBoxes(page)
  assert.ok(labels.length >= districts.length - 1, `${labels.length} labels for ${districts.length} districts`)
  for (const name of ['西固区', '安宁区'])
    assert.ok(
      labels.some((l) => l.text.startsWith(name)),
      `${name} is labelled`,
    )
  assertApart(labels)

  // colours follow the figure: new events light 安宁区; nothing is overdue yet, so that figure is all dark
  const byCreated = await fills(page)
  await page.getByTestId('map-figure-overdue').click()
  await page.locator('[data-testid="screen-map"][data-figure="overdue"]').waitFor()
  const byOverdue = await fills(page)
  assert.notDeepEqual(byOverdue, byCreated, 'the colours change with the figure')
  assert.equal(new Set(Object.values(byOverdue)).size, 1, 'no overdue events: one colour')
  assert.match((await page.getByTestId('map-legend').textContent()) ?? '', /超期事件/)
  // satisfaction: nobody has evaluated yet, so every area shows 'no data' and its label a dash
  await page.getByTestId('map-figure-satisfaction').click()
  await page.locator('[data-testid="screen-map"][data-figure="satisfaction"]').waitFor()
  assert.match((await page.getByTestId('map-legend').textContent()) ?? '', /满意率.*暂无评价/)
  assert.ok((await labelBoxes(page)).every((l) => l.text.endsWith('—')))
  assertApart(await labelBoxes(page))
  await page.getByTestId('map-figure-created').click()
  await page.locator('[data-testid="screen-map"][data-figure="created"]').waitFor()
  assert.match((await page.getByTestId('map-legend').textContent()) ?? '', /新增事件/)
  await screenshot(page, 'screen-real-map-1920x1080')

  // a community's screen labels its grids the same way
  await page.goto(`/screen?scope=${XINGFULI}`)
  await page.getByTestId('screen-map').getByTestId('map-label').first().waitFor()
  const grids = await labelBoxes(page)
  assert.ok(grids.length >= 2, `${grids.length} grid labels`)
  assertApart(grids)
  await screenshot(page, 'screen-real-map-community')

  // the drawer: the community filled inside its street and district, and the pin
  const center = await openPage(browser, server.baseURL)
  await loginStaff(center, `c-${XINGFULI}`)
  await center.goto('/workbench')
  await center.getByTestId('event-row').filter({ hasText: created.number }).click()
  const drawerMap = center.getByTestId('event-drawer').getByTestId('area-map')
  for (const part of ['district', 'street', 'community', 'pin']) await drawerMap.getByTestId(`area-map-${part}`).waitFor()
  for (const part of ['district', 'street', 'community']) {
    const d = (await drawerMap.getByTestId(`area-map-${part}`).getAttribute('d')) ?? ''
    assert.ok((d.match(/[ML]/g)?.length ?? 0) >= 4, `the ${part}'s outline is drawn`)
  }
  await center.getByTestId('event-drawer').screenshot({ path: new URL('./artifacts/workbench-drawer-map.png', import.meta.url).pathname })
  assert.deepEqual(page.errors, [])
  assert.deepEqual(center.errors, [])
})
