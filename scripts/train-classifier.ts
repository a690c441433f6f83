/**
 * `npm run train [-- --corrections <database url>] [--epochs N] [--l2 X] [--validate-only] [--data dir] [--out file]`
 * rebuilds server/data/classifier/model.json (issue 16) from server/data/complaints/train/: first a
 * seeded 90/10 split of the training files measures the options on the 10 % (the held-out set is
 * never used here), then the model is trained on all of it and written. With --corrections the
 * staff's category corrections (classifier_corrections) are added, each counting CORRECTION_WEIGHT times.
 */
import { statSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { openDatabase } from '../server/src/db/index.ts'
import { categorySeeds } from '../server/src/modules/events/categories-data.ts'
import { classify, MODEL_FILE, useModel } from '../server/src/modules/intelligence/classifier.ts'
import { readSplit } from '../server/src/modules/intelligence/corpus.ts'
import { recentCorrections } from '../server/src/modules/intelligence/corrections.ts'
import { evaluate, ROUTE_PRECISION, report, routingThreshold } from '../server/src/modules/intelligence/evaluate.ts'
import { DEFAULT_TRAIN, type Example, seeded, train, trainComplementNB } from '../server/src/modules/intelligence/model.ts'

const CORRECTION_WEIGHT = 3

const { values } = parseArgs({
  options: {
    corrections: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    epochs: { type: 'string' },
    l2: { type: 'string' },
    rate: { type: 'string' },
    prune: { type: 'string' },
    'sub-rate': { type: 'string' },
    'sub-epochs': { type: 'string' },
    'min-df': { type: 'string' },
    'validate-only': { type: 'boolean', default: false },
    compare: { type: 'boolean', default: false },
    'no-validate': { type: 'boolean', default: false },
  },
})
const options = {
  ...DEFAULT_TRAIN,
  ...(values.epochs ? { epochs: Number(values.epochs) } : {}),
  ...(values.l2 ? { l2: Number(values.l2) } : {}),
  ...(values.rate ? { rate: Number(values.rate) } : {}),
  ...(values.prune ? { prune: Number(values.prune) } : {}),
  ...(values['sub-rate'] ? { subRate: Number(values['sub-rate']) } : {}),
  ...(values['sub-epochs'] ? { subEpochs: Number(values['sub-epochs']) } : {}),
  ...(values['min-df'] ? { minDf: Number(values['min-df']) } : {}),
  log: (line: string) => console.log(line),
}

const { items, skipped } = readSplit('train', values.data)
console.log(`training set: ${items.length} complaints from server/data/complaints/train/ (${skipped} lines skipped)`)
const examples: Example[] = items.map((i) => ({ category: i.category, text: i.text }))
// the catalogue's own words: each subcategory's name and keywords, one example each, so that a
// subcategory the corpus has few complaints of still has its words
const catalogue: Example[] = categorySeeds
  .filter((c) => c.parentCode)
  .map((c) => ({ category: c.code, text: `${c.nameZh}：${c.keywords.join('，')}`, weight: 1 }))
console.log(`catalogue: ${catalogue.length} subcategories' names and keywords`)
examples.push(...catalogue)

if (values.corrections) {
  const database = await openDatabase({ url: values.corrections })
  try {
    const corrections = await recentCorrections(database.db, 1_000_000)
    console.log(
      `corrections: ${corrections.length} from ${values.corrections.replace(/\/\/[^@]*@/, '//…@')}, each weighing ${CORRECTION_WEIGHT}`,
    )
    for (const c of corrections) examples.push({ category: c.to, text: c.text, weight: CORRECTION_WEIGHT })
  } finally {
    await database.close()
  }
}

let confidentAt: number | undefined

if (!values['no-validate']) {
  // a seeded 10 % of each top-level category, for choosing options without touching the held-out set
  const random = seeded(options.seed + 1)
  const validation: Example[] = []
  const fitting: Example[] = []
  for (const e of examples) (e.weight === undefined && random() < 0.1 ? validation : fitting).push(e)
  console.log(`validation: training on ${fitting.length}, measuring on ${validation.length} (a seeded 10 % of the training files)`)
  useModel(train(fitting, options))
  for (const line of report(
    'validation split',
    evaluate(validation, (t) => classify(t)),
    false,
  ))
    console.log(line)
  // the score an event may be routed on without a person: the lowest at which the validation split's
  // top-level guesses scoring at least that are right ≥ ROUTE_PRECISION of the time
  const guesses = validation.map((e) => {
    const r = classify(e.text)
    return { score: r.confidence, right: r.top === e.category.split('.')[0] }
  })
  const threshold = routingThreshold(guesses)
  confidentAt = threshold
  const routed = guesses.filter((g) => g.score >= threshold)
  console.log(
    `routing threshold: ${threshold} (${ROUTE_PRECISION * 100} % right above it on the validation split; ` +
      `${((100 * routed.length) / Math.max(1, guesses.length)).toFixed(1)} % of its texts would be routed without a person)`,
  )
  if (values.compare) {
    useModel(trainComplementNB(fitting, options))
    for (const line of report(
      'validation split, complement naive Bayes (top level)',
      evaluate(validation, (t) => classify(t)),
      false,
    ))
      console.log(line)
  }
  useModel(undefined)
}

if (!values['validate-only']) {
  const file = { ...train(examples, options), ...(confidentAt === undefined ? {} : { confidentAt }) }
  const out = values.out ?? MODEL_FILE
  writeFileSync(out, JSON.stringify(file))
  console.log(
    `wrote ${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB, ${file.vocab.length} terms, ${file.top.rows.length} top-level weight rows`,
  )
}
