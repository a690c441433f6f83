/**
 * No import cycles in the web app: a cycle (a page importing its drawer that imports the page
 * back) makes load order decide what is defined, and hides which module is the shared one.
 * Relative imports of every source file are followed; a cycle fails with its path.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = dirname(fileURLToPath(import.meta.url))
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|^\s*import\s+['"](\.[^'"]+)['"]/gm

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sources(path)
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path] : []
  })
}

/** A file's relative imports of other sources (styles and other assets are no modules of ours). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(IMPORT)].map((m) => resolve(dirname(file), m[1] ?? m[2])).filter((p) => /\.tsx?$/.test(p))
}

/** Every cycle reached by a depth-first walk, each as its path of files. */
function cycles(graph: Map<string, string[]>): string[][] {
  const done = new Set<string>()
  const found: string[][] = []
  const visit = (file: string, path: string[]) => {
    const at = path.indexOf(file)
    if (at >= 0) return void found.push([...path.slice(at), file])
    if (done.has(file)) return
    for (const next of graph.get(file) ?? []) visit(next, [...path, file])
    done.add(file)
  }
  for (const file of graph.keys()) visit(file, [])
  return found
}

test('the web app has no import cycles', () => {
  const graph = new Map(sources(root).map((f) => [f, importsOf(f)]))
  assert.ok(graph.size > 50, 'the sources were found')
  assert.deepEqual(
    cycles(graph).map((c) => c.map((f) => relative(root, f)).join(' → ')),
    [],
  )
})

test('the check reads every form of import and finds a cycle', () => {
  const text = "import { a } from './a.ts'\nexport { b } from '../b.tsx'\nimport './c.css'\n"
  assert.deepEqual(
    [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]),
    ['./a.ts', '../b.tsx', './c.css'],
  )
  const graph = new Map([
    ['page', ['drawer', 'look']],
    ['drawer', ['page']],
    ['look', []],
  ])
  assert.deepEqual(cycles(graph), [['page', 'drawer', 'page']])
})
