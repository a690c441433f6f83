import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { applyAction, build, reportAtSeat, residentReport, type TestApp, uploadPhoto, XINGFULI } from '../helper.ts'
import { smallPng } from '../photo.ts'

const GRID = `${XINGFULI}001`
const ID_NUMBER = '11010519491231002X'

async function seatOf(h: TestApp, code: string) {
  return (await h.anonymous.get(`/api/v1/orgs?code=${code}`)).body.items[0].seat as { lat: number; lng: number }
}

test('uploads: a photo by magic bytes is stored; wrong type, too big or no session are refused naming the field', async (t) => {
  const h = await build(t)
  const me = await h.resident('13900000011', { name: '王小兰', idNumber: ID_NUMBER })
  const ok = await uploadPhoto(me, smallPng())
  assert.equal(ok.status, 201, JSON.stringify(ok.body))
  assert.match(ok.body.url, /^\/api\/v1\/attachments\/\d+$/)

  const fetched = await me.inject({ method: 'GET', url: ok.body.url })
  assert.equal(fetched.statusCode, 200)
  assert.equal(fetched.headers['content-type'], 'image/png')

  const text = await uploadPhoto(me, Buffer.from('%PDF-1.4 not a photo at all'))
  assert.equal(text.status, 400)
  assert.equal(text.body.error.details.field, 'file')

  const big = Buffer.alloc(5 * 1024 * 1024 + 10, 0)
  smallPng().copy(big)
  const tooBig = await uploadPhoto(me, big)
  assert.equal(tooBig.status, 400, JSON.stringify(tooBig.body))
  assert.equal(tooBig.body.error.details.field, 'file')

  const wrongField = await uploadPhoto(me, smallPng(), { field: 'photo' })
  assert.equal(wrongField.status, 400)
  assert.equal(wrongField.body.error.details.field, 'file')

  const nobody = await uploadPhoto(h.anonymous, smallPng())
  assert.equal(nobody.status, 401)
})

