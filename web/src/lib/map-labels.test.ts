import assert from 'node:assert/strict'
import { test } from 'node:test'
import { frameFor, labelPoint, placeLabels } from './map.ts'

/** Ray casting, written again here: is (x, y) inside the ring? */
function inside(x: number, y: number, ring: number[][]) {
  let within = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [[ax, ay], [bx, by]] = [ring[i], ring[j]]
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) within = !within
  }
  return within
}

test('a C-shaped area’s label sits inside it, where its bounding box’s centre is outside', () => {
  // a "C" opening to the east: the centre of its box (103.85, 36.05) is in the gap
  const ring = [
    [103.7, 36.0],
    [104.0, 36.0],
    [104.0, 36.02],
    [103.73, 36.02],
    [103.73, 36.08],
    [104.0, 36.08],
    [104.0, 36.1],
    [103.7, 36.1],
    [103.7, 36.0],
  ]
  const frame = frameFor(ring, 400, 300, 10)
  assert.ok(frame)
  const at = labelPoint({ type: 'Polygon', coordinates: [ring] }, frame)
  assert.ok(at)
  const screenRing = ring.map(([lng, lat]) => [frame.x(lng), frame.y(lat)])
  assert.ok(!inside(frame.x(103.85), frame.y(36.05), screenRing), 'the box centre is outside')
  assert.ok(inside(at.x, at.y, screenRing), `the label point ${at.x},${at.y} is inside`)
  assert.ok(at.room > 0)
})

test('labels wishing for the same spot are moved apart or left out, the more important kept in place, none overlapping', () => {
  const measure = (text: string) => text.length * 14
  const wishes = Array.from({ length: 12 }, (_, i) => ({ key: `u${i}`, text: `区域${i}号`, x: 100 + (i % 3), y: 80, priority: i }))
  const placed = placeLabels(wishes, { width: 300, height: 200, fontSize: 14, measure })
  assert.equal(placed[0].key, 'u11', 'the most important first')
  assert.equal(placed[0].moved, false, 'and at its own point')
  assert.ok(placed.length >= 4 && placed.length <= 12)
  for (const [i, a] of placed.entries()) {
    assert.ok(
      a.lx - a.width / 2 >= 0 && a.lx + a.width / 2 <= 300 && a.ly - a.height / 2 >= 0 && a.ly + a.height / 2 <= 200,
      'inside the view',
    )
    for (const b of placed.slice(i + 1)) {
      const apart =
        a.lx + a.width / 2 <= b.lx - b.width / 2 ||
        b.lx + b.width / 2 <= a.lx - a.width / 2 ||
        a.ly + a.height / 2 <= b.ly - b.height / 2 ||
        b.ly + b.height / 2 <= a.ly - a.height / 2
      assert.ok(apart, `${a.key} and ${b.key} overlap`)
    }
  }
  // a blocked corner takes no label
  const corner = placeLabels([{ key: 'x', text: '角落', x: 20, y: 20, priority: 1 }], {
    width: 300,
    height: 200,
    fontSize: 14,
    measure,
    blocked: [{ left: 0, top: 0, right: 100, bottom: 100 }],
  })
  for (const l of corner) assert.ok(l.lx - l.width / 2 >= 100 || l.ly - l.height / 2 >= 100, 'not over the blocked box')
})
