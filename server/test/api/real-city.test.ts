/**
 * The demo city is Lanzhou as the official data give it, through the public API: the chain's
 * codes and counts, the districts' real outlines, and the locator's answer inside and outside them.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { build, XINGFULI } from '../helper.ts'

test('the orgs API answers the official chain: 幸福里社区 620105007010 under 刘家堡街道, 1/8/112/1,089 centers', async (t) => {
  const { anonymous } = await build(t)
  const xingfuli = await anonymous.get(`/api/v1/orgs?code=${XINGFULI}&ancestors=true`)
  assert.equal(xingfuli.status, 200)
  assert.deepEqual(
    xingfuli.body.items.map((u: { code: string; name: string }) => `${u.code} ${u.name}`),
    ['620105 安宁区', '620105007 刘家堡街道', '620105007010 幸福里社区'],
  )
  const [district, street, community] = xingfuli.body.items
  assert.equal(community.parentId, street.id)
  assert.equal(street.parentId, district.id)

  const all = await anonymous.get('/api/v1/orgs?kind=center')
  assert.deepEqual(all.body.centersByLevel, { 1: 1, 2: 8, 3: 112, 4: 1089 })
})

test('a district is drawn with its real outline, and the locator answers inside it and refuses outside the city', async (t) => {
  const { anonymous } = await build(t)
  const anning = await anonymous.get('/api/v1/orgs/620105')
  assert.equal(anning.status, 200)
  const ring: number[][] =
    anning.body.geometry.type === 'Polygon' ? anning.body.geometry.coordinates[0] : anning.body.geometry.coordinates[0][0]
  assert.ok(ring.length > 400, `安宁区's outline has ${ring.length} vertices`)
  const distinct = (i: 0 | 1) => new Set(ring.map((p) => p[i])).size
  assert.ok(distinct(0) > 50 && distinct(1) > 50, 'not a rectangle')

  const { seat } = anning.body
  const inside = await anonymous.get(`/api/v1/orgs/locate?lat=${seat.lat}&lng=${seat.lng}`)
  assert.equal(inside.status, 200)
  assert.equal(inside.body.district.code, '620105')
  assert.ok(inside.body.grid, 'the demo city has grids')

  // 兰州市 lies within about 35.6–37.6°N, 102.6–104.6°E; Xining and Beijing are outside
  for (const [lat, lng] of [
    [36.617, 101.778],
    [39.904, 116.407],
  ]) {
    const outside = await anonymous.get(`/api/v1/orgs/locate?lat=${lat}&lng=${lng}`)
    assert.equal(outside.status, 404, `(${lat}, ${lng})`)
    assert.equal(outside.body.error.code, 'not_found')
  }
})
