import assert from 'node:assert/strict'
import { test } from 'node:test'
import { areas } from './index.ts'

test('every namespace has the same keys in zh-CN and en, none empty', () => {
  for (const [ns, dictionary] of Object.entries(areas)) {
    const zh = Object.keys(dictionary['zh-CN']).sort()
    const en = Object.keys(dictionary.en).sort()
    assert.deepEqual(en, zh, `namespace ${ns}`)
    for (const [key, text] of [...Object.entries(dictionary['zh-CN']), ...Object.entries(dictionary.en)]) {
      assert.ok(text.trim(), `${ns}.${key} is empty`)
    }
  }
})
