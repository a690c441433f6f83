/**
 * The gazetteer's search (issue 14, deliverable 7): a place the way callers name it leads to its
 * community, with the street and district above it and a point inside it.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { build, XINGFULI } from '../helper.ts'

const places = (q: string) => `/api/v1/orgs/places?q=${encodeURIComponent(q)}`

test('幸福里小区3号楼 finds 幸福里社区 first, with its street and district and a point inside it', async (t) => {
  const h = await build(t)
  const res = await h.anonymous.get(places('幸福里小区3号楼'))
  assert.equal(res.status, 200)
  assert.equal(res.body.searched, '幸福里小区')
  const [first] = res.body.items
  assert.equal(first.name, '幸福里小区')
  assert.equal(first.rank, 'exact')
  assert.equal(first.community.code, XINGFULI)
  assert.equal(first.community.name, '幸福里社区')
  for (const m of res.body.items) assert.match(m.matched, /幸福里/, 'nothing merely sharing 幸福 with it')
  const unit = (await h.anonymous.get(`/api/v1/orgs/${XINGFULI}`)).body
  const street = (await h.anonymous.get(`/api/v1/orgs/${unit.path.split('.').at(-3)}`)).body
  assert.equal(first.street.code, street.code)
  assert.equal(first.district.id, street.parentId)
  const located = (await h.anonymous.get(`/api/v1/orgs/locate?lat=${first.point.lat}&lng=${first.point.lng}`)).body
  assert.equal(located.community.code, XINGFULI, 'the point lies in the community')
})

test('a road, with a door number on it, leads to the community named after it', async (t) => {
  const h = await build(t)
  const communities = (await h.anonymous.get('/api/v1/orgs?level=4&kind=center')).body.items as Array<{ code: string; name: string }>
  const onRoad = communities.find((c) => /[^社区]+[路街]社区$/.test(c.name))
  assert.ok(onRoad, 'the city has a community named after a road')
  const road = onRoad.name.replace(/社区$/, '')
  const res = await h.anonymous.get(places(`${road}88号门口`))
  assert.equal(res.status, 200)
  const match = res.body.items.find(
    (m: { kind: string; community: { code: string } }) => m.kind === 'road' && m.community.code === onRoad.code,
  )
  assert.ok(match, `${road}: ${JSON.stringify(res.body.items)}`)
  assert.equal(match.name, road)
  assert.equal(match.rank, 'exact')
})

test('garbage, numbers alone and unknown names find nothing, never a 5xx', async (t) => {
  const h = await build(t)
  for (const q of ['！！！###', '3号楼2单元301室', 'qwertyuiop', '火星基地十八号', '\u200b', '%']) {
    const res = await h.anonymous.get(places(q))
    assert.equal(res.status, 200, `${q}: ${JSON.stringify(res.body)}`)
    assert.deepEqual(res.body.items, [], q)
  }
})

test('a query longer than 100 characters is a 400 naming q; an empty one too', async (t) => {
  const h = await build(t)
  for (const q of ['幸'.repeat(1000), '']) {
    const res = await h.anonymous.get(places(q))
    assert.equal(res.status, 400)
    assert.equal(res.body.error.details?.field, 'q')
  }
  assert.equal((await h.anonymous.get(places('幸'.repeat(100)))).status, 200)
})

test('limit bounds the matches', async (t) => {
  const h = await build(t)
  const res = await h.anonymous.get(`${places('小学')}&limit=3`)
  assert.equal(res.status, 200)
  assert.equal(res.body.items.length, 3)
  assert.equal((await h.anonymous.get(`${places('小学')}&limit=21`)).status, 400)
})

test('within keeps the matches inside a unit’s subtree; a grid stands for its community; an unknown unit is a 400 naming within', async (t) => {
  const h = await build(t)
  const ids = (q: string, within: string) =>
    h.anonymous.get(`${places(q)}&within=${within}`).then((res) => {
      assert.equal(res.status, 200, JSON.stringify(res.body))
      return (res.body.items as Array<{ community: { code: string } }>).map((m) => m.community.code)
    })
  const unit = (await h.anonymous.get(`/api/v1/orgs/${XINGFULI}`)).body
  const district = unit.path.split('.').at(-4)
  assert.ok((await ids('幸福里小区', XINGFULI)).length)
  assert.ok((await ids('幸福里小区', XINGFULI)).every((c) => c === XINGFULI))
  assert.ok((await ids('幸福里小区', district)).includes(XINGFULI), 'its district holds it')
  // a worker of another community's grid: 幸福里小区 is not theirs to report
  const grids = (await h.anonymous.get('/api/v1/orgs?level=5')).body.items as Array<{ code: string; parentId: number }>
  const elsewhere = grids.find((g) => g.parentId !== unit.id)
  assert.ok(elsewhere, 'a grid of another community')
  assert.ok(!(await ids('幸福里小区', elsewhere.code)).includes(XINGFULI))
  const own = grids.find((g) => g.parentId === unit.id)
  assert.ok(own, 'a grid of 幸福里社区')
  assert.ok((await ids('幸福里小区', own.code)).includes(XINGFULI), 'a grid of the community finds its places')
  const unknown = await h.anonymous.get(`${places('幸福里小区')}&within=999999999999`)
  assert.equal(unknown.status, 400)
  assert.equal(unknown.body.error.details?.field, 'within')
})
