/**
 * The guard on the shipped model (issue 16): its top-1 and top-3 on the held-out complaints
 * (server/data/complaints/heldout/, written by other hands than the training set) must not drop
 * below floors set a little under the measured figures (bench/README.md, "Category classifier").
 * They are the guard against a worse model being committed, not the target (90 % / 97 %).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classify } from './classifier.ts'
import { readSplit } from './corpus.ts'
import { evaluate } from './evaluate.ts'

const TOP1_FLOOR = 0.89
const TOP3_FLOOR = 0.96

test('the shipped model’s held-out top-1 and top-3 stay above their floors', () => {
  const { items } = readSplit('heldout')
  assert.ok(items.length >= 300, `${items.length} held-out complaints`)
  const e = evaluate(items, (t) => classify(t))
  assert.ok(e.top1 >= TOP1_FLOOR, `top-1 ${(e.top1 * 100).toFixed(1)} % < ${TOP1_FLOOR * 100} %`)
  assert.ok(e.top3 >= TOP3_FLOOR, `top-3 ${(e.top3 * 100).toFixed(1)} % < ${TOP3_FLOOR * 100} %`)
})
