/**
 * The knowledge base's search: an in-memory BM25 index over jieba words and character bigrams of
 * each article (the title counted three times, the keywords twice, then the body), queried with the
 * caller's own words widened by the synonym table (server/data/knowledge/synonyms.txt: 暂住证 also
 * searches 居住证, 上学 also 入学). Pure: the rows in, the ranking out; `index.ts` keeps it current.
 *
 * Beside the score each hit has a confidence: the share of the question's concepts (its content
 * words, a word and its synonyms being one concept) the article contains, weighted by their IDF. A
 * question about something no article covers has concepts no article holds, so its best hit stays
 * low however common its other words are — that is what the report of unanswered questions reads.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { segment } from '../intelligence/text.ts'

const SYNONYMS_FILE = fileURLToPath(new URL('../../../data/knowledge/synonyms.txt', import.meta.url))

/** BM25's usual constants. */
const K1 = 1.2
const B = 0.75
/** A query's own words weigh 1, its bigrams 0.4 (they catch what segmentation split differently), synonyms 0.7 of that. */
const WORD_WEIGHT = 1
const GRAM_WEIGHT = 0.4
const SYNONYM_WEIGHT = 0.7
/** Below this confidence the best answer is no good one: the search is reported as unanswered. */
export const GOOD_ANSWER = 0.35

/** Spoken forms the callers use, in the written form articles use. */
const COLLOQUIAL: Array<[RegExp, string]> = [
  [/啥/g, '什么'],
  [/咋/g, '怎么'],
  [/哪儿|哪块|哪旮旯/g, '哪里'],
  [/娃娃|娃/g, '孩子'],
  [/俺/g, '我'],
  [/整个/g, '办个'],
]

/** Question words and fillers: no concept of their own (every article "explains how"). */
const STOP = new Set(
  (
    '怎么 怎么办 怎样 如何 什么 哪些 哪里 哪个 需要 要 请问 咨询 一下 我 我们 我家 你们 想 想要 可以 能不能 能 吗 呢 啊 吧 的 了 是 有 ' +
    '没有 多少 多久 几 现在 今年 问问 知道 告诉 办 去 到 在 给 和 跟 还 都 就 该 得 得要 应该 带 拿 弄 搞 个 些 这 那 怎么样 ' +
    '有没有 是不是 一般 具体 相关 规定 政策 问题 情况 情况下 时候 事 事情 东西'
  ).split(' '),
)

const HAN_RUN = /[\p{Script=Han}]+/gu
const WORD = /^(?:[\p{Script=Han}]{2,}|[a-z0-9]{2,})$/u

export interface ArticleDoc {
  id: number
  title: string
  body: string
  keywords: readonly string[]
}

interface Doc {
  id: number
  terms: Map<string, number>
  length: number
}

export interface Ranked {
  id: number
  score: number
  confidence: number
  matched: string[]
}

export interface KnowledgeIndex {
  docs: Map<number, Doc>
  df: Map<string, number>
  averageLength: number
  /** how many distinct terms: the index's size */
  termCount: number
}

export function normaliseQuestion(text: string): string {
  let s = text.normalize('NFKC').toLowerCase()
  for (const [from, to] of COLLOQUIAL) s = s.replace(from, to)
  return s
}

function words(text: string): string[] {
  return segment(text).filter((w) => WORD.test(w))
}

function bigrams(text: string): string[] {
  const out: string[] = []
  for (const run of text.match(HAN_RUN) ?? []) for (let i = 0; i + 2 <= run.length; i++) out.push(run.slice(i, i + 2))
  return out
}

function addTerms(into: Map<string, number>, text: string, times: number) {
  const plain = normaliseQuestion(text)
  for (const w of words(plain)) into.set(`w:${w}`, (into.get(`w:${w}`) ?? 0) + times)
  for (const g of bigrams(plain)) into.set(`c:${g}`, (into.get(`c:${g}`) ?? 0) + times)
}

let synonymGroups: string[][] | undefined

/** The synonym table's groups (comments and blank lines skipped), read once. */
export function synonyms(): string[][] {
  synonymGroups ??= readFileSync(SYNONYMS_FILE, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/\s+/).map((w) => normaliseQuestion(w)))
  return synonymGroups
}

