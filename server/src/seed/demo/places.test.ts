import assert from 'node:assert/strict'
import { test } from 'node:test'
import { polygonContains } from '../../modules/orgs/locator.ts'
import { namedPlaces } from '../../modules/orgs/places.ts'
import { generateDemoCity } from './city.ts'
import { demoPlaces } from './places.ts'

const units = generateDemoCity()
const communities = units.filter((u) => u.kind === 'center' && u.level === 4)
const named = namedPlaces(units)
const generated = demoPlaces(units, named)

test('every community has the places its name tells of and a few generated ones, none named twice', () => {
  assert.equal(new Set(named.map((p) => p.communityId)).size, communities.length, 'every demo community’s name tells of a place')
  assert.ok(named.every((p) => !p.generated) && generated.every((p) => p.generated))
  const perCommunity = new Map<number, string[]>()
  for (const p of [...named, ...generated]) perCommunity.set(p.communityId, [...(perCommunity.get(p.communityId) ?? []), p.name])
  for (const c of communities) {
    const names = perCommunity.get(c.id) ?? []
    assert.ok(names.length >= 2 && names.length <= 6, `${c.name}: ${names}`)
    assert.equal(new Set(names).size, names.length, `${c.name}: ${names}`)
  }
  const xingfuli = communities.find((c) => c.name === '幸福里社区')
  assert.ok(xingfuli)
  assert.ok(named.some((p) => p.communityId === xingfuli.id && p.name === '幸福里小区'))
})

test('every place lies inside its community', () => {
  const byId = new Map(communities.map((c) => [c.id, c]))
  for (const p of [...named, ...generated]) {
    const c = byId.get(p.communityId)
    assert.ok(c?.geometry, p.name)
    const coordinates = c.geometry.coordinates as unknown as number[][][] | number[][][][]
    const polygons = (typeof coordinates[0][0][0] === 'number' ? [coordinates] : coordinates) as number[][][][]
    assert.ok(
      polygons.some((polygon) => polygonContains(polygon, p.lat, p.lng)),
      `${p.name} (${p.lat}, ${p.lng}) outside ${c.name}`,
    )
  }
})

test('a community’s generated places depend on it alone, not on the other communities seeded', () => {
  const one = communities[Math.floor(communities.length / 2)]
  const alone = demoPlaces([one], named)
  assert.deepEqual(
    alone,
    generated.filter((p) => p.communityId === one.id),
  )
})
