import assert from 'node:assert/strict'
import { test } from 'node:test'
import { frameFor, tilesFor } from './map.ts'

// 兰州 roughly: the city's extent and 安宁区's
const CITY = [
  [102.6, 35.55],
  [104.6, 37.3],
]
const DISTRICT = [
  [103.62, 36.08],
  [103.78, 36.15],
]
const URL = 'https://tiles.example.cn/{z}/{x}/{y}.png'

for (const [name, points, width, height] of [
  ['the city in the 340 × 300 picker', CITY, 340, 300],
  ['a district in the 320 × 220 drawer map', DISTRICT, 320, 220],
] as const) {
  test(`the tiles under ${name} cover it without gaps, at a zoom never enlarged`, () => {
    const frame = frameFor(points as unknown as number[][], width, height, 8)
    assert.ok(frame)
    const tiles = tilesFor(frame, URL)
    assert.ok(tiles.length >= 1 && tiles.length <= 64, `${tiles.length} tiles`)
    const zooms = new Set(tiles.map((t) => /\/(\d+)\/\d+\/\d+\.png$/.exec(t.href)?.[1]))
    assert.equal(zooms.size, 1, 'one zoom')
    for (const t of tiles) assert.ok(t.width <= 256 && t.width > 64, `a tile drawn ${t.width.toFixed(0)} units wide`)
    // the corners and the middle of the view box each fall inside a tile
    for (const [px, py] of [
      [0, 0],
      [width, 0],
      [0, height],
      [width, height],
      [width / 2, height / 2],
    ]) {
      assert.ok(
        tiles.some((t) => t.x <= px + 1e-6 && px <= t.x + t.width + 1e-6 && t.y <= py + 1e-6 && py <= t.y + t.height + 1e-6),
        `(${px}, ${py}) is covered`,
      )
    }
    // neighbours share their edges exactly
    for (const a of tiles) {
      const [, z, x, y] = (/\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(a.href) ?? []).map(Number)
      const right = tiles.find((t) => t.href.endsWith(`/${z}/${x + 1}/${y}.png`))
      if (right) assert.ok(Math.abs(a.x + a.width - right.x) < 1e-9)
      const below = tiles.find((t) => t.href.endsWith(`/${z}/${x}/${y + 1}.png`))
      if (below) assert.ok(Math.abs(a.y + a.height - below.y) < 1e-9)
    }
  })
}

test('the tile under a point of 安宁区 is the slippy-map tile z12 / 3227 / 1607, placed where the point is drawn', () => {
  // the district fills 320 units with about 1,900 units per degree of longitude: zoom 12
  const frame = frameFor(DISTRICT, 320, 220, 8)
  assert.ok(frame)
  const [px, py] = [frame.x(103.7), frame.y(36.1)]
  const under = tilesFor(frame, URL).filter((t) => t.x <= px && px < t.x + t.width && t.y <= py && py < t.y + t.height)
  assert.deepEqual(
    under.map((t) => t.href),
    ['https://tiles.example.cn/12/3227/1607.png'],
  )
})
