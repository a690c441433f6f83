import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { lockDataDir } from './data-dir-lock.ts'

const MODULE = new URL('./data-dir-lock.ts', import.meta.url).href

/** Another process trying the lock: its exit code and what it printed. */
function tryInChild(dir: string) {
  const script = `import(${JSON.stringify(MODULE)}).then(({ lockDataDir }) => lockDataDir(${JSON.stringify(dir)})).catch((e) => { console.error(e.message); process.exit(3) })`
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' })
}

test('one process at a time on an embedded data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xiaolan-lock-'))
  lockDataDir(dir)
  assert.equal(readFileSync(join(dir, 'xiaolan.pid'), 'utf8'), String(process.pid))
  const refused = tryInChild(dir)
  assert.equal(refused.status, 3)
  assert.match(refused.stderr, new RegExp(`in use by process ${process.pid}`))
})

test('a lock left by a process that is gone is taken over, and released at exit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xiaolan-lock-'))
  writeFileSync(join(dir, 'xiaolan.pid'), '2147483646') // no such process
  const taken = tryInChild(dir)
  assert.equal(taken.status, 0, taken.stderr)
  assert.equal(existsSync(join(dir, 'xiaolan.pid')), false)
})
