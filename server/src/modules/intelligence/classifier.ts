/**
 * The category classifier (issue 16): a complaint's text → the 18 top-level categories ranked with
 * calibrated (softmax) scores, the subcategory where its model is confident, and the words that
 * weighed most. The model (server/data/classifier/model.json, `npm run train`) is read once, on the
 * first call; a classification is synchronous and well under 2 ms (bench/classify.ts).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { featurize, loadModel, type Model, type ModelFile, scores } from './model.ts'
import { isPlaceName, normaliseText, segment, termText } from './text.ts'

export const MODEL_FILE = fileURLToPath(new URL('../../../data/classifier/model.json', import.meta.url))

/**
 * A top-level score at or above this is `confident`: an event may be routed on it; below, it waits for
 * a person (issue 16, item 2). The model file's own `confidentAt` replaces it: the score above which
 * 95 % of the validation split's guesses were right (`npm run train`), since how sharp the softmax is
 * depends on the training; this is the fallback for a file without one.
 */
export const CONFIDENCE_THRESHOLD = 0.5
/** A subcategory replaces its top-level code when its score within that top-level category is at least this. */
export const SUBCATEGORY_THRESHOLD = 0.5

export interface Classification {
  /** best first: the top-level categories ranked with softmax scores, each replaced by its
   * confident subcategory code (e.g. `sanitation.bins`) when the sub model is confident */
  candidates: { category: string; score: number }[]
  top: string // best top-level code
  subcategory: string | null // a confident subcategory code of `top`, else null
  confidence: number // score of `top`
  confident: boolean // confidence ≥ the threshold (CONFIDENCE_THRESHOLD)
  explanation: string[] // the words / n-grams that weighed most for `top`, best first (≤ 6)
}

export interface ClassifyOptions {
  /** Whether a code may be offered (the catalogue's active categories); an inactive top-level
   * category is left out, an inactive subcategory falls back to its top-level code. */
  isActive?: (code: string) => boolean
}

let model: Model | undefined

function current(): Model {
  if (!model) model = loadModel(JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as ModelFile)
  return model
}

/** Reads the model now (xiaolan start, after listening), so the first suggestion a user waits for is not the one that loads it. */
export function warmClassifier() {
  current()
}

/** Uses this model instead of the shipped file (tests, the evaluation of a freshly trained model). */
export function useModel(file: ModelFile | undefined) {
  model = file ? loadModel(file) : undefined
}

/** The score `confident` starts at: the model file's `confidentAt`, else CONFIDENCE_THRESHOLD. */
export function confidenceThreshold(): number {
  return current().confidentAt ?? CONFIDENCE_THRESHOLD
}

export function classify(text: string, options: ClassifyOptions = {}): Classification {
  const m = current()
  const active = options.isActive ?? (() => true)
  const x = featurize(m, text)
  const p = scores(m.top, x)
  const ranked = m.top.classes
    .map((category, i) => ({ category, score: p[i] }))
    .filter((c) => active(c.category))
    .sort((a, b) => b.score - a.score)
  const subOf = (top: string): string | null => {
    const sub = m.subs.get(top)
    if (!sub) return null
    const q = scores(sub, x)
    let best = -1
    for (let i = 0; i < q.length; i++) if (active(sub.classes[i]) && (best < 0 || q[i] > q[best])) best = i
    return best >= 0 && q[best] >= SUBCATEGORY_THRESHOLD ? sub.classes[best] : null
  }
  const candidates = ranked.map((c, i) => ({
    category: i < 3 ? (subOf(c.category) ?? c.category) : c.category,
    score: round(c.score),
  }))
  const best = ranked[0]
  const top = best?.category ?? ''
  return {
    candidates,
    top,
    subcategory: top ? (candidates[0].category === top ? null : candidates[0].category) : null,
    confidence: round(best?.score ?? 0),
    confident: (best?.score ?? 0) >= confidenceThreshold(),
    explanation: top ? explain(m, text, x, m.top.classes.indexOf(top)) : [],
  }
}

const round = (v: number) => Math.round(v * 10000) / 10000

/**
 * The terms of the text that pushed most towards class `k` (weight × value), shown as the text's own
 * words: an n-gram is widened to the jieba words it falls in (没人清 → 没人清运), so the reason reads
 * as words, not fragments.
 */
function explain(m: Model, text: string, x: Array<[number, number]>, k: number): string[] {
  const weighed: Array<[string, number]> = []
  for (const [i, v] of x) {
    const row = m.top.rows.get(i)
    if (!row) continue
    for (let j = 0; j < row.c.length; j++) if (row.c[j] === k && row.w[j] > 0) weighed.push([m.terms[i], v * row.w[j]])
  }
  weighed.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  const plain = normaliseText(text)
  const words = segment(plain)
  const chosen: string[] = []
  for (const [term] of weighed) {
    const t = term.startsWith('c:') ? asWords(plain, words, termText(term)) : termText(term)
    if (t === null || chosen.some((c) => c.includes(t) || t.includes(c))) continue
    chosen.push(t)
    if (chosen.length === 6) break
  }
  return chosen
}

/**
 * The words of `plain` (its jieba segmentation, `words`) that the first occurrence of `gram` falls
 * in: the n-gram itself when it is whole words (没人, 满了); else the words it cuts into, with the
 * one-character words at the edges left off (几天没 → 几天, 口的垃 → 门口的垃圾); null when it
 * touches a place name, or when nothing of two characters, or more than a short phrase, is left.
 */
function asWords(plain: string, words: string[], gram: string): string | null {
  const at = plain.indexOf(gram)
  const covering: string[] = []
  let pos = 0
  for (const w of words) {
    if (pos + w.length > at && pos < at + gram.length) covering.push(w)
    pos += w.length
  }
  // the words spell the text (jieba keeps every character); anything else, keep the n-gram
  if (at < 0 || pos !== plain.length) return gram
  // where the complaint is says nothing of what it is about
  if (covering.some(isPlaceName)) return null
  if (covering.join('') === gram) return gram
  while (covering.length && covering[0].length === 1) covering.shift()
  while (covering.length && covering[covering.length - 1].length === 1) covering.pop()
  const phrase = covering.join('')
  return phrase.length >= 2 && phrase.length <= 6 ? phrase : null
}
