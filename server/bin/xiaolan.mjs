#!/usr/bin/env -S node --max-old-space-size=256
// `xiaolan start | migrate | seed [--demo] | create-admin`: the compiled server (server/dist), run in
// this very process, so a signal sent to it reaches the server and nothing is left behind. In a
// checkout, a build that is missing or older than its sources is made first (scripts/build.mjs).
// The old-space cap bounds the heap through a 200,000-row xlsx export on PostgreSQL (bench/README.md):
// uncapped, V8 lets the export's garbage grow the heap past 290 MB. It was 160 MB until the demo on the
// embedded database ran out of it when the big screen's eight reads arrived at once (the knowledge
// index, the classifier, the sweeps' sites and the rest now live in the heap beside them). `node --max-old-space-size=… server/bin/xiaolan.mjs` sets another.
import { existsSync } from 'node:fs'

const builder = new URL('../../scripts/build.mjs', import.meta.url)
if (existsSync(builder)) {
  const { build } = await import(builder)
  try {
    build({ ifStale: true })
  } catch (error) {
    console.error(`xiaolan: ${error.message}`)
    process.exit(1)
  }
}
const entry = new URL('../dist/main.js', import.meta.url)
if (!existsSync(entry)) {
  console.error('xiaolan: the server is not built (server/dist): run npm run build')
  process.exit(1)
}
await import(entry)
