/**
 * 处理结果照片 through the UI: the district's urban-management bureau resolves a matter with a result
 * photo in the workbench's resolve dialog (picked, uploaded with its progress, then sent); once the
 * street center approves, the resident finds the photo beside the resolution in the timeline of
 * their event page — not among the report's own photos — and opens it.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyAction, residentReport, XINGFULI } from '../server/test/helper.ts'
import { smallPng } from '../server/test/photo.ts'
import { launchBrowser, loginStaff, openPage, screenshot, signInResidentByApi, startServer } from './support.ts'

const PHONE = '13900000091'

test('a department resolves with a result photo and the resident sees it beside the resolution', async (t) => {
  const server = await startServer(t)
  // the way here, by the API: reported, escalated by the community, dispatched by its street, signed by the bureau
  const resident = await server.resident(PHONE, { name: '孙小兰', idNumber: '11010519491231002X' })
  const unit = (await server.anonymous.get(`/api/v1/orgs/${XINGFULI}`)).body
  const [district, street] = (unit.path as string).split('.').filter(Boolean).slice(-3, -1)
  let event = await residentReport(resident, {
    category: 'sanitation.garbage',
    description: '幸福里小区北门垃圾堆放多日无人清运',
    ...unit.seat,
  })
  const community = await server.as(`c-${XINGFULI}`)
  const center = await server.as(`c-${street}`)
  const bureau = (await server.anonymous.get(`/api/v1/orgs?parent=${district}&kind=department`)).body.items.find(
    (d: { function: string }) => d.function === 'urban_management',
  )
  event = await applyAction(community, event, { type: 'sign' })
  event = await applyAction(community, event, { type: 'escalate', note: '需街道协调环卫车辆' })
  event = await applyAction(center, event, { type: 'sign' })
  event = await applyAction(center, event, { type: 'dispatch', unitId: bureau.id })
  event = await applyAction(await server.as(`d-${bureau.code}`), event, { type: 'sign' })

  const browser = await launchBrowser(t)
  const staff = await openPage(browser, server.baseURL)
  await loginStaff(staff, `d-${bureau.code}`)
  await staff.goto('/workbench?box=in_progress')
  await staff.getByTestId('event-row').filter({ hasText: event.number }).click()
  const drawer = staff.getByTestId('event-drawer')
  await drawer.getByTestId('action-resolve').click()
  await staff.getByTestId('action-note').fill('已清运完毕，附现场照片')
  const uploaded = staff.waitForResponse((r) => r.url().endsWith('/api/v1/attachments') && r.status() === 201)
  await staff.getByTestId('action-photos').setInputFiles({ name: 'cleared.png', mimeType: 'image/png', buffer: smallPng() })
  const photo = await (await uploaded).json()
  // sent only once the photo is stored: the button is enabled again when the upload is done
  await staff.getByTestId('photo-item').waitFor()
  await staff.locator('[data-testid="action-confirm"]:not([disabled])').waitFor()
  await screenshot(staff, 'workbench-resolve-with-photo')
  const sent = staff.waitForRequest((r) => r.url().endsWith(`/api/v1/events/${event.id}/actions`) && r.method() === 'POST')
  await staff.getByTestId('action-confirm').click()
  assert.deepEqual((await sent).postDataJSON().attachmentIds, [photo.id])
  await staff.getByTestId('action-confirm').waitFor({ state: 'detached' })
  await drawer.getByTestId('event-state').filter({ hasText: '办结审核中' }).waitFor()
  await drawer.getByRole('img', { name: '办结照片 1' }).waitFor()

  const reviewed = (await center.get(`/api/v1/events/${event.id}`)).body
  await applyAction(center, reviewed, { type: 'approve_resolution' })

  const page = await openPage(browser, server.baseURL, { mobile: true })
  await signInResidentByApi(page.request, PHONE)
  await page.goto(`/events/${event.id}`)
  const resolution = page.getByTestId('timeline-entry').and(page.locator('[data-action="resolve"]'))
  const shown = resolution.getByTestId('step-photos').getByRole('img', { name: '办理结果照片 1' })
  await shown.waitFor()
  await resolution.filter({ hasText: '已清运完毕，附现场照片' }).waitFor()
  assert.equal(await shown.getAttribute('src'), photo.url)
  assert.ok(await shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the photo loads for the resident')
  assert.equal(await page.getByTestId('report-photos').count(), 0, 'the result photo is not taken for one of the report’s')
  await screenshot(page, 'resident-sees-result-photo')
  for (const p of [staff, page]) assert.deepEqual(p.errors, [])
})
