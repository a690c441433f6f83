/**
 * A tab left open across an upgrade: once the server answers with another build than the page's,
 * or a part of the app can no longer be loaded (its build's chunks are gone), the page says so
 * without blocking and offers to reload; while both agree it says nothing.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, openPage, screenshot, startServer } from './support.ts'

test('an open tab is told when the server runs a newer build', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  const notice = page.getByTestId('new-version-reload')

  await page.goto('/public')
  await page.getByTestId('nav-public').waitFor()
  const own = await page.locator('meta[name="xiaolan-build"]').getAttribute('content')
  assert.ok(own, 'the built page names its build')
  const served = await page.evaluate(async () => (await fetch('/api/v1/session')).headers.get('x-xiaolan-build'))
  assert.equal(served, own, 'the server serves the page’s build')
  await page.getByTestId('nav-track').click()
  await page.getByTestId('nav-public').click()
  assert.equal(await notice.count(), 0, 'same build: no notice')

  // the server is upgraded under the open tab: its answers name another build
  await page.route('**/api/v1/**', async (route) => {
    const response = await route.fetch()
    await route.fulfill({ response, headers: { ...response.headers(), 'x-xiaolan-build': 'a-newer-build' } })
  })
  await page.getByTestId('nav-track').click()
  await page.getByTestId('nav-public').click()
  await page.getByText('小兰已更新').waitFor()
  await notice.waitFor()
  // not blocking: the page goes on working under the notice
  await page.getByTestId('nav-track').click()
  await page.getByTestId('track-number').waitFor()
  await screenshot(page, 'new-version-notice')
  assert.deepEqual(page.errors, [])
})

test('a part of the app whose chunk is gone offers the reload instead of failing', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await page.goto('/')
  await page.getByTestId('nav-public').waitFor()
  // the previous build's chunks were removed by a later upgrade
  await page.route('**/assets/PublicKpiPage-*.js', (route) => route.fulfill({ status: 404, body: '' }))
  await page.evaluate(() => {
    history.pushState({}, '', '/public/kpi')
    dispatchEvent(new PopStateEvent('popstate'))
  })
  await page.getByTestId('area-missing').getByText('服务器已换用新版本').waitFor()
  // and the notice, as for a newer build
  await page.getByTestId('new-version-reload').waitFor()
})
