/** The orgs' geometry for the maps: a unit with its surroundings in one request, and outlines simplified for drawing. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { build, XINGFULI } from '../helper.ts'

type Unit = { code: string; level: number; kind: string; geometry?: { type: string; coordinates: unknown[] } | null }

const vertices = (g: Unit['geometry']) => JSON.stringify(g?.coordinates ?? []).match(/\[-?\d+(\.\d+)?,-?\d+(\.\d+)?\]/g)?.length ?? 0

test('a community with its ancestors: its district, its street and itself, with their outlines', async (t) => {
  const h = await build(t)
  const own = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const res = await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}&ancestors=true&geometry=true`)
  assert.equal(res.status, 200)
  const items: Unit[] = res.body.items
  assert.deepEqual(
    items.map((u) => u.level),
    [2, 3, 4],
  )
  assert.equal(items[2].code, XINGFULI)
  assert.equal(items[1].code, (await h.anonymous.get(`/api/v1/orgs/${XINGFULI}`)).body.path.split('.')[2])
  assert.equal(items[0].code, (await h.anonymous.get(`/api/v1/orgs/${XINGFULI}`)).body.path.split('.')[1])
  for (const u of items) assert.ok(u.geometry && vertices(u.geometry) >= 4, `${u.code} has an outline`)
  assert.equal(own.code, XINGFULI)
  // without `ancestors` the same code is the unit alone
  assert.equal((await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}&geometry=true`)).body.items.length, 1)
  // the city has no ancestor below itself: it is its own surroundings
  const city = (await h.anonymous.get('/api/v1/orgs?level=1')).body.items[0].code
  const cityAlone = (await h.anonymous.get(`/api/v1/orgs?code=${city}&ancestors=true`)).body.items as Unit[]
  assert.deepEqual(
    cityAlone.map((u) => u.code),
    [city],
  )
})

test('simplified outlines are smaller or equal, stay closed polygons of the same units, and a tolerance out of range is a 400', async (t) => {
  const h = await build(t)
  const full = (await h.anonymous.get('/api/v1/orgs?level=4&kind=center&geometry=true')).body.items as Unit[]
  const simple = (await h.anonymous.get('/api/v1/orgs?level=4&kind=center&geometry=true&simplify=200')).body.items as Unit[]
  assert.deepEqual(
    simple.map((u) => u.code),
    full.map((u) => u.code),
  )
  for (const [i, u] of simple.entries()) {
    assert.ok(u.geometry && ['Polygon', 'MultiPolygon'].includes(u.geometry.type), u.code)
    assert.ok(vertices(u.geometry) >= 4 && vertices(u.geometry) <= vertices(full[i].geometry), u.code)
  }
  const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x))
  assert.ok(bytes(simple) <= bytes(full))
  t.diagnostic(`communities' geometry: ${bytes(full)} bytes in full, ${bytes(simple)} simplified to 200 m`)
  for (const bad of ['0', '10001', '1.5', 'x']) {
    const res = await h.anonymous.get(`/api/v1/orgs?level=2&geometry=true&simplify=${bad}`)
    assert.equal(res.status, 400, bad)
  }
})
