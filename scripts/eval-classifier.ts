/**
 * `npm run eval:classifier [-- --corrections <database url>] [--recent N] [--model file] [--write-readme]`
 * measures the shipped model (server/data/classifier/model.json) on the held-out complaints of
 * server/data/complaints/heldout/ — written by other writers than the training set, who never saw
 * the training files — and, with --corrections, on the N most recent staff corrections apart.
 * --write-readme puts the output in bench/README.md.
 */

import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { writeReadmeSection } from '../bench/support.ts'
import { openDatabase } from '../server/src/db/index.ts'
import { classify, MODEL_FILE, useModel } from '../server/src/modules/intelligence/classifier.ts'
import { readSplit } from '../server/src/modules/intelligence/corpus.ts'
import { recentCorrections } from '../server/src/modules/intelligence/corrections.ts'
import { evaluate, report } from '../server/src/modules/intelligence/evaluate.ts'

const { values } = parseArgs({
  options: {
    corrections: { type: 'string' },
    recent: { type: 'string', default: '500' },
    model: { type: 'string' },
    data: { type: 'string' },
    'write-readme': { type: 'boolean', default: false },
  },
})
if (values.model) useModel(JSON.parse(readFileSync(values.model, 'utf8')))

const lines: string[] = []
const out = (line: string) => {
  lines.push(line)
  console.log(line)
}

const { items, skipped } = readSplit('heldout', values.data)
const train = readSplit('train', values.data).items
out(`model: ${values.model ?? 'server/data/classifier/model.json'}`)
out(`held-out set: server/data/complaints/heldout/ — ${items.length} complaints (${skipped} lines skipped), written by`)
out(`  other writers than the training set (train/, ${train.length} complaints), who never saw the training files`)
const seen = new Set(train.map((t) => t.text))
const overlap = items.filter((i) => seen.has(i.text)).length
out(`  texts also in train/: ${overlap}`)
for (const line of report(
  'held-out',
  evaluate(items, (t) => classify(t)),
))
  out(line)
const registers = [...new Set(items.map((i) => i.register ?? '?'))].sort()
for (const r of registers) {
  const e = evaluate(
    items.filter((i) => (i.register ?? '?') === r),
    (t) => classify(t),
  )
  out(
    `  register ${r.padEnd(8)} ${String(e.n).padStart(4)} texts: top-1 ${(e.top1 * 100).toFixed(1)} %, top-3 ${(e.top3 * 100).toFixed(1)} %`,
  )
}

if (values.corrections) {
  const database = await openDatabase({ url: values.corrections })
  try {
    const recent = await recentCorrections(database.db, Number(values.recent))
    for (const line of report(
      `the ${values.recent} most recent corrections`,
      evaluate(
        recent.map((c) => ({ category: c.to, text: c.text })),
        (t) => classify(t),
      ),
      false,
    ))
      out(line)
  } finally {
    await database.close()
  }
}

if (values['write-readme']) {
  writeReadmeSection({
    title: '## Category classifier (npm run eval:classifier, issue 16)',
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} (shared)`,
    command: `npm run eval:classifier${values.corrections ? ' -- --corrections <url>' : ''}`,
    results: lines,
    notes: [
      'The held-out files (server/data/complaints/heldout/) were written by other hands than the training files, who never saw them;',
      'options (epochs, L2, features) were chosen on a seeded 10 % validation split of the training files (`npm run train` prints it), never on the held-out set.',
      `Model file: ${MODEL_FILE.replace(/.*\/server\//, 'server/')}.`,
    ],
  })
}
