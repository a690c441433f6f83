/** What the benchmark scripts (and the crash check) share: the README section writer and a seeded random. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const README = new URL('./README.md', import.meta.url).pathname

/** A run's section of bench/README.md: its `## ` heading, where and how it ran, its result lines and what to read in them. */
export interface ReadmeSection {
  title: string
  machine: string
  command: string
  results: string[]
  notes: string[]
}

/** Replaces the section of bench/README.md under the same heading, or appends it; the date and node version are this run's. */
export function writeReadmeSection({ title, machine, command, results, notes }: ReadmeSection) {
  const section = [
    title,
    '',
    `- date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- machine: ${machine}`,
    `- node: ${process.version}`,
    `- command: \`${command}\``,
    '',
    '```',
    ...results,
    '```',
    '',
    ...notes,
    '',
  ].join('\n')
  let text = existsSync(README)
    ? readFileSync(README, 'utf8')
    : '# Benchmarks\n\nMicro-benchmarks of Xiaolan hot paths; each section is written by its script.\n'
  const start = text.indexOf(title)
  if (start >= 0) {
    const next = text.indexOf('\n## ', start + 1)
    text = text.slice(0, start) + section + (next >= 0 ? text.slice(next + 1) : '')
  } else {
    text = `${text.replace(/\n*$/, '\n')}\n${section}`
  }
  writeFileSync(README, text)
  console.log(`updated ${README}`)
}

/** A small seeded generator (xorshift32) in [0, 1): the same seed replays the same run; 0 or none means 1. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1
  return () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 4294967296
  }
}
