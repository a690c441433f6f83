import assert from 'node:assert/strict'
import { test } from 'node:test'
import { similarity } from './similarity.ts'

test('two wordings of one garbage complaint score well above an unrelated one', () => {
  const a = '幸福里小区北门垃圾三天没人清运，味道很大'
  const b = '北门的垃圾好几天没有清运了'
  const c = '路灯不亮，晚上走路很黑'
  assert.ok(similarity(a, b) >= 0.25, String(similarity(a, b)))
  assert.ok(similarity(a, c) < 0.1, String(similarity(a, c)))
})

test('identical text scores 1, punctuation and spaces are ignored, empty text scores 0', () => {
  assert.equal(similarity('路灯不亮', '路灯 不亮！'), 1)
  assert.equal(similarity('', '路灯不亮'), 0)
  assert.equal(similarity('灯', '灯'), 0)
})
