import assert from 'node:assert/strict'
import { test } from 'node:test'
import { backoffMs } from './delivery.ts'

test('the backoff doubles from the base up to the cap, drawn uniformly below that ceiling (full jitter)', () => {
  const top = () => 1 - Number.EPSILON
  const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => backoffMs(n, 10_000, 3_600_000, top) + 1)
  assert.deepEqual(ceilings, [10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000, 2_560_000])
  assert.equal(backoffMs(20, 10_000, 3_600_000, top) + 1, 3_600_000, 'the cap bounds it')
  assert.equal(
    backoffMs(3, 10_000, 3_600_000, () => 0),
    0,
    'from nothing',
  )
  assert.equal(
    backoffMs(3, 10_000, 3_600_000, () => 0.5),
    20_000,
    'uniform below the ceiling',
  )
})
