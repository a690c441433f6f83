/**
 * The grid app opens without a network (issue 20 item 3): a grid worker loads /grid once — its
 * service worker keeps the shell — then the server stops; a reload renders the shell from the
 * cache and says it is offline; the server back, 重新连接 brings the app. The worker is the grid
 * pages' only: another page of the app is not controlled by it.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { seriousViolations } from './a11y.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const GRID = '620105007010002'

test('the grid pages load from the cache with the server stopped and say they are offline', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const phone = await openPage(browser, server.baseURL, { mobile: true })
  await loginStaff(phone, `g-${GRID}`)
  await phone.goto('/grid')
  await phone.getByTestId('grid-tab-collect').waitFor()
  // the manifest is linked and the worker keeps the shell
  await phone.getByTestId('grid-offline-ready').waitFor()
  const manifest = await phone.evaluate(async () => {
    const href = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href
    return href ? (await fetch(href)).json() : null
  })
  assert.equal(manifest?.start_url, '/grid')
  assert.match(manifest?.name ?? '', /网格员/)

  // the server stops: nothing answers on its port
  const http = server.app.server
  const port = (http.address() as { port: number }).port
  http.closeAllConnections()
  await new Promise<void>((resolve) => http.close(() => resolve()))
  await phone.reload()
  await phone.getByTestId('grid-offline').getByText('当前离线').waitFor()
  assert.deepEqual(await seriousViolations(phone), [])
  await screenshot(phone, 'grid-offline-shell')

  // the server back: the app comes back on 重新连接
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', () => resolve()))
  await phone.getByTestId('grid-offline-retry').click()
  await phone.getByTestId('grid-tab-collect').waitFor()

  // no other page goes through the grid's worker
  await phone.goto('/workbench')
  assert.equal(await phone.evaluate(() => navigator.serviceWorker.controller), null)
  // the refused connections and the live stream cut while the server was down are the spec's
  assert.deepEqual(
    phone.errors.filter((e) => !/net::ERR_(CONNECTION_REFUSED|INCOMPLETE_CHUNKED_ENCODING|FAILED)/.test(e)),
    [],
  )
})
