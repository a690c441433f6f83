/**
 * The classifier's model (issue 16): multinomial logistic regression with L2 over sublinear TF-IDF
 * features (terms of text.ts), one model for the 18 top-level categories and one per top-level
 * category for its subcategories. Trained here in TypeScript by seeded SGD (the same data and
 * options give the same file), stored as JSON with near-zero weights pruned and the rest rounded.
 */
import { mulberry32 } from '../orgs/layout.ts'
import { terms } from './text.ts'

export interface Example {
  /** the full code: `sanitation.bins`, or a top-level code when the sub is unknown */
  category: string
  text: string
  /** how much the example counts (corrections weigh more); default 1 */
  weight?: number
}

export interface TrainOptions {
  seed: number
  epochs: number
  /** L2 strength per example */
  l2: number
  /** the initial learning rate, decayed as 1 / (1 + epoch) */
  rate: number
  /** the subcategory models' initial rate and epochs (each has few examples, so more of both) */
  subRate: number
  subEpochs: number
  /** a term is kept when this many training texts have it */
  minDf: number
  /** weights of smaller magnitude are dropped from the file */
  prune: number
  /** progress lines (epoch, loss, rate) */
  log?: (line: string) => void
}

export const DEFAULT_TRAIN: TrainOptions = { seed: 16, epochs: 14, l2: 1e-5, rate: 1, subRate: 8, subEpochs: 30, minDf: 2, prune: 0.05 }

/** A linear model as read for scoring: per term index, the classes it weighs for and by how much. */
export interface Linear {
  classes: string[]
  bias: number[]
  rows: Map<number, { c: Uint16Array; w: Float32Array }>
}

export interface Model {
  vocab: Map<string, number>
  terms: string[]
  idf: Float32Array
  top: Linear
  subs: Map<string, Linear>
  /** the top-level score an event is routed on without a person (the file's, chosen on the validation split) */
  confidentAt?: number
}

/** The JSON file: vocabulary, idf, and each model's rows as [term index, class, weight, class, weight …]. */
export interface ModelFile {
  format: 1
  trained: { examples: number; terms: number; options: Omit<TrainOptions, 'log'> }
  vocab: string[]
  idf: number[]
  top: LinearFile
  subs: Record<string, LinearFile>
  /** written by `npm run train`: see scripts/train-classifier.ts routingThreshold */
  confidentAt?: number
}
interface LinearFile {
  classes: string[]
  bias: number[]
  rows: number[][]
}

export type Features = Array<[index: number, value: number]>

/** The text's known terms, sublinear tf × idf, L2-normalised. */
export function featurize(model: Pick<Model, 'vocab' | 'idf'>, text: string): Features {
  const out: Features = []
  let norm = 0
  for (const [t, n] of terms(text)) {
    const i = model.vocab.get(t)
    if (i === undefined) continue
    const v = (1 + Math.log(n)) * model.idf[i]
    out.push([i, v])
    norm += v * v
  }
  const s = norm > 0 ? 1 / Math.sqrt(norm) : 0
  for (const f of out) f[1] *= s
  return out
}

/** Softmax probabilities of the classes (numerically stable). */
export function scores(m: Linear, x: Features): number[] {
  const z = m.bias.slice()
  for (const [i, v] of x) {
    const row = m.rows.get(i)
    if (!row) continue
    for (let k = 0; k < row.c.length; k++) z[row.c[k]] += v * row.w[k]
  }
  return softmax(z)
}

export function softmax(z: number[]): number[] {
  const max = Math.max(...z)
  const e = z.map((v) => Math.exp(v - max))
  const sum = e.reduce((a, b) => a + b, 0)
  return e.map((v) => v / sum)
}

/** The seeded generator training uses (mulberry32, the demo city's): the same data gives the same file. */
export const seeded = mulberry32

const topOf = (code: string) => code.split('.')[0]

/** Trains the top-level model and the per-top subcategory models on the examples. */
export function train(examples: Example[], options: TrainOptions = DEFAULT_TRAIN): ModelFile {
  const log = options.log ?? (() => {})
  const started = performance.now()
  // vocabulary: document frequency over the training texts
  const docs = examples.map((e) => terms(e.text))
  const df = new Map<string, number>()
  for (const d of docs) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1)
  const vocabList = [...df.entries()]
    .filter(([, n]) => n >= options.minDf)
    .map(([t]) => t)
    .sort()
  const vocab = new Map(vocabList.map((t, i) => [t, i]))
  const n = docs.length
  const idf = new Float32Array(vocabList.map((t) => Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1))
  const features = examples.map((e) => featurize({ vocab, idf }, e.text))
  log(`features: ${examples.length} texts, ${vocabList.length} terms (df ≥ ${options.minDf}) in ${ms(started)}`)

  const random = seeded(options.seed)
  const topClasses = [...new Set(examples.map((e) => topOf(e.category)))].sort()
  const top = fit(
    'top',
    topClasses,
    examples.map((e, i) => ({ x: features[i], y: topClasses.indexOf(topOf(e.category)), w: e.weight ?? 1 })),
    vocabList.length,
    options,
    random,
    log,
  )
  const subs: Record<string, LinearFile> = {}
  for (const t of topClasses) {
    const mine = examples.map((e, i) => ({ e, i })).filter(({ e }) => topOf(e.category) === t && e.category.includes('.'))
    const classes = [...new Set(mine.map(({ e }) => e.category))].sort()
    if (classes.length === 0) continue
    subs[t] = fit(
      t,
      classes,
      mine.map(({ e, i }) => ({ x: features[i], y: classes.indexOf(e.category), w: e.weight ?? 1 })),
      vocabList.length,
      { ...options, rate: options.subRate, epochs: options.subEpochs },
      random,
      () => {},
    )
  }
  log(`trained in ${ms(started)} (${Math.round(examples.length / ((performance.now() - started) / 1000))} texts/s)`)
  const { log: _, ...kept } = options
  return {
    format: 1,
    trained: { examples: examples.length, terms: vocabList.length, options: kept },
    vocab: vocabList,
    idf: [...idf].map((v) => round(v, 3)),
    top,
    subs,
  }
}

