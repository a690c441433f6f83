/**
 * 处理结果照片: the resolving unit's photos join the resolve step of the event (办结审核 or not), the
 * reporter sees them there and may open them; a unit that does not handle the event cannot attach
 * photos to it, and what is not an image is refused before it is stored.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyAction, build, reportAtSeat, type TestApp, uploadPhoto, XINGFULI } from '../helper.ts'
import { smallPng } from '../photo.ts'

const ID_NUMBER = '11010519491231002X'

/** A resident's report at 幸福里社区, escalated by the community and dispatched by its street to the district's urban-management bureau, which signs it. */
async function atTheBureau(h: TestApp, phone: string) {
  const resident = await h.resident(phone, { name: '王小兰', idNumber: ID_NUMBER })
  let event = await reportAtSeat(h, resident, XINGFULI, '幸福里小区北门垃圾堆放多日无人清运')
  const community = await h.as(`c-${XINGFULI}`)
  // the community's street and district, from its path (codes from the city down)
  const path: string[] = (await h.anonymous.get(`/api/v1/orgs/${XINGFULI}`)).body.path.split('.').filter(Boolean)
  const [district, streetCode] = path.slice(-3, -1)
  const departments = (await h.anonymous.get(`/api/v1/orgs?parent=${district}&kind=department`)).body.items
  const bureau = departments.find((d: { function: string }) => d.function === 'urban_management')
  event = await applyAction(community, event, { type: 'sign' })
  event = await applyAction(community, event, { type: 'escalate', note: '需街道协调环卫车辆' })
  const center = await h.as(`c-${streetCode}`)
  event = await applyAction(center, event, { type: 'sign' })
  event = await applyAction(center, event, { type: 'dispatch', unitId: bureau.id })
  event = await applyAction(await h.as(`d-${bureau.code}`), event, { type: 'sign' })
  return { resident, event, bureau: bureau.code as string, street: streetCode, center }
}

test('a department’s result photos are the resolve step’s; the reporter sees them there and opens them, another resident cannot', async (t) => {
  const h = await build(t)
  const { resident, event: signed, bureau, center } = await atTheBureau(h, '13900000201')
  const staff = await h.as(`d-${bureau}`)
  const photos = [(await uploadPhoto(staff, smallPng())).body, (await uploadPhoto(staff, smallPng())).body]
  const resolved = await applyAction(staff, signed, {
    type: 'resolve',
    note: '已清运完毕，附现场照片',
    attachmentIds: photos.map((p) => p.id),
  })
  assert.equal(resolved.state, 'reviewing', 'a department’s result goes to its center for review first')
  const approved = await applyAction(center, resolved, { type: 'approve_resolution' })
  assert.equal(approved.state, 'resolved')

  const mine = (await resident.get(`/api/v1/events/${signed.id}`)).body
  const resolve = mine.timeline.find((e: { action: string }) => e.action === 'resolve')
  assert.deepEqual(
    resolve.photoIds,
    photos.map((p) => p.id),
    'the photos belong to the resolve step',
  )
  for (const e of mine.timeline.filter((e: { action: string }) => e.action !== 'resolve')) assert.equal(e.photoIds, undefined, e.action)
  assert.deepEqual(
    mine.photos.map((p: { id: number; kind: string }) => [p.id, p.kind]),
    photos.map((p) => [p.id, 'result']),
  )
  assert.equal((await resident.inject({ method: 'GET', url: photos[0].url })).statusCode, 200)
  const stranger = await h.resident('13900000202', { name: '王小兰', idNumber: ID_NUMBER })
  assert.equal((await stranger.inject({ method: 'GET', url: photos[0].url })).statusCode, 404)
})

test('a unit that does not handle the event cannot attach its photos to it (403), and the photo stays unattached', async (t) => {
  const h = await build(t)
  const { event, street } = await atTheBureau(h, '13900000203')
  // the street center sees the event (it dispatched it) but the bureau handles it
  const center = await h.as(`c-${street}`)
  const photo = (await uploadPhoto(center, smallPng())).body
  const refused = await center.post(`/api/v1/events/${event.id}/actions`, {
    version: event.version,
    type: 'resolve',
    note: '街道代为办结',
    attachmentIds: [photo.id],
  })
  assert.equal(refused.status, 403, JSON.stringify(refused.body))
  const after = (await center.get(`/api/v1/events/${event.id}`)).body
  assert.equal(after.version, event.version, 'nothing of the refused step was written')
  assert.deepEqual(after.photos, [])
  // the refused photo is still the uploader's own, to use elsewhere
  assert.equal((await center.inject({ method: 'GET', url: photo.url })).statusCode, 200)
})

test('a non-image result photo is refused with 400 naming the file, and nothing is stored', async (t) => {
  const h = await build(t)
  const { bureau } = await atTheBureau(h, '13900000204')
  const staff = await h.as(`d-${bureau}`)
  const stored = async () =>
    Number(
      (
        await h.database.db
          .selectFrom('attachments')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const before = await stored()
  const text = await uploadPhoto(staff, Buffer.from('%PDF-1.4 a scan, not a photo'))
  assert.equal(text.status, 400)
  assert.equal(text.body.error.details.field, 'file')
  const html = await uploadPhoto(staff, Buffer.from('<html><script>alert(1)</script></html>'), { type: 'image/jpeg' })
  assert.equal(html.status, 400)
  assert.equal(html.body.error.details.field, 'file')
  assert.equal(await stored(), before)
})

test('an internal note’s photos stay with the staff: the reporter sees neither them in the event nor by their address', async (t) => {
  const h = await build(t)
  const { resident, event, bureau } = await atTheBureau(h, '13900000205')
  const staff = await h.as(`d-${bureau}`)
  const internal = (await uploadPhoto(staff, smallPng())).body
  const noted = await applyAction(staff, event, {
    type: 'comment',
    note: '现场情况（内部）',
    attachmentIds: [internal.id],
  })
  assert.deepEqual(
    noted.photos.map((p: { id: number }) => p.id),
    [internal.id],
    'the unit sees its own note’s photo',
  )
  const mine = (await resident.get(`/api/v1/events/${event.id}`)).body
  assert.deepEqual(mine.photos, [])
  const listed = (await resident.get('/api/v1/events')).body.items.find((e: { id: number }) => e.id === event.id)
  assert.deepEqual(listed?.photos ?? [], [])
  assert.equal((await resident.inject({ method: 'GET', url: internal.url })).statusCode, 404)
  assert.equal((await staff.inject({ method: 'GET', url: internal.url })).statusCode, 200)
})
