/**
 * 处理结果照片: the resolving unit's photos join the resolve step of the event (办结审核 or not), the
 * reporter sees them there and may open them; a unit that does not handle the event cannot attach
 * photos to it, and what is not an image is refused before it is stored.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyAction, build, reportAtSeat, type TestApp, XINGFULI } from '../helper.ts'
import { smallPng } from '../photo.ts'

const ID_NUMBER = '11010519491231002X'

/** A staff session's cookie and CSRF token, for the multipart upload and the raw photo reads. */
async function staffSession(h: TestApp, username: string) {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'xiaolan-demo' } })
  const session = res.cookies.find((c) => c.name === 'xiaolan_session')
  return { csrf: res.json().csrfToken as string, cookie: `xiaolan_session=${session?.value}` }
}

async function residentSession(h: TestApp, phone: string) {
  const otp = await h.app.inject({ method: 'POST', url: '/api/v1/resident/otp', payload: { phone } })
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/v1/resident/login',
    payload: { phone, code: otp.json().devCode, name: '王小兰', idNumber: ID_NUMBER },
  })
  const session = res.cookies.find((c) => c.name === 'xiaolan_session')
  return { cookie: `xiaolan_session=${session?.value}` }
}

/** POST /attachments as that session, the multipart body built by hand. */
async function upload(h: TestApp, session: { csrf: string; cookie: string }, bytes: Buffer, type = 'image/png') {
  const boundary = '----xiaolan-result-photo'
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="result"\r\ncontent-type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: session.cookie, 'x-csrf-token': session.csrf },
    payload,
  })
  return { status: res.statusCode, body: res.json() }
}

const read = (h: TestApp, url: string, cookie: string) => h.app.inject({ method: 'GET', url, headers: { cookie } })

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
  const staff = await staffSession(h, `d-${bureau}`)
  const photos = [(await upload(h, staff, smallPng())).body, (await upload(h, staff, smallPng())).body]
  const resolved = await applyAction(await h.as(`d-${bureau}`), signed, {
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
  const reporter = await residentSession(h, '13900000201')
  assert.equal((await read(h, photos[0].url, reporter.cookie)).statusCode, 200)
  const stranger = await residentSession(h, '13900000202')
  assert.equal((await read(h, photos[0].url, stranger.cookie)).statusCode, 404)
})

test('a unit that does not handle the event cannot attach its photos to it (403), and the photo stays unattached', async (t) => {
  const h = await build(t)
  const { event, street } = await atTheBureau(h, '13900000203')
  // the street center sees the event (it dispatched it) but the bureau handles it
  const center = await staffSession(h, `c-${street}`)
  const photo = (await upload(h, center, smallPng())).body
  const refused = await (await h.as(`c-${street}`)).post(`/api/v1/events/${event.id}/actions`, {
    version: event.version,
    type: 'resolve',
    note: '街道代为办结',
    attachmentIds: [photo.id],
  })
  assert.equal(refused.status, 403, JSON.stringify(refused.body))
  const after = (await (await h.as(`c-${street}`)).get(`/api/v1/events/${event.id}`)).body
  assert.equal(after.version, event.version, 'nothing of the refused step was written')
  assert.deepEqual(after.photos, [])
  // the refused photo is still the uploader's own, to use elsewhere
  assert.equal((await read(h, photo.url, center.cookie)).statusCode, 200)
})

test('a non-image result photo is refused with 400 naming the file, and nothing is stored', async (t) => {
  const h = await build(t)
  const { bureau } = await atTheBureau(h, '13900000204')
  const staff = await staffSession(h, `d-${bureau}`)
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
  const text = await upload(h, staff, Buffer.from('%PDF-1.4 a scan, not a photo'), 'image/png')
  assert.equal(text.status, 400)
  assert.equal(text.body.error.details.field, 'file')
  const html = await upload(h, staff, Buffer.from('<html><script>alert(1)</script></html>'), 'image/jpeg')
  assert.equal(html.status, 400)
  assert.equal(html.body.error.details.field, 'file')
  assert.equal(await stored(), before)
})

test('an internal note’s photos stay with the staff: the reporter sees neither them in the event nor by their address', async (t) => {
  const h = await build(t)
  const { resident, event, bureau } = await atTheBureau(h, '13900000205')
  const staff = await staffSession(h, `d-${bureau}`)
  const internal = (await upload(h, staff, smallPng())).body
  const noted = await applyAction(await h.as(`d-${bureau}`), event, {
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
  const reporter = await residentSession(h, '13900000205')
  assert.equal((await read(h, internal.url, reporter.cookie)).statusCode, 404)
  assert.equal((await read(h, internal.url, staff.cookie)).statusCode, 200)
})
