import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { square } from '../../../test/shapes.ts'
import { buildLocator, type LocatorUnit, polygonContains } from './locator.ts'

describe('locator: a community in several parts (a MultiPolygon, as an imported city may have)', () => {
  // community 4 has two parts with community 5 between them; 6 is a plain Polygon neighbour
  const parts = [square(0, 0, 1), square(2, 0, 1)]
  const center = (id: number, level: 1 | 2 | 3 | 4, parentId: number | null, geometry?: LocatorUnit['geometry']): LocatorUnit => ({
    id,
    kind: 'center',
    level,
    parentId,
    geometry,
  })
  const units = [
    center(1, 1, null),
    center(2, 2, 1),
    center(3, 3, 2),
    center(4, 4, 3, { type: 'MultiPolygon', coordinates: parts }),
    center(5, 4, 3, { type: 'Polygon', coordinates: square(1, 0, 1) }),
  ]
  const locator = buildLocator(units)

  it('indexes each part as ground of the same community', () => {
    assert.equal(locator.groundCount, 3)
    assert.deepEqual(locator.locate(0.5, 0.5), { gridId: null, communityId: 4, streetId: 3, districtId: 2, cityId: 1 })
    assert.equal(locator.locate(0.5, 2.5)?.communityId, 4)
    assert.equal(locator.locate(0.5, 1.5)?.communityId, 5)
    assert.equal(locator.locate(0.5, 3.5), null)
    assert.equal(locator.locate(1.5, 0.5), null)
  })

  it('property: a point is located to the community whose parts hold it, whatever the order of the units', () => {
    const reversed = buildLocator([...units].reverse())
    fc.assert(
      fc.property(fc.double({ min: -0.5, max: 3.5, noNaN: true }), fc.double({ min: -0.5, max: 1.5, noNaN: true }), (lng, lat) => {
        // an independent model: unit squares side by side, each owning its west and south edges
        const column = Math.floor(lng)
        const expected = lat >= 0 && lat < 1 && column >= 0 && column <= 2 ? (column === 1 ? 5 : 4) : null
        assert.equal(locator.locate(lat, lng)?.communityId ?? null, expected)
        assert.deepEqual(reversed.locate(lat, lng), locator.locate(lat, lng))
      }),
      { numRuns: 2000 },
    )
  })

  it('polygonContains takes a MultiPolygon’s coordinates as well as a Polygon’s', () => {
    assert.equal(polygonContains(parts, 0.5, 2.5), true)
    assert.equal(polygonContains(parts, 0.5, 1.5), false)
    assert.equal(polygonContains(parts[1], 0.5, 2.5), true)
  })
})
