import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classify, useModel } from './classifier.ts'
import { featurize, loadModel, seeded, train } from './model.ts'

const TOY = [
  ['sanitation.bins', '垃圾桶满了没人清运，臭气熏天'],
  ['sanitation.bins', '小区门口垃圾箱溢出来了，垃圾满地'],
  ['sanitation.bins', '垃圾桶好几天没人倒，苍蝇乱飞'],
  ['sanitation.bins', '路边垃圾桶坏了，垃圾堆在地上'],
  ['municipal.streetlight', '路灯晚上不亮，黑灯瞎火走路害怕'],
  ['municipal.streetlight', '这一段路灯坏了好几盏，晚上不亮'],
  ['municipal.streetlight', '路灯杆歪了，灯也不亮'],
  ['municipal.streetlight', '小区外面的路灯一直闪，不亮'],
  ['labor.wages', '老板拖欠工资三个月不发，农民工讨薪无门'],
  ['labor.wages', '工地拖欠我们工资，包工头跑了'],
  ['labor.wages', '公司拖欠工资半年，要求支付工资'],
  ['labor.wages', '饭店老板不发工资，拖欠两个月'],
].map(([category, text]) => ({ category, text }))

const options = { seed: 7, epochs: 30, l2: 1e-4, rate: 2, subRate: 2, subEpochs: 30, minDf: 1, prune: 0.001 }

test('a tiny training run learns a toy set, and the same seed gives the same file', () => {
  const file = train(TOY, options)
  assert.deepEqual(file.top.classes, ['labor', 'municipal', 'sanitation'])
  assert.deepEqual(train(TOY, options), file, 'deterministic')
  useModel(file)
  try {
    const bins = classify('楼下垃圾桶满了')
    assert.equal(bins.top, 'sanitation')
    assert.equal(bins.candidates[0].category, 'sanitation.bins', 'the only subcategory of sanitation')
    assert.ok(bins.confidence > 0.5 && bins.confident)
    assert.equal(classify('路灯不亮').top, 'municipal')
    const wages = classify('包工头拖欠工资')
    assert.equal(wages.top, 'labor')
    const sum = wages.candidates.reduce((a, c) => a + c.score, 0)
    assert.ok(Math.abs(sum - 1) < 0.01, `softmax scores sum to 1: ${sum}`)
    assert.deepEqual(
      wages.candidates.map((c) => c.score),
      [...wages.candidates.map((c) => c.score)].sort((a, b) => b - a),
      'best first',
    )
    for (const word of wages.explanation) assert.ok('包工头拖欠工资'.includes(word), `${word} is in the text`)
    assert.ok(wages.explanation.length > 0 && wages.explanation.length <= 6)
    assert.ok(
      wages.explanation.some((w) => w.includes('工资') || w.includes('拖欠')),
      wages.explanation.join(','),
    )
  } finally {
    useModel(undefined)
  }
})

test('features are L2-normalised and skip unknown terms', () => {
  const file = train(TOY, options)
  const model = loadModel(file)
  const x = featurize(model, '垃圾桶满了')
  const norm = Math.sqrt(x.reduce((a, [, v]) => a + v * v, 0))
  assert.ok(Math.abs(norm - 1) < 1e-6)
  assert.deepEqual(featurize(model, '火星'), [])
})

test('an inactive category is not offered; an inactive subcategory falls back to its top-level code', () => {
  useModel(train(TOY, options))
  try {
    const r = classify('垃圾桶满了', { isActive: (c) => c !== 'sanitation' })
    assert.ok(!r.candidates.some((c) => c.category.startsWith('sanitation')))
    assert.notEqual(r.top, 'sanitation')
    const s = classify('垃圾桶满了', { isActive: (c) => c !== 'sanitation.bins' })
    assert.equal(s.candidates[0].category, 'sanitation')
    assert.equal(s.subcategory, null)
  } finally {
    useModel(undefined)
  }
})

test('the seeded generator replays', () => {
  const a = seeded(3)
  const b = seeded(3)
  assert.deepEqual([a(), a(), a()], [b(), b(), b()])
})

test('weighted corrections move a text the training set labelled otherwise', () => {
  const text = '路边垃圾桶旁边的路灯不亮'
  const base = train(TOY, options)
  useModel(base)
  try {
    const before = classify(text).top
    const to = before === 'labor' ? 'municipal' : 'labor'
    const corrected = train([...TOY, { category: `${to}.wages`, text, weight: 3 }], options)
    useModel(corrected)
    assert.equal(classify(text).top, to, `a correction to ${to} is learnt`)
  } finally {
    useModel(undefined)
  }
})
