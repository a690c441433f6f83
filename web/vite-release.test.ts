/**
 * A build keeps the previous build's assets (an open tab still loads them) and deletes older ones;
 * the id in the page is the same for the same files and changes with them.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { release } from './vite-release.ts'

interface Hooks {
  configResolved(config: { root: string; build: { outDir: string; assetsDir: string } }): void
  transformIndexHtml: { handler(html: string, ctx: { bundle: Record<string, unknown> }): Array<{ attrs: { content: string } }> }
  writeBundle(options: unknown, bundle: Record<string, unknown>): void
}

/** One `vite build` as the plugin sees it: `files` written into web/dist/assets, then its hooks. */
function build(root: string, files: string[]): string {
  const plugin = release() as unknown as Hooks
  plugin.configResolved({ root, build: { outDir: 'dist', assetsDir: 'assets' } })
  const bundle = Object.fromEntries(files.map((f) => [`assets/${f}`, {}]))
  const [meta] = plugin.transformIndexHtml.handler('', { bundle })
  mkdirSync(join(root, 'dist/assets'), { recursive: true })
  for (const f of files) writeFileSync(join(root, 'dist/assets', f), f)
  plugin.writeBundle({}, { ...bundle, 'index.html': {} })
  return meta.attrs.content
}

test('the previous build’s assets stay, older ones go, and the id follows the files', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'xiaolan-release-'))
  t.after(() => rmSync(root, { recursive: true, force: true }))
  const asset = (f: string) => existsSync(join(root, 'dist/assets', f))

  const first = build(root, ['index-a.js', 'index-a.css'])
  const second = build(root, ['index-b.js', 'index-a.css'])
  assert.notEqual(first, second)
  assert.ok(asset('index-a.js') && asset('index-b.js'), 'the previous build’s chunk is still there')

  const third = build(root, ['index-c.js', 'index-c.css'])
  assert.ok(!asset('index-a.js'), 'two builds back: deleted')
  assert.ok(asset('index-a.css'), 'unless the previous build uses it too')
  assert.ok(asset('index-b.js') && asset('index-c.js') && asset('index-c.css'))

  assert.equal(build(root, ['index-c.js', 'index-c.css']), third, 'the same files, the same id')
  assert.ok(asset('index-b.js'), 'rebuilding the same release does not push the previous one out')
  const releases = JSON.parse(readFileSync(join(root, 'dist/releases.json'), 'utf8')) as Array<{ id: string }>
  assert.deepEqual(
    releases.map((r) => r.id),
    [third, second],
  )
})
