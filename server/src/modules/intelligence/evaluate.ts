/** Measures a classifier on labelled texts (issue 16): top-1 / top-3 at the top level, per-class P/R/F1, macro-F1, subcategory accuracy. */
import type { Classification } from './classifier.ts'

export interface Labelled {
  category: string
  text: string
}

export interface Evaluation {
  n: number
  top1: number
  top3: number
  macroF1: number
  /** over the texts whose label has a subcategory: the predicted subcategory (top's, or none) is it */
  subAccuracy: number
  subN: number
  perClass: Array<{ category: string; support: number; precision: number; recall: number; f1: number }>
}

export function evaluate(items: Labelled[], classify: (text: string) => Classification): Evaluation {
  const stats = new Map<string, { tp: number; fp: number; fn: number; support: number }>()
  const stat = (c: string) => {
    const s = stats.get(c) ?? { tp: 0, fp: 0, fn: 0, support: 0 }
    stats.set(c, s)
    return s
  }
  let top1 = 0
  let top3 = 0
  let sub = 0
  let subN = 0
  for (const item of items) {
    const truth = item.category.split('.')[0]
    const r = classify(item.text)
    const ranked = r.candidates.map((c) => c.category.split('.')[0])
    stat(truth).support++
    if (r.top === truth) {
      top1++
      stat(truth).tp++
    } else {
      stat(truth).fn++
      stat(r.top).fp++
    }
    if (ranked.slice(0, 3).includes(truth)) top3++
    if (item.category.includes('.')) {
      subN++
      if (r.subcategory === item.category) sub++
    }
  }
  const perClass = [...stats.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([category, s]) => {
      const precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 0
      const recall = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 0
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
      return { category, support: s.support, precision, recall, f1 }
    })
  const withSupport = perClass.filter((c) => c.support > 0)
  const n = items.length || 1
  return {
    n: items.length,
    top1: top1 / n,
    top3: top3 / n,
    macroF1: withSupport.reduce((a, c) => a + c.f1, 0) / (withSupport.length || 1),
    subAccuracy: subN ? sub / subN : 0,
    subN,
    perClass,
  }
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`

export function report(title: string, e: Evaluation, perClass = true): string[] {
  const lines = [
    `${title}: ${e.n} texts`,
    `  top-1 ${pct(e.top1)}   top-3 ${pct(e.top3)}   macro-F1 ${e.macroF1.toFixed(3)}   subcategory ${pct(e.subAccuracy)} of ${e.subN}`,
  ]
  if (perClass) {
    lines.push('  category        support  precision  recall   F1')
    for (const c of e.perClass) {
      lines.push(
        `  ${c.category.padEnd(15)} ${String(c.support).padStart(7)}  ${c.precision.toFixed(3).padStart(9)}  ${c.recall.toFixed(3).padStart(6)}  ${c.f1.toFixed(3).padStart(5)}`,
      )
    }
  }
  return lines
}

/** Share of right top-level guesses an automatic route must reach (the rest wait for the district center). */
export const ROUTE_PRECISION = 0.95

/**
 * The lowest score (in hundredths) whose guesses scoring at least that are right ≥ `precision` of the
 * time: the model's `confidentAt`, chosen on the validation split by `npm run train`.
 */
export function routingThreshold(guesses: Array<{ score: number; right: boolean }>, precision = ROUTE_PRECISION): number {
  for (let t = 5; t <= 95; t++) {
    const above = guesses.filter((g) => g.score >= t / 100)
    if (above.length && above.filter((g) => g.right).length / above.length >= precision) return t / 100
  }
  return 0.95
}
