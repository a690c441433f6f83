/** The shipped model (server/data/classifier/model.json): it loads, and reads plain complaints and the catalogue's own words sensibly. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { categorySeeds } from '../events/categories-data.ts'
import { classify, confidenceThreshold } from './classifier.ts'
import { routingThreshold } from './evaluate.ts'

test('the shipped model ranks every top-level category, and a subcategory only under its own top', () => {
  const r = classify('小区门口的垃圾桶满了好几天没人清运')
  const tops = categorySeeds.filter((c) => !c.parentCode).map((c) => c.code)
  assert.deepEqual(r.candidates.map((c) => c.category.split('.')[0]).sort(), [...tops].sort())
  assert.equal(r.top, 'sanitation')
  if (r.subcategory) assert.ok(r.subcategory.startsWith('sanitation.'))
  assert.equal(r.confident, r.confidence >= confidenceThreshold())
  for (const w of r.explanation) assert.ok('小区门口的垃圾桶满了好几天没人清运'.includes(w), w)
})

test('the catalogue’s own keywords land in their top-level category', () => {
  const subs = categorySeeds.filter((c) => c.parentCode)
  const wrong = subs.filter((c) => classify(c.keywords.join(' ')).top !== c.parentCode)
  assert.ok(wrong.length <= subs.length * 0.1, `${wrong.length} of ${subs.length}: ${wrong.map((c) => c.code).join(', ')}`)
})

test('plain complaints of each kind', () => {
  const cases: Array<[string, string]> = [
    ['路灯晚上不亮，黑灯瞎火的', 'municipal'],
    ['老板拖欠我们三个月工资不发', 'labor'],
    ['楼上装修噪音太大，晚上十二点还在电钻', 'environment'],
    ['暖气不热，家里只有十几度', 'utilities'],
    ['请问办理居住证需要什么材料', 'consult'],
  ]
  const wrong = cases.filter(([text, top]) => classify(text).top !== top)
  assert.ok(wrong.length <= 1, wrong.map(([t]) => `${t} → ${classify(t).top}`).join('; '))
})

test('an empty or unknown text still answers, with nothing to explain', () => {
  for (const text of ['', '！！！', 'qwerty']) {
    const r = classify(text)
    assert.equal(r.candidates.length, 18)
    assert.deepEqual(r.explanation, [])
  }
})

test('the routing threshold is the lowest score above which the guesses are right often enough', () => {
  const guesses = [
    { score: 0.9, right: true },
    { score: 0.6, right: true },
    { score: 0.4, right: true },
    { score: 0.3, right: false },
    { score: 0.2, right: true },
  ]
  assert.equal(routingThreshold(guesses, 0.95), 0.31)
  assert.equal(routingThreshold(guesses, 0.75), 0.05)
  assert.equal(routingThreshold([{ score: 0.99, right: false }]), 0.95)
})
