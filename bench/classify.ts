/**
 * Benchmark of the category classifier (issue 16, target < 2 ms per text in-process).
 *
 *   node --import tsx bench/classify.ts            # run and update bench/README.md
 *   node --import tsx bench/classify.ts --no-write # run only
 *
 * The texts are the held-out complaints (server/data/complaints/heldout/), classified one by one
 * with the shipped model (server/data/classifier/model.json) after a warm-up, each timed alone; the
 * first call's cost (reading the model and the dictionary) is measured apart.
 */
import { execFileSync } from 'node:child_process'
import { statSync } from 'node:fs'
import os from 'node:os'
import { classify, MODEL_FILE } from '../server/src/modules/intelligence/classifier.ts'
import { readSplit } from '../server/src/modules/intelligence/corpus.ts'
import { writeReadmeSection } from './support.ts'

const texts = readSplit('heldout').items.map((i) => i.text)
if (texts.length === 0) throw new Error('no held-out texts in server/data/complaints/heldout/')
const ROUNDS = Math.max(1, Math.ceil(5000 / texts.length))

const t = performance.now()
classify(texts[0])
const firstMs = performance.now() - t

for (const text of texts) classify(text)
const times: number[] = []
for (let r = 0; r < ROUNDS; r++) {
  for (const text of texts) {
    const t0 = performance.now()
    classify(text)
    times.push(performance.now() - t0)
  }
}
times.sort((a, b) => a - b)
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]
const total = times.reduce((a, b) => a + b, 0)
const chars = texts.reduce((a, s) => a + s.length, 0) / texts.length

const lines = [
  `model ${(statSync(MODEL_FILE).size / 1024).toFixed(0)} KiB; first call (model and dictionary loaded) ${firstMs.toFixed(0)} ms`,
  `${texts.length} held-out texts (mean ${chars.toFixed(0)} characters) × ${ROUNDS} rounds = ${times.length.toLocaleString('en')} classifications`,
  `classify: p50 ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms, max ${at(1).toFixed(3)} ms; ${Math.round(times.length / (total / 1000)).toLocaleString('en')} texts/s on one core`,
  `load average ${os.loadavg()[0].toFixed(1)} at the end (2 cores shared)`,
]
for (const line of lines) console.log(line)

if (!process.argv.includes('--no-write')) {
  const cpu = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU'
  const nproc = execFileSync('nproc').toString().trim()
  writeReadmeSection({
    title: '## Category classifier speed (bench/classify.ts)',
    machine: `nproc ${nproc}, ${cpu}, ${os.platform()} ${os.arch()}`,
    command: 'node --import tsx bench/classify.ts',
    results: lines,
    notes: [
      'In-process and synchronous, the way the route and the intake path call `classify()`: NFKC and the',
      'boilerplate cut, jieba segmentation, the terms looked up in the vocabulary, 18 top-level scores, the',
      'subcategory models of the three best, and the explanation. Target: < 2 ms per text.',
    ],
  })
}
