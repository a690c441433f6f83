/**
 * A community center opens a resident's report in the workbench drawer and finds, under 可能重复,
 * the 12345 call about the same pile 40 m away (its number, title, distance and score); 并入该事项
 * folds the report into it, and the resident who reported it now follows the survivor (我关注的).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { registerCall, reportAtSeat, XINGFULI } from '../server/test/helper.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const M = 1 / 111_320 // degrees of latitude per metre

test('a center merges a possible duplicate from the drawer and its reporter follows the survivor', async (t) => {
  const server = await startServer(t)
  const operator = await server.as('operator1')
  const { seat } = (await server.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const survivor = await registerCall(operator, '幸福里小区北门垃圾堆了好几天没人来收，臭得很', { lat: seat.lat + 40 * M, lng: seat.lng })
  const resident = await server.resident('13900006666', { name: '孙红梅', idNumber: '11010519491231002X' })
  const report = await reportAtSeat(server, resident, XINGFULI, '北门那边的垃圾好几天都没人来收了')

  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, `c-${XINGFULI}`)
  await page.goto('/workbench')
  await page.getByTestId('event-row').filter({ hasText: report.number }).click()
  const offered = page.getByTestId('event-duplicates').getByTestId('event-duplicate').filter({ hasText: survivor.number })
  await offered.waitFor()
  assert.match((await offered.textContent()) ?? '', /相距约 \d+ 米/)
  await screenshot(page, 'workbench-drawer-duplicates')
  await offered.getByTestId('duplicate-merge').click()
  await page.getByTestId('duplicate-merge-confirm').click()
  await page.getByTestId('event-state').filter({ hasText: '已合并' }).waitFor()
  // merged, it has no duplicates to offer
  await page.getByTestId('event-duplicates').waitFor({ state: 'detached' })

  assert.equal((await operator.get(`/api/v1/events/${report.id}`)).body.mergedInto, survivor.id)
  const follows = (await resident.get('/api/v1/resident/follows')).body.items
  assert.deepEqual(
    follows.map((e: { number: string; via: string }) => [e.number, e.via]),
    [[survivor.number, 'merge']],
  )
  assert.deepEqual(page.errors, [])
})
