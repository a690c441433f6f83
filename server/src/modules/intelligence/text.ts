/**
 * What the classifier reads in a complaint (issue 16): the text normalised, the register's
 * boilerplate cut out (来电人反映, 尊敬的领导 … say how a complaint arrived, not what it is about),
 * segmented by jieba with the custom dictionary (Lanzhou's place names kept whole, governance
 * terms), and turned into terms: words (`w:垃圾桶`) and character bigrams and trigrams (`c:垃圾`,
 * `c:垃圾桶`) of the Chinese runs. Place names from the dictionary are not word terms: where a
 * complaint is says nothing of its category.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { Jieba as JiebaType } from '@node-rs/jieba'

const DICTIONARY = fileURLToPath(new URL('../../../data/classifier/dictionary.txt', import.meta.url))

/** How complaints open and close in each register: hotline transcripts, app reports, letters, grid notes. */
const BOILERPLATE = new RegExp(
  [
    '(?:来电人|来电者|市民|群众|居民|网友|网民|热心市民|当事人)(?:来电|电话)?(?:反映|反应|称|表示|诉求|投诉|咨询|说)[:：，,]?',
    '(?:市民|群众|居民)?来电(?:反映|称|表示|诉求)?[:：，,]?',
    '尊敬的(?:各位)?(?:市长|领导|书记|主任|工作人员|相关部门)(?:们)?(?:您好|你好)?[:：，,！!]?',
    '(?:各位)?领导(?:们)?(?:您好|你好)[:：，,！!]?',
    '(?:您好|你好)[:：，,！!]?',
    '(?:此致|敬礼|谢谢|感谢您|麻烦了|辛苦了)[！!。]?',
    '(?:恳请|希望|请)(?:相关|有关)?部门(?:尽快|及时)?(?:核实|处理|解决|协调|调查)(?:处理|解决)?',
    '(?:网格员|巡查)(?:巡查)?(?:发现|上报)[:：，,]?',
    '诉求[:：]',
    '(?:来电|联系)(?:电话|号码)[:：]?[0-9*]+',
  ].join('|'),
  'g',
)

export function stripBoilerplate(text: string): string {
  return text.replace(BOILERPLATE, ' ')
}

/** Full-width to half-width, lower case, boilerplate out, digits collapsed (a door number is not a topic). */
export function normaliseText(text: string): string {
  return stripBoilerplate(text.normalize('NFKC').toLowerCase()).replace(/[0-9]+/g, '0')
}

let jieba: JiebaType | undefined
let places: Set<string> | undefined

function load() {
  if (jieba && places) return { jieba, places }
  const require = createRequire(import.meta.url)
  const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba')
  const { dict } = require('@node-rs/jieba/dict') as typeof import('@node-rs/jieba/dict')
  const custom = readFileSync(DICTIONARY)
  jieba = Jieba.withDict(dict)
  jieba.loadDict(custom)
  places = new Set(
    custom
      .toString('utf8')
      .split('\n')
      .filter((l) => l.endsWith(' ns'))
      .map((l) => l.split(' ')[0]),
  )
  return { jieba, places }
}

/** jieba's words of the text (no HMM: deterministic, and the dictionary's words stay whole). */
export function segment(text: string): string[] {
  return load().jieba.cut(text, false)
}

export function isPlaceName(word: string): boolean {
  return load().places.has(word)
}

const HAN_RUN = /[\p{Script=Han}]+/gu
const WORD = /^[\p{Script=Han}a-z]{2,}$/u
/** Words that occur everywhere and say nothing: kept out of the word terms (the n-grams still see them). */
const STOP = new Set([
  '我们',
  '你们',
  '他们',
  '这个',
  '那个',
  '一个',
  '没有',
  '已经',
  '现在',
  '因为',
  '所以',
  '但是',
  '而且',
  '可以',
  '就是',
  '还是',
  '什么',
  '这样',
  '目前',
  '问题',
  '情况',
  '反映',
  '希望',
  '尽快',
  '处理',
  '解决',
  '相关',
  '部门',
  '一下',
  '时候',
  '非常',
  '严重',
  '影响',
])

/** A text's terms with their counts: word terms (w:) and character 2- and 3-grams (c:). */
export function terms(text: string): Map<string, number> {
  const plain = normaliseText(text)
  const counts = new Map<string, number>()
  const bump = (t: string) => counts.set(t, (counts.get(t) ?? 0) + 1)
  for (const w of segment(plain)) {
    if (WORD.test(w) && !STOP.has(w) && !isPlaceName(w)) bump(`w:${w}`)
  }
  for (const run of plain.match(HAN_RUN) ?? []) {
    for (let i = 0; i + 2 <= run.length; i++) {
      bump(`c:${run.slice(i, i + 2)}`)
      if (i + 3 <= run.length) bump(`c:${run.slice(i, i + 3)}`)
    }
  }
  return counts
}

/** How a term reads in an explanation: the word or n-gram itself. */
export function termText(term: string): string {
  return term.slice(2)
}
