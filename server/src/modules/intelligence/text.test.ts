import assert from 'node:assert/strict'
import { test } from 'node:test'
import { normaliseText, segment, stripBoilerplate, terms } from './text.ts'

test('segmentation keeps Lanzhou place names whole (the custom dictionary)', () => {
  const words = segment('城关区张掖路街道幸福里小区门口和七里河区西站的垃圾桶满了')
  for (const place of ['城关区', '幸福里小区', '七里河区', '垃圾桶']) assert.ok(words.includes(place), `${place}: ${words.join('/')}`)
})

test('the register’s boilerplate is cut out and weighs nothing', () => {
  assert.doesNotMatch(stripBoilerplate('来电人反映：小区路灯不亮'), /来电人反映/)
  assert.doesNotMatch(stripBoilerplate('尊敬的领导：您好！小区路灯不亮。此致敬礼'), /尊敬的领导|此致/)
  const plain = terms('小区路灯不亮')
  const hotline = terms('市民来电反映：小区路灯不亮，希望相关部门尽快处理')
  assert.deepEqual([...hotline.keys()].sort(), [...plain.keys()].sort())
})

test('terms: words without place names, and character bigrams and trigrams of the Chinese runs', () => {
  const t = terms('城关区垃圾桶满了，垃圾桶没人清')
  assert.equal(t.get('w:垃圾桶'), 2)
  assert.equal(t.get('w:城关区'), undefined, 'a place name is not a word term')
  assert.equal(t.get('c:垃圾'), 2)
  assert.equal(t.get('c:垃圾桶'), 2)
  assert.equal(t.get('c:了垃'), undefined, 'no n-gram across punctuation')
  assert.equal(t.get('c:满了垃'), undefined)
  assert.ok(t.has('c:关区'), 'the n-grams still see every character')
})

test('normalisation: full width, case and digits', () => {
  assert.equal(normaliseText('ＡＢＣ３号楼12单元'), 'abc0号楼0单元')
})