test('a report’s photos are seen by its reporter and the handling unit, not by other residents or the public', async (t) => {
  const h = await build(t)
  const client = await h.resident('13900000012', { name: '王小兰', idNumber: ID_NUMBER })
  const photo = (await uploadPhoto(client, smallPng())).body
  const seat = await seatOf(h, XINGFULI)

  const stranger = await h.resident('13900000013', { name: '王小兰', idNumber: ID_NUMBER })
  const strangersPhoto = (await uploadPhoto(stranger, smallPng())).body
  const stolen = await client.post('/api/v1/resident/events', {
    category: 'sanitation.garbage',
    description: '楼下垃圾桶满了',
    ...seat,
    attachmentIds: [strangersPhoto.id],
  })
  assert.equal(stolen.status, 400)
  assert.equal(stolen.body.error.details.field, 'attachmentIds')

  const created = await client.post('/api/v1/resident/events', {
    category: 'sanitation.garbage',
    description: '楼下垃圾桶满了',
    ...seat,
    attachmentIds: [photo.id],
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  assert.deepEqual(created.body.photos, [{ id: photo.id, url: photo.url, kind: 'report' }])
  assert.equal(created.body.currentUnit.code, XINGFULI)

  const staff = await h.as(`c-${XINGFULI}`)
  assert.equal((await staff.inject({ method: 'GET', url: photo.url })).statusCode, 200)
  assert.equal((await stranger.inject({ method: 'GET', url: photo.url })).statusCode, 404)
  assert.equal((await h.anonymous.inject({ method: 'GET', url: photo.url })).statusCode, 401)
  const otherDistrict = await h.as('c-620102')
  assert.equal((await otherDistrict.inject({ method: 'GET', url: photo.url })).statusCode, 404)

  // a photo joins one event only
  const again = await client.post('/api/v1/resident/events', {
    category: 'sanitation.garbage',
    description: '再报一次',
    ...seat,
    attachmentIds: [photo.id],
  })
  assert.equal(again.status, 400)
})

test('two-way messages: the unit’s message reaches the reporter, internal notes do not; the reporter’s reply reaches the unit', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000014', { name: '王小兰', idNumber: ID_NUMBER })
  const seat = await seatOf(h, XINGFULI)
  let event = await residentReport(resident, { category: 'sanitation.garbage', description: '垃圾没人清', ...seat })
  const staff = await h.as(`c-${XINGFULI}`)
  const act = async (client: typeof staff, body: Record<string, unknown>) => {
    event = await applyAction(client, event, body)
  }
  await act(staff, { type: 'comment', note: '内部：联系物业', toReporter: false })
  await act(staff, { type: 'comment', note: '请问具体是几号楼？', toReporter: true })
  await act(resident, { type: 'comment', note: '3号楼东侧' })

  const mine = (await resident.get(`/api/v1/events/${event.id}`)).body
  const notes = mine.timeline.filter((e: { action: string }) => e.action === 'comment').map((e: { note: string }) => e.note)
  assert.deepEqual(notes, ['请问具体是几号楼？', '3号楼东侧'])
  assert.equal(JSON.stringify(mine).includes('内部'), false)

  const theirs = (await staff.get(`/api/v1/events/${event.id}`)).body
  const staffNotes = theirs.timeline.filter((e: { action: string }) => e.action === 'comment')
  assert.deepEqual(
    staffNotes.map((e: { note: string; toReporter?: boolean; actorKind: string }) => [e.note, e.toReporter ?? false, e.actorKind]),
    [
      ['内部：联系物业', false, 'staff'],
      ['请问具体是几号楼？', true, 'staff'],
      ['3号楼东侧', true, 'resident'],
    ],
  )

  // nothing of the conversation is public
  const tracked = (await h.anonymous.get(`/api/v1/track/${event.number}`)).body
  assert.equal(
    tracked.timeline.some((e: { action: string }) => e.action === 'comment'),
    false,
  )

  // another resident may not write on it
  const other = await h.resident('13900000015', { name: '李四', idNumber: ID_NUMBER })
  assert.equal(
    (await other.post(`/api/v1/events/${event.id}/actions`, { version: event.version, type: 'comment', note: '你好' })).status,
    404,
  )
})

test('resolve takes result photos; photos on other actions are refused naming the field', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000016', { name: '王小兰', idNumber: ID_NUMBER })
  const seat = await seatOf(h, XINGFULI)
  let event = await residentReport(resident, { category: 'sanitation.garbage', description: '垃圾没人清', ...seat })
  const staff = await h.as(`c-${XINGFULI}`)
  const photo = (await uploadPhoto(staff, smallPng())).body
  const signed = await staff.post(`/api/v1/events/${event.id}/actions`, { version: event.version, type: 'sign', attachmentIds: [photo.id] })
  assert.equal(signed.status, 400)
  assert.equal(signed.body.error.details.field, 'attachmentIds')
  event = (await staff.post(`/api/v1/events/${event.id}/actions`, { version: event.version, type: 'sign' })).body
  const resolved = await staff.post(`/api/v1/events/${event.id}/actions`, {
    version: event.version,
    type: 'resolve',
    note: '已清运',
    attachmentIds: [photo.id],
  })
  assert.equal(resolved.status, 200, JSON.stringify(resolved.body))
  assert.deepEqual(
    resolved.body.photos.map((p: { id: number; kind: string }) => [p.id, p.kind]),
    [[photo.id, 'result']],
  )
  const mine = (await resident.get(`/api/v1/events/${event.id}`)).body
  assert.deepEqual(mine.timeline.find((e: { action: string }) => e.action === 'resolve').photoIds, [photo.id])
})

test('the public list and the tracking page show no name, phone or ID number; hide-my-name hides the words too', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13912345678', { name: '王小兰', idNumber: ID_NUMBER })
  const seat = await seatOf(h, XINGFULI)
  const open = await reportAtSeat(h, resident, XINGFULI, '我是王小兰，电话13912345678，楼下垃圾没人清')
  const hidden = await residentReport(resident, {
    category: 'dispute.neighbour',
    description: '邻居装修噪音，我住5单元',
    ...seat,
    anonymous: true,
  })
  assert.ok(open.number && hidden.number)

  const list = await h.anonymous.get('/api/v1/public/events?limit=10')
  assert.equal(list.status, 200)
  const text = JSON.stringify(list.body)
  for (const secret of ['王小兰', '13912345678', ID_NUMBER, '5单元']) assert.equal(text.includes(secret), false, secret)
  const rows = new Map(list.body.items.map((r: { number: string }) => [r.number, r]))
  const shown = rows.get(open.number) as { title: string; community: string; unit: string }
  assert.equal(shown.community, '幸福里社区')
  assert.equal(shown.unit, '幸福里社区')
  assert.equal((rows.get(hidden.number) as { title: string | null }).title, null)

  for (const n of [open.number, hidden.number]) {
    const tracked = JSON.stringify((await h.anonymous.get(`/api/v1/track/${n}`)).body)
    for (const secret of ['王小兰', '13912345678', ID_NUMBER, '5单元']) assert.equal(tracked.includes(secret), false, secret)
  }
  assert.equal((await h.anonymous.get(`/api/v1/track/${hidden.number}`)).body.title, null)
  assert.match((await h.anonymous.get(`/api/v1/track/${open.number}`)).body.title, /^我是王\*\*/)

  assert.equal((await h.anonymous.get('/api/v1/public/events?district=999999')).body.error.details.field, 'district')
  assert.equal((await h.anonymous.get('/api/v1/public/events?next=xyz')).status, 400)
})

