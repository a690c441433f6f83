import assert from 'node:assert/strict'
import { test } from 'node:test'
import { duplicateScore, metresBetween, textSimilarity } from './duplicates.ts'

test('the score falls with distance, with age and for another category, and rises with shared words', () => {
  const base = { text: 0.6, metres: 50, ageDays: 1, sameCategory: true }
  assert.ok(duplicateScore(base) > duplicateScore({ ...base, metres: 600 }), 'farther is lower')
  assert.ok(duplicateScore({ ...base, metres: 600 }) > duplicateScore({ ...base, metres: 2000 }))
  assert.ok(duplicateScore(base) > duplicateScore({ ...base, ageDays: 12 }), 'older is lower')
  assert.ok(duplicateScore(base) > duplicateScore({ ...base, sameCategory: false }), 'another category is lower')
  assert.equal(duplicateScore({ ...base, sameCategory: null }), duplicateScore(base), 'no category given: no penalty')
  assert.equal(duplicateScore({ ...base, text: 0 }), 0, 'no shared text, no duplicate')
  assert.ok(duplicateScore(base) <= 0.6)
})

test('text similarity: a rephrasing of one matter beats another matter at the same place', () => {
  const report = '幸福里小区北门垃圾桶满了好几天没人清运，臭味很大'
  const rephrased = '北门那边的垃圾三天都没有清运了，味道太难闻'
  const other = '幸福里小区北门路灯晚上不亮，走路看不见'
  assert.ok(textSimilarity(report, rephrased) > textSimilarity(report, other))
  assert.equal(Math.round(textSimilarity(report, report) * 1000), 1000)
  assert.equal(textSimilarity('', report), 0)
})

test('metres between two points: 0.001° of latitude is about 111 m', () => {
  assert.equal(Math.round(metresBetween({ lat: 36, lng: 103.8 }, { lat: 36.001, lng: 103.8 })), 111)
  assert.equal(metresBetween({ lat: 36, lng: 103.8 }, { lat: 36, lng: 103.8 }), 0)
})
