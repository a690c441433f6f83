/**
 * A deployment with a tile server: the hotline desk's map draws its tiles under the areas, at a
 * closer zoom as the operator drills from the city into a district and a street, with the
 * provider's credit; a click on a community still places the call there. The tile server is
 * played by the browser's network layer (no network here): every tile request is answered with a
 * PNG and recorded.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { smallPng } from '../server/test/photo.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const XINGFULI = '620105007010' // 安宁区 刘家堡街道 幸福里社区
const TILES = 'https://tiles.xiaolan.test/{z}/{x}/{y}.png'

test('an operator picks a place on the map drawn over the deployment’s tiles', async (t) => {
  const server = await startServer(t, { MAP_TILE_URL: TILES, MAP_TILE_ATTRIBUTION: '© 示例测绘' })
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  const requested: string[] = []
  await page.context().route('https://tiles.xiaolan.test/**', (route) => {
    requested.push(new URL(route.request().url()).pathname)
    return route.fulfill({ status: 200, contentType: 'image/png', body: smallPng() })
  })
  const zoomOf = async () => {
    const hrefs = await page
      .getByTestId('map-tiles')
      .locator('image')
      .evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''))
    assert.ok(hrefs.length > 0, 'tiles are drawn')
    for (const href of hrefs) assert.match(href, /^https:\/\/tiles\.xiaolan\.test\/\d+\/\d+\/\d+\.png$/)
    const zooms = new Set(hrefs.map((h) => Number(new URL(h).pathname.split('/')[1])))
    assert.equal(zooms.size, 1)
    return [...zooms][0]
  }
  const drawn = async (n: number) => {
    // each tile drawn is fetched from the tile server
    await page.waitForFunction(
      (count) => performance.getEntriesByType('resource').filter((e) => e.name.includes('tiles.xiaolan.test')).length >= count,
      n,
    )
  }

  await loginStaff(page, 'operator1')
  await page.goto('/hotline')
  await page.getByTestId('map-unit-620105').waitFor()
  const city = await zoomOf()
  await drawn(await page.getByTestId('map-tiles').locator('image').count())
  assert.equal(await page.getByTestId('map-attribution').textContent(), '© 示例测绘')

  await page.getByTestId('map-unit-620105').click()
  await page.getByTestId('map-unit-620105007').waitFor()
  const district = await zoomOf()
  await page.getByTestId('map-unit-620105007').click()
  await page.getByTestId(`map-unit-${XINGFULI}`).waitFor()
  const street = await zoomOf()
  assert.ok(city < district && district < street, `zoom ${city} → ${district} → ${street}`)
  assert.ok(
    requested.some((p) => p.startsWith(`/${street}/`)),
    'the street’s tiles were fetched',
  )

  await page.getByTestId(`map-unit-${XINGFULI}`).click()
  await page.getByTestId('hotline-community').filter({ hasText: '幸福里社区' }).waitFor()
  await page.getByTestId('map-pin').waitFor()
  await screenshot(page, 'hotline-map-tiles')
  assert.deepEqual(page.errors, [])
})
