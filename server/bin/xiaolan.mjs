#!/usr/bin/env node
// `xiaolan start | migrate | seed [--demo] | create-admin`: the compiled server (server/dist), run in
// this very process, so a signal sent to it reaches the server and nothing is left behind. In a
// checkout, a build that is missing or older than its sources is made first (scripts/build.mjs).
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
