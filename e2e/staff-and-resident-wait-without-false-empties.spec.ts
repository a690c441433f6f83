/**
 * While a list's data is on its way, the page says it is loading: the workbench shows neither 0 on
 * its tabs nor 这里暂时没有事件, 我的 not 您还没有报过事, the admin's users not 暂无数据 — then the real rows and
 * counts. The API's answers are held in the browser until the spec lets them through.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page, Route } from 'playwright-core'
import { registerCall, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, openPage, signInResidentByApi, signInStaffByApi, startServer } from './support.ts'

/** Holds the answers to these API paths until `release()`; `held` resolves once each has been asked for. */
async function holdAnswers(page: Page, paths: string[]) {
  const routes: Route[] = []
  const asked = new Set<string>()
  let allAsked: () => void = () => {}
  const held = new Promise<void>((resolve) => {
    allAsked = resolve
  })
  let holding = true
  await page.route(
    (url) => paths.includes(url.pathname),
    (route) => {
      if (!holding) return void route.continue()
      routes.push(route)
      asked.add(new URL(route.request().url()).pathname)
      if (asked.size === paths.length) allAsked()
    },
  )
  return {
    held,
    async release() {
      holding = false
      for (const route of routes) await route.continue()
    },
  }
}

/** Nothing on the page says "none" or 0 while it waits; it says it is loading. */
async function assertLoadingOnly(page: Page, empties: string[]) {
  await page.getByRole('status').filter({ hasText: '加载中' }).first().waitFor()
  for (const text of empties) assert.equal(await page.getByText(text).count(), 0, `"${text}" before the data came`)
  assert.equal(await page.locator('.ant-empty').count(), 0, 'no empty state before the data came')
}

test('lists and counts wait for their data instead of saying there is none', async (t) => {
  const server = await startServer(t)
  const created = await registerCall(await server.as('operator1'), '楼下垃圾堆了三天')
  const browser = await launchBrowser(t)

  const workbench = await openPage(browser, server.baseURL)
  await signInStaffByApi(workbench.context().request, `c-${XINGFULI}`)
  const inbox = await holdAnswers(workbench, ['/api/v1/events/inbox', '/api/v1/events'])
  await workbench.goto('/workbench?box=pending_sign')
  await inbox.held
  await assertLoadingOnly(workbench, ['这里暂时没有事件'])
  await workbench.getByTestId('count-loading').first().waitFor()
  assert.equal(await workbench.locator('[data-testid^=inbox-count-]').count(), 0, 'no count before the counts came')
  await inbox.release()
  const counts = (await (await server.as(`c-${XINGFULI}`)).get('/api/v1/events/inbox')).body
  assert.ok(counts.pending_sign >= 1)
  await workbench.getByTestId('event-row').filter({ hasText: created.number }).waitFor()
  await workbench
    .getByTestId('inbox-count-pending_sign')
    .filter({ hasText: String(counts.pending_sign) })
    .waitFor()
  assert.equal(await workbench.getByTestId('count-loading').count(), 0)

  const mine = await openPage(browser, server.baseURL, { mobile: true })
  await signInResidentByApi(mine.context().request, '13900000044', { name: '吴小兰', idNumber: '11010519491231002X' })
  const list = await holdAnswers(mine, ['/api/v1/events'])
  await mine.goto('/mine')
  await list.held
  await assertLoadingOnly(mine, ['您还没有报过事'])
  await list.release()
  // this resident has reported nothing: now, and only now, the page says so
  await mine.getByText('您还没有报过事').waitFor()

  const admin = await openPage(browser, server.baseURL)
  await signInStaffByApi(admin.context().request, 'admin')
  await admin.goto('/admin')
  const users = await holdAnswers(admin, ['/api/v1/admin/users'])
  await admin.getByTestId('admin-tab-users').click()
  await users.held
  await assertLoadingOnly(admin, ['暂无数据'])
  await users.release()
  await admin.locator('.ant-table-row').first().waitFor()
  assert.deepEqual([...workbench.errors, ...mine.errors, ...admin.errors], [])
})
