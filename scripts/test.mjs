#!/usr/bin/env node
/**
 * npm test: the whole suite.
 *  1. unit tests and the API integration suite on embedded PGlite (always);
 *  2. the same API suite on PostgreSQL when TEST_DATABASE_URL is set;
 *  3. the read-replica tests (server/test/replica/) once, on a throwaway PostgreSQL 15 primary + streaming
 *     replica they make themselves, when PostgreSQL 15's binaries are installed (CI has them);
 *  4. the browser specs in e2e/ on Debian's Chromium when it is installed (required in CI).
 * Each database gets one seeded template first, so every test file starts from a fresh copy.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const tmp = join(root, '.tmp')
mkdirSync(tmp, { recursive: true })
const only = process.argv.slice(2) // optional: run just these test files

const files = (dir, suffix) =>
  existsSync(join(root, dir))
    ? readdirSync(join(root, dir), { recursive: true })
        .filter((f) => f.endsWith(suffix) && !f.includes('node_modules'))
        .map((f) => join(dir, f))
        .sort()
    : []
const pick = (list) => (only.length ? list.filter((f) => only.some((o) => f.includes(o))) : list)
const unitFiles = pick([...files('server/src', '.test.ts'), ...files('web', '.test.ts'), ...files('bench', '.test.ts')])
const apiFiles = pick(files('server/test/api', '.test.ts'))
const replicaFiles = pick(files('server/test/replica', '.test.ts'))
const e2eFiles = pick(files('e2e', '.spec.ts'))

const totals = { passed: 0, failed: 0 }
let failedRuns = 0

function run(label, args, env = {}) {
  console.log(`\n=== ${label} ===`)
  const tap = join(tmp, `${label.replace(/\W+/g, '-')}-${process.pid}.tap`)
  const started = Date.now()
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      // a test that waits for something that never comes fails instead of holding CI
      '--test-timeout=300000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...args,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } },
  )
  const out = existsSync(tap) ? readFileSync(tap, 'utf8') : ''
  const count = (key) => Number(new RegExp(`^# ${key} (\\d+)`, 'm').exec(out)?.[1] ?? 0)
  totals.passed += count('pass')
  totals.failed += count('fail') + count('cancelled')
  if (result.status !== 0) failedRuns++
  console.log(`--- ${label}: ${count('pass')} passed, ${count('fail')} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`)
}

function prepare(args) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/test/prepare.ts', ...args], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error('could not prepare the test database')
    process.exit(1)
  }
}

const concurrency = '--test-concurrency=2'
// one seeded PGlite copy per run (pid-named, so parallel runs in one tree do not collide)
const dump = join(tmp, `pglite-template-${process.pid}.tar`)
if (apiFiles.length + e2eFiles.length > 0) prepare(['pglite', dump])
if (unitFiles.length + apiFiles.length > 0) {
  run('unit and API tests on PGlite', [concurrency, ...unitFiles, ...apiFiles], { XIAOLAN_PGLITE_TEMPLATE: dump })
}

if (process.env.TEST_DATABASE_URL && apiFiles.length) {
  const template = `xiaolan_template_${process.pid}`
  prepare(['postgres', process.env.TEST_DATABASE_URL, template])
  run('API tests on PostgreSQL', [concurrency, ...apiFiles], { XIAOLAN_TEST_DB: 'postgres', XIAOLAN_PG_TEMPLATE: template })
  spawnSync(process.execPath, ['--import', 'tsx', 'server/test/prepare.ts', 'drop', process.env.TEST_DATABASE_URL, template], {
    cwd: root,
    stdio: 'inherit',
  })
}

if (replicaFiles.length) {
  const initdb = `${process.env.PG15_BIN ?? '/usr/lib/postgresql/15/bin'}/initdb`
  if (existsSync(initdb)) {
    run('read replica on a throwaway PostgreSQL 15 pair', ['--test-concurrency=1', ...replicaFiles])
  } else if (process.env.CI) {
    console.error(`${initdb} is missing: the read-replica tests cannot run`)
    failedRuns++
  } else {
    console.log(
      `\n(skipping ${replicaFiles.length} read-replica test file(s): no PostgreSQL 15 at ${initdb}; apt-get install postgresql-15)`,
    )
  }
}

if (e2eFiles.length) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (existsSync(chromium)) {
    run('browser specs on Chromium', ['--test-concurrency=1', ...e2eFiles], { CHROMIUM_PATH: chromium, XIAOLAN_PGLITE_TEMPLATE: dump })
  } else if (process.env.CI) {
    console.error(`${chromium} is missing: the browser specs cannot run`)
    failedRuns++
  } else {
    console.log(`\n(skipping ${e2eFiles.length} browser specs: no Chromium at ${chromium}; apt-get install chromium)`)
  }
}

rmSync(dump, { force: true })
console.log(`\nxiaolan: ${totals.passed} passed, ${totals.failed} failed`)
process.exit(failedRuns > 0 || totals.failed > 0 ? 1 : 0)