function ms(since: number) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`
}

function round(v: number, digits: number) {
  const f = 10 ** digits
  return Math.round(v * f) / f
}

/** Seeded SGD on the softmax loss with L2, applied lazily to the rows an example touches. */
function fit(
  name: string,
  classes: string[],
  data: Array<{ x: Features; y: number; w: number }>,
  dims: number,
  o: TrainOptions,
  random: () => number,
  log: (line: string) => void,
): LinearFile {
  const k = classes.length
  const bias = new Float64Array(k)
  if (k === 1) return { classes, bias: [0], rows: [] }
  const w = new Float64Array(dims * k)
  const order = data.map((_, i) => i)
  const z = new Float64Array(k)
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[order[i], order[j]] = [order[j], order[i]]
    }
    const rate = o.rate / (1 + epoch)
    let loss = 0
    for (const idx of order) {
      const { x, y, w: weight } = data[idx]
      for (let c = 0; c < k; c++) z[c] = bias[c]
      for (const [f, v] of x) for (let c = 0; c < k; c++) z[c] += v * w[f * k + c]
      let max = -Infinity
      for (let c = 0; c < k; c++) max = Math.max(max, z[c])
      let sum = 0
      for (let c = 0; c < k; c++) {
        z[c] = Math.exp(z[c] - max)
        sum += z[c]
      }
      loss -= weight * Math.log(Math.max(z[y] / sum, 1e-12))
      const decay = 1 - rate * o.l2 * data.length
      for (let c = 0; c < k; c++) {
        const g = weight * (z[c] / sum - (c === y ? 1 : 0))
        bias[c] -= rate * g
        for (const [f, v] of x) {
          const at = f * k + c
          w[at] = w[at] * decay - rate * g * v
        }
      }
    }
    log(`  ${name} epoch ${epoch + 1}/${o.epochs}: loss ${(loss / data.length).toFixed(4)}`)
  }
  const rows: number[][] = []
  for (let f = 0; f < dims; f++) {
    const row: number[] = []
    for (let c = 0; c < k; c++) {
      const v = w[f * k + c]
      if (Math.abs(v) >= o.prune) row.push(c, round(v, 3))
    }
    if (row.length) rows.push([f, ...row])
  }
  return { classes, bias: [...bias].map((v) => round(v, 3)), rows }
}

function linear(f: LinearFile): Linear {
  const rows = new Map<number, { c: Uint16Array; w: Float32Array }>()
  for (const [term, ...pairs] of f.rows) {
    const c = new Uint16Array(pairs.length / 2)
    const w = new Float32Array(pairs.length / 2)
    for (let i = 0; i < c.length; i++) {
      c[i] = pairs[2 * i]
      w[i] = pairs[2 * i + 1]
    }
    rows.set(term, { c, w })
  }
  return { classes: f.classes, bias: f.bias, rows }
}

export function loadModel(file: ModelFile): Model {
  return {
    vocab: new Map(file.vocab.map((t, i) => [t, i])),
    terms: file.vocab,
    idf: new Float32Array(file.idf),
    top: linear(file.top),
    subs: new Map(Object.entries(file.subs).map(([t, f]) => [t, linear(f)])),
    confidentAt: file.confidentAt,
  }
}

/**
 * Complement naive Bayes (Rennie et al. 2003, weight-normalised) on the same features, for the top
 * level only: measured beside the logistic regression on the validation split (`npm run train --
 * --compare`); the shipped model is the better of the two there. Its scores are scaled by
 * `temperature` before the softmax.
 */
export function trainComplementNB(examples: Example[], options: TrainOptions, alpha = 0.3, temperature = 30): ModelFile {
  const file = train(examples, { ...options, epochs: 0 })
  const model = loadModel(file)
  const classes = file.top.classes
  const k = classes.length
  const dims = file.vocab.length
  const total = new Float64Array(dims)
  const perClass = new Float64Array(dims * k)
  for (const e of examples) {
    const c = classes.indexOf(topOf(e.category))
    for (const [f, v] of featurize(model, e.text)) {
      total[f] += v * (e.weight ?? 1)
      perClass[f * k + c] += v * (e.weight ?? 1)
    }
  }
  const sumAll = total.reduce((a, b) => a + b, 0)
  const w = new Float64Array(dims * k)
  for (let c = 0; c < k; c++) {
    let sumC = 0
    for (let f = 0; f < dims; f++) sumC += perClass[f * k + c]
    const denominator = sumAll - sumC + alpha * dims
    let norm = 0
    for (let f = 0; f < dims; f++) {
      const v = Math.log((total[f] - perClass[f * k + c] + alpha) / denominator)
      w[f * k + c] = v
      norm += Math.abs(v)
    }
    for (let f = 0; f < dims; f++) w[f * k + c] = (-w[f * k + c] / norm) * temperature * dims
  }
  const rows: number[][] = []
  for (let f = 0; f < dims; f++) {
    const row: number[] = [f]
    for (let c = 0; c < k; c++) row.push(c, w[f * k + c])
    rows.push(row)
  }
  return { ...file, top: { classes, bias: new Array(k).fill(0), rows } }
}
