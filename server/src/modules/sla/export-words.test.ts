/**
 * The exports' domain words are the web's own (web/src/i18n/common.ts): a user who reads 待签收 in the
 * workbench reads 待签收 in the workbook too, in either language.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { common } from '../../../../web/src/i18n/common.ts'
import { EXPORT_WORDS } from './export-words.ts'

test('the exports name states, priorities, channels, deadline states and ratings in the web’s words', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    const web: Record<string, string> = common[lang]
    for (const group of ['state', 'priority', 'channel', 'sla', 'rating'] as const) {
      for (const [code, word] of Object.entries(EXPORT_WORDS[lang][group])) {
        assert.equal(word, web[`${group}.${code}`], `${lang} ${group}.${code}`)
      }
    }
  }
})
