/**
 * A community's workbench as calls keep coming in: on the first page a new event slides in at the
 * top live; once the staff member has opened more pages, a change no longer cuts the list back to
 * one page — the counts move, a notice offers to refresh, and refreshing shows the newest first.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { registerCall, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

test('a center keeps the pages it opened when events arrive, and refreshes when it chooses', async (t) => {
  const server = await startServer(t)
  const operator = await server.as('operator1')
  const call = (i: number): Promise<{ number: string }> => registerCall(operator, `幸福里第${i}号楼垃圾没人清运`)
  for (let i = 1; i <= 22; i++) await call(i)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, `c-${XINGFULI}`)
  await page.goto('/workbench')
  const rows = page.getByTestId('event-row')
  const count = page.getByTestId('inbox-tab-pending_sign')
  await count.filter({ hasText: '22' }).waitFor()
  assert.equal(await rows.count(), 20)

  // on the first page new calls appear at the top without a reload, each announced, even when they
  // arrive together
  const [one, two] = await Promise.all([call(23), call(24)])
  const fresh = one.number > two.number ? one : two
  await rows.first().filter({ hasText: fresh.number }).waitFor()
  await count.filter({ hasText: '24' }).waitFor()
  for (const e of [one, two]) await page.getByText(`新事件 ${e.number} 已到达本单位`).waitFor()
  assert.equal(await rows.count(), 20)

  // with a second page open, the next call moves the count and offers a refresh instead
  await page.getByTestId('load-more').click()
  await rows.nth(23).waitFor()
  const later = await call(25)
  await page.getByTestId('refresh-list').waitFor()
  await count.filter({ hasText: '25' }).waitFor()
  assert.equal(await rows.count(), 24, 'the opened pages stay')
  await screenshot(page, 'workbench-list-changed')

  await page.getByTestId('refresh-list').click()
  await rows.first().filter({ hasText: later.number }).waitFor()
  assert.equal(await rows.count(), 20)
  assert.equal(await page.getByTestId('refresh-list').count(), 0)
  assert.deepEqual(page.errors, [])
})
