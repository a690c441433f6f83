/**
 * Open data (issue 17 item 8): the anonymised dataset of ended events as CSV and GeoJSON, for anyone,
 * with its documented schema — no text and no person in it, the place only as the community's seat.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { chinaDateOf } from '../../src/china-time.ts'
import { applyAction, build, registerCall, type TestApp, XINGFULI } from '../helper.ts'

const PHONE = '13912345678'
const NAME = '王小明'

/** One event closed by the caller's rating, one rejected, one still open, one merged. */
async function loop(h: TestApp) {
  const operator = await h.as('operator1')
  const fields = { reporterName: NAME, reporterPhone: PHONE }
  const closed = await registerCall(operator, `${NAME}来电：幸福里小区北门垃圾三天没人清运，电话${PHONE}`, fields)
  const community = await h.as(`c-${XINGFULI}`)
  let e = await applyAction(community, closed, { type: 'sign' })
  e = await applyAction(community, e, { type: 'resolve', note: '已清运' })
  await applyAction(operator, e, { type: 'evaluate', rating: 'satisfied' })
  const held = await operator.post('/api/v1/events', { channel: 'hotline', description: '你好，我想反映个情况', communityCode: XINGFULI })
  await applyAction(operator, held.body, { type: 'reject', note: '来电人未说明诉求' })
  await registerCall(operator, '楼道灯坏了', { category: 'municipal.streetlight' })
  const twice = await registerCall(operator, '北门垃圾又没人清运')
  const open = await registerCall(operator, '北门垃圾没人管')
  await applyAction(community, twice, { type: 'merge', intoEventId: open.id })
  return { closed, rejected: held.body }
}

const parseCsv = (text: string) =>
  text
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','))

test('anyone downloads the ended events as CSV and GeoJSON, anonymised, with the documented columns', async (t) => {
  const h = await build(t)
  const { closed, rejected } = await loop(h)
  const schema = (await h.anonymous.get('/api/v1/open-data/schema')).body
  const names = schema.fields.map((f: { name: string }) => f.name)

  const res = await h.anonymous.inject({ method: 'GET', url: '/api/v1/open-data/events.csv' })
  assert.equal(res.statusCode, 200, res.body)
  assert.match(res.headers['content-type'] as string, /^text\/csv; charset=utf-8/)
  assert.match(res.headers['content-disposition'] as string, /attachment; filename="xiaolan-events-/)
  assert.equal(res.headers['x-total-rows'], '2')
  assert.ok(res.body.startsWith('\ufeff'), 'a byte-order mark for spreadsheets')
  for (const secret of [PHONE, NAME, '北门', '垃圾三天', '已清运', '来电人未说明诉求']) assert.ok(!res.body.includes(secret), secret)
  const [header, ...rows] = parseCsv(res.body)
  assert.deepEqual(header, names)
  const byNumber = new Map(rows.map((r) => [r[0], Object.fromEntries(names.map((n: string, i: number) => [n, r[i]]))]))
  assert.deepEqual([...byNumber.keys()].sort(), [closed.number, rejected.number].sort(), 'only the ended events, not the open or merged')

  const done = byNumber.get(closed.number)
  const seat = h.app.ctx.orgs.byCode(XINGFULI)?.seat
  assert.ok(done && seat)
  assert.equal(done.category, 'sanitation')
  assert.equal(done.category_name, '市容环卫')
  assert.equal(done.subcategory, 'sanitation.garbage')
  assert.equal(done.channel, 'hotline')
  assert.equal(done.state, 'closed')
  assert.equal(done.evaluation, 'satisfied')
  assert.match(done.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
  assert.match(done.closed_at, /\+08:00$/)
  assert.ok(done.closed_at >= done.created_at)
  assert.deepEqual([done.district_code, done.street_code, done.community_code], ['620105', '620105007', XINGFULI])
  assert.equal(done.community, '幸福里社区')
  assert.deepEqual([Number(done.latitude), Number(done.longitude)], [Number(seat.lat.toFixed(5)), Number(seat.lng.toFixed(5))])
  assert.equal(byNumber.get(rejected.number)?.state, 'rejected')

  const geo = await h.anonymous.inject({ method: 'GET', url: '/api/v1/open-data/events.geojson' })
  assert.equal(geo.statusCode, 200)
  assert.match(geo.headers['content-type'] as string, /^application\/geo\+json/)
  const collection = JSON.parse(geo.body)
  assert.equal(collection.type, 'FeatureCollection')
  assert.equal(collection.features.length, 2)
  const feature = collection.features.find((f: { properties: { number: string } }) => f.properties.number === closed.number)
  assert.deepEqual(Object.keys(feature.properties), names)
  assert.deepEqual(feature.geometry, { type: 'Point', coordinates: [feature.properties.longitude, feature.properties.latitude] })
  assert.equal(feature.properties.closed_at, done.closed_at)
  assert.ok(!geo.body.includes(PHONE) && !geo.body.includes(NAME))
})

test('the period and district are checked: 400 naming the field, and another district has none of these', async (t) => {
  const h = await build(t)
  await loop(h)
  const today = chinaDateOf(h.app.ctx.now())
  for (const [query, field] of [
    ['from=2026-12-02&to=2026-12-01', 'from'],
    ['from=2025-01-01&to=2026-12-01', 'from'],
    ['district=999999', 'district'],
    ['district=620105007', 'district'],
    ['from=2026-02-30', 'from'],
  ] as const) {
    const res = await h.anonymous.get(`/api/v1/open-data/events.csv?${query}`)
    assert.equal(res.status, 400, query)
    assert.equal((res.body as { error: { details: { field: string } } }).error.details.field, field, query)
  }
  const mine = await h.anonymous.inject({ method: 'GET', url: `/api/v1/open-data/events.csv?district=620105&from=${today}&to=${today}` })
  assert.equal(mine.headers['x-total-rows'], '2')
  const other = await h.anonymous.inject({ method: 'GET', url: '/api/v1/open-data/events.geojson?district=620102' })
  assert.equal(other.statusCode, 200)
  assert.deepEqual(JSON.parse(other.body), { type: 'FeatureCollection', features: [] })
})