test('a grid worker closes on the spot: routed to their grid, signed and resolved with a result photo in one go', async (t) => {
  const h = await build(t)
  const worker = await h.as(`g-${GRID}`)
  const before = (await uploadPhoto(worker, smallPng())).body
  const after = (await uploadPhoto(worker, smallPng())).body
  const seat = await seatOf(h, GRID)
  const res = await worker.post('/api/v1/events', {
    channel: 'grid',
    category: 'sanitation.garbage',
    description: '路边散落垃圾，已现场清理',
    ...seat,
    attachmentIds: [before.id],
    resolvedOnSpot: { note: '现场清理完毕', attachmentIds: [after.id] },
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  assert.equal(res.body.state, 'resolved')
  assert.equal(res.body.currentUnit.code, GRID)
  assert.deepEqual(
    res.body.timeline.map((e: { action: string }) => e.action),
    ['submit', 'route', 'sign', 'resolve'],
  )
  assert.deepEqual(
    res.body.photos.map((p: { id: number; kind: string }) => [p.id, p.kind]),
    [
      [before.id, 'report'],
      [after.id, 'result'],
    ],
  )

  // outside their community, or not a grid worker: refused, nothing written
  const elsewhere = await seatOf(h, '620102')
  const outside = await worker.post('/api/v1/events', {
    channel: 'grid',
    category: 'sanitation.garbage',
    description: '别处的垃圾',
    ...elsewhere,
    resolvedOnSpot: { note: '已清理' },
  })
  assert.equal(outside.status, 400)
  assert.equal(outside.body.error.details.field, 'lat')
  const operator = await h.as('operator1')
  const notGrid = await operator.post('/api/v1/events', {
    channel: 'hotline',
    category: 'sanitation.garbage',
    description: '垃圾',
    ...seat,
    resolvedOnSpot: { note: '已清理' },
  })
  assert.equal(notGrid.status, 403)
})

test('a grid worker who picks their community instead of a point reports from their own grid; another community is refused', async (t) => {
  const h = await build(t)
  const worker = await h.as(`g-${GRID}`)
  const community = GRID.slice(0, 12)
  const res = await worker.post('/api/v1/events', {
    channel: 'grid',
    category: 'sanitation.garbage',
    description: '楼道堆放杂物，需要清理',
    communityCode: community,
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  assert.equal(res.body.community.code, community)
  assert.equal((await worker.get(`/api/v1/events/${res.body.id}`)).status, 200, 'the worker sees what they reported')
  const sibling = await worker.post('/api/v1/events', {
    channel: 'grid',
    category: 'sanitation.garbage',
    description: '别的社区的杂物',
    communityCode: '620105007011',
  })
  assert.equal(sibling.status, 403)
  assert.equal(sibling.body.error.code, 'outside_area', 'its own code, so the app can say what to do instead')
})

test('patrol check-ins: a grid worker checks in where they stand and sees today’s list; others may not', async (t) => {
  const h = await build(t)
  const worker = await h.as(`g-${GRID}`)
  const seat = await seatOf(h, GRID)
  const first = await worker.post('/api/v1/patrols', { ...seat, note: '巡查一遍' })
  assert.equal(first.status, 201, JSON.stringify(first.body))
  assert.equal(first.body.grid.code, GRID)
  h.clock.now = new Date(h.clock.now.getTime() + 3600_000)
  await worker.post('/api/v1/patrols', seat)
  const today = (await worker.get('/api/v1/patrols')).body.items
  assert.equal(today.length, 2)
  assert.ok(today[0].at > today[1].at, 'newest first')

  h.clock.now = new Date(h.clock.now.getTime() + 24 * 3600_000)
  assert.equal((await worker.get('/api/v1/patrols')).body.items.length, 0, 'a new day starts empty')

  assert.equal((await worker.post('/api/v1/patrols', { lat: 10, lng: 10 })).body.error.details.field, 'lat')
  assert.equal((await worker.post('/api/v1/patrols', { lat: 'x', lng: 10 })).status, 400)
  const staff = await h.as(`c-${XINGFULI}`)
  assert.equal((await staff.post('/api/v1/patrols', seat)).status, 403)
})

test('a patrol check-in sent again with its idempotency key (an offline resend) is recorded once, in parallel too', async (t) => {
  const h = await build(t)
  const worker = await h.as(`g-${GRID}`)
  const seat = await seatOf(h, GRID)
  const key = randomUUID()
  const sent = await Promise.all([1, 2, 3].map(() => worker.post('/api/v1/patrols', { ...seat, idempotencyKey: key })))
  assert.deepEqual(
    sent.map((r) => r.status),
    [201, 201, 201],
    JSON.stringify(sent.map((r) => r.body)),
  )
  assert.equal(new Set(sent.map((r) => r.body.id)).size, 1, 'every answer is the one check-in')
  const again = await worker.post('/api/v1/patrols', { ...seat, idempotencyKey: key })
  assert.equal(again.body.id, sent[0].body.id)
  assert.equal((await worker.get('/api/v1/patrols')).body.items.length, 1)
  // another key, or none, is another check-in; another worker's same key is theirs
  await worker.post('/api/v1/patrols', { ...seat, idempotencyKey: randomUUID() })
  await worker.post('/api/v1/patrols', seat)
  assert.equal((await worker.get('/api/v1/patrols')).body.items.length, 3)
  const other = await h.as(`g-${XINGFULI}002`)
  const theirs = await other.post('/api/v1/patrols', { ...(await seatOf(h, `${XINGFULI}002`)), idempotencyKey: key })
  assert.equal(theirs.status, 201, JSON.stringify(theirs.body))
  assert.notEqual(theirs.body.id, sent[0].body.id)
  assert.equal((await worker.post('/api/v1/patrols', { ...seat, idempotencyKey: 'not-a-uuid' })).status, 400)
})

test('the real-name step after signing in: a bad ID number is a 400 naming it; then the resident may report', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000019')
  assert.equal(resident.me.verified, false)
  const seat = await seatOf(h, XINGFULI)
  const report = { category: 'sanitation.garbage', description: '垃圾没人清', ...seat }
  assert.equal((await resident.post('/api/v1/resident/events', report)).status, 403)
  const bad = await resident.post('/api/v1/resident/real-name', { name: '王小兰', idNumber: '110105194912310021' })
  assert.equal(bad.status, 400)
  assert.equal(bad.body.error.details.field, 'idNumber')
  const ok = await resident.post('/api/v1/resident/real-name', { name: '王小兰', idNumber: ID_NUMBER.toLowerCase() })
  assert.equal(ok.status, 200, JSON.stringify(ok.body))
  assert.equal(ok.body.verified, true)
  assert.equal((await resident.post('/api/v1/resident/events', report)).status, 201)
  const staff = await h.as(`c-${XINGFULI}`)
  assert.equal((await staff.post('/api/v1/resident/real-name', { name: '王小兰', idNumber: ID_NUMBER })).status, 403)
})

test('a photo never attached is removed after a day; attached ones stay', async (t) => {
  const h = await build(t)
  const me = await h.resident('13900000020', { name: '王小兰', idNumber: ID_NUMBER })
  const abandoned = (await uploadPhoto(me, smallPng())).body
  const kept = (await uploadPhoto(me, smallPng())).body
  const seat = await seatOf(h, XINGFULI)
  const report = { category: 'sanitation.garbage', description: '垃圾没人清', ...seat, attachmentIds: [kept.id] }
  assert.equal((await me.post('/api/v1/resident/events', report)).status, 201)

  h.clock.now = new Date(h.clock.now.getTime() + 23 * 3600_000)
  await uploadPhoto(me, smallPng())
  assert.equal((await me.inject({ method: 'GET', url: abandoned.url })).statusCode, 200, 'within a day it waits')
  h.clock.now = new Date(h.clock.now.getTime() + 2 * 3600_000)
  await uploadPhoto(me, smallPng())
  assert.equal((await me.inject({ method: 'GET', url: abandoned.url })).statusCode, 404)
  assert.equal((await me.inject({ method: 'GET', url: kept.url })).statusCode, 200)
})