export function buildIndex(articles: readonly ArticleDoc[]): KnowledgeIndex {
  const docs = new Map<number, Doc>()
  const df = new Map<string, number>()
  let total = 0
  for (const a of articles) {
    const terms = new Map<string, number>()
    addTerms(terms, a.title, 3)
    addTerms(terms, a.keywords.join(' '), 2)
    addTerms(terms, a.body, 1)
    let length = 0
    for (const [t, n] of terms) {
      length += n
      df.set(t, (df.get(t) ?? 0) + 1)
    }
    docs.set(a.id, { id: a.id, terms, length })
    total += length
  }
  return { docs, df, averageLength: docs.size ? total / docs.size : 1, termCount: df.size }
}

const idf = (index: KnowledgeIndex, term: string) => {
  const n = index.df.get(term) ?? 0
  return Math.log(1 + (index.docs.size - n + 0.5) / (n + 0.5))
}

/** A concept of the question: its word, and the terms that also count as it (synonyms, and its bigrams when the article split it). */
interface Concept {
  word: string
  alternatives: string[]
}

/** The weighted terms of a question and its concepts. */
export function parseQuestion(question: string): { terms: Map<string, number>; concepts: Concept[] } {
  const plain = normaliseQuestion(question)
  const terms = new Map<string, number>()
  const bump = (t: string, w: number) => terms.set(t, Math.max(terms.get(t) ?? 0, w))
  const own = [...new Set(words(plain))]
  for (const w of own) bump(`w:${w}`, WORD_WEIGHT)
  for (const g of bigrams(plain)) bump(`c:${g}`, GRAM_WEIGHT)
  const concepts: Concept[] = own.filter((w) => !STOP.has(w)).map((word) => ({ word, alternatives: [`w:${word}`] }))
  for (const group of synonyms()) {
    const said = group.filter((w) => plain.includes(w))
    if (!said.length) continue
    for (const other of group) {
      bump(`w:${other}`, WORD_WEIGHT * SYNONYM_WEIGHT)
      for (const g of bigrams(other)) bump(`c:${g}`, GRAM_WEIGHT * SYNONYM_WEIGHT)
    }
    // the concepts the group's words are part of accept every word of the group
    for (const c of concepts) {
      if (said.some((w) => c.word.includes(w) || w.includes(c.word))) c.alternatives.push(...group.map((w) => `w:${w}`))
    }
  }
  // a long word an article spells in two (入学登记 as 入学 + 登记) is there when all its bigrams are
  for (const c of concepts) if ([...c.word].length >= 3) c.alternatives.push(`all:${bigrams(c.word).join('|')}`)
  return { terms, concepts }
}

function holds(doc: Doc, alternative: string): boolean {
  if (!alternative.startsWith('all:')) return doc.terms.has(alternative)
  const grams = alternative.slice(4).split('|')
  return grams.length > 0 && grams.every((g) => doc.terms.has(`c:${g}`))
}

/** The articles ranked for a question (only those of `allowed`, when given), best first. */
export function rank(index: KnowledgeIndex, question: string, options: { allowed?: (id: number) => boolean; limit: number }): Ranked[] {
  const { terms, concepts } = parseQuestion(question)
  const weights = [...terms].map(([t, w]) => ({ t, w, idf: idf(index, t) }))
  const conceptIdf = concepts.map((c) => Math.max(...c.alternatives.filter((a) => a.startsWith('w:')).map((a) => idf(index, a))))
  const conceptTotal = conceptIdf.reduce((s, x) => s + x, 0)
  const ranked: Ranked[] = []
  for (const doc of index.docs.values()) {
    if (options.allowed && !options.allowed(doc.id)) continue
    let score = 0
    for (const { t, w, idf: i } of weights) {
      const tf = doc.terms.get(t)
      if (!tf) continue
      score += w * i * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / index.averageLength)))
    }
    if (score <= 0) continue
    const matched: string[] = []
    let covered = 0
    concepts.forEach((c, i) => {
      if (c.alternatives.some((a) => holds(doc, a))) {
        matched.push(c.word)
        covered += conceptIdf[i]
      }
    })
    // a question of only question words (怎么办理?) has no concept: its confidence is the score's alone, low
    const confidence = conceptTotal > 0 ? covered / conceptTotal : 0
    ranked.push({ id: doc.id, score: Math.round(score * 1000) / 1000, confidence: Math.round(confidence * 1000) / 1000, matched })
  }
  // the score ranks; between near-equal scores the article holding more of the question's concepts first
  return ranked.sort((a, b) => b.score * (0.5 + b.confidence) - a.score * (0.5 + a.confidence) || a.id - b.id).slice(0, options.limit)
}
