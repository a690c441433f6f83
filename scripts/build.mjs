#!/usr/bin/env node
/**
 * npm run build: the server and the contracts compiled to JavaScript (server/dist) and the web app
 * built by Vite (web/dist). The serving process runs only these; tests and scripts keep running the
 * TypeScript sources under tsx.
 *
 *   node scripts/build.mjs              both parts
 *   node scripts/build.mjs --if-stale   only a part that is missing or older than its sources
 *   node scripts/build.mjs --web        the web app only (what the browser specs need)
 *
 * The compiled contracts go to server/dist/node_modules/@xiaolan/contracts: Node's resolution from
 * server/dist finds them before the workspace link, which points at the TypeScript sources that tsx
 * and Vite read. The server is compiled into a fresh directory and swapped in whole, so no file of
 * a deleted source survives and a running server's files are not rewritten under it.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const at = (path) => join(root, path)

/** The tool's directory, or null in a production install (devDependencies dropped). */
function toolDir(fromPackage, name, ...alongWith) {
  const require = createRequire(at(fromPackage))
  try {
    for (const other of alongWith) require.resolve(`${other}/package.json`)
    return dirname(require.resolve(`${name}/package.json`))
  } catch {
    return null
  }
}

/**
 * The lock file's content, not its time: `npm prune` rewrites it unchanged, and a production
 * install must not look stale for that.
 */
const lockHash = () =>
  createHash('sha256')
    .update(readFileSync(at('package-lock.json')))
    .digest('hex')

/**
 * Marks a part built: written last, dated when the build started (a source saved during the build
 * is newer), with the lock's hash when the output bundles the dependencies.
 */
function writeStamp(file, started, lock) {
  writeFileSync(file, `${JSON.stringify({ started: started.toISOString(), lock: lock ? lockHash() : undefined })}\n`)
  utimesSync(file, started, started)
}

function run(args, cwd = root) {
  const result = spawnSync(process.execPath, args, { cwd, stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`${args.slice(0, 2).join(' ')} failed (exit ${result.status ?? result.signal})`)
}

const PARTS = {
  server: {
    what: 'the server (TypeScript → server/dist)',
    stamp: at('server/dist/.built'),
    output: at('server/dist/main.js'),
    sources: ['server/src', 'contracts/src', 'server/tsconfig.build.json', 'contracts/tsconfig.build.json', 'tsconfig.base.json'],
    // typescript alone may be there in production (i18next's optional peer); the build needs the types too
    tool: () => toolDir('package.json', 'typescript', '@types/node'),
    build(typescript, started) {
      const next = at('server/dist.next')
      const old = at('server/dist.old')
      rmSync(next, { recursive: true, force: true })
      const tsc = join(typescript, 'bin/tsc')
      const contracts = join(next, 'node_modules/@xiaolan/contracts')
      run([tsc, '-p', at('contracts/tsconfig.build.json'), '--outDir', contracts])
      const { name, version } = JSON.parse(readFileSync(at('contracts/package.json'), 'utf8'))
      writeFileSync(
        join(contracts, 'package.json'),
        `${JSON.stringify({ name, version, type: 'module', exports: './index.js' }, null, 2)}\n`,
      )
      run([tsc, '-p', at('server/tsconfig.build.json'), '--outDir', next])
      writeStamp(join(next, '.built'), started, false)
      rmSync(old, { recursive: true, force: true })
      if (existsSync(at('server/dist'))) renameSync(at('server/dist'), old)
      renameSync(next, at('server/dist'))
      rmSync(old, { recursive: true, force: true })
    },
  },
  web: {
    what: 'the web app (Vite → web/dist)',
    stamp: at('web/dist/.built'),
    output: at('web/dist/index.html'),
    sources: ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/vite-release.ts', 'contracts/src'],
    // the bundle holds the dependencies' code
    lock: true,
    tool: () => toolDir('web/package.json', 'vite'),
    build(vite, started) {
      run([join(vite, 'bin/vite.js'), 'build', '--logLevel', 'warn'], at('web'))
      writeStamp(at('web/dist/.built'), started, true)
    },
  },
}

function newestMtime(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return path.endsWith('.test.ts') ? 0 : stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))))
}

/** Missing, older than a source, or (when it bundles them) built with other dependencies. */
export function isStale(part) {
  const { stamp, output, sources, lock } = PARTS[part]
  if (!existsSync(stamp) || !existsSync(output) || Math.max(...sources.map((s) => newestMtime(at(s)))) > statSync(stamp).mtimeMs)
    return true
  return lock && JSON.parse(readFileSync(stamp, 'utf8')).lock !== lockHash()
}

const LOCK = at('.tmp/build.lock')
/** Longer than any build takes: a lock this old was left by a build that was killed. */
const LOCK_STALE_MS = 10 * 60_000

/** The lock's holder, or null when the lock is gone or was left behind (its process is gone, or its pid is reused). */
function holder() {
  let pid
  try {
    pid = Number(readFileSync(LOCK, 'utf8'))
    if (!(pid > 0) || pid === process.pid || Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) return null
    process.kill(pid, 0)
    return pid
  } catch (error) {
    return error.code === 'EPERM' ? pid : null // ENOENT: released meanwhile
  }
}

/**
 * One build at a time in a checkout (browser specs, npm start and the check may start together):
 * a second waits for the first, then finds the part fresh. A lock whose holder is gone is taken over.
 */
function locked(fn) {
  mkdirSync(dirname(LOCK), { recursive: true })
  let told = false
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' })
      break
    } catch (error) {
      if (error.code !== 'EEXIST') throw error
      const pid = holder()
      if (pid === null) {
        rmSync(LOCK, { force: true })
        continue
      }
      if (!told) console.log(`xiaolan: waiting for the build of process ${pid} (${LOCK})`)
      told = true
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250)
    }
  }
  try {
    return fn()
  } finally {
    rmSync(LOCK, { force: true })
  }
}

/**
 * Builds the parts asked for (every part by default; with `ifStale`, only the stale ones). A stale
 * part whose tools are not installed (a production install) keeps its existing build, with a warning.
 */
export function build({ parts = Object.keys(PARTS), ifStale = false } = {}) {
  for (const part of parts) {
    if (ifStale && !isStale(part)) continue
    const { what, stamp, tool, build } = PARTS[part]
    const dir = tool()
    if (!dir) {
      if (!existsSync(stamp)) throw new Error(`${what} is not built and its build tools are not installed: run npm ci && npm run build`)
      console.warn(`xiaolan: ${what} is older than its sources, but the build tools are not installed: keeping the existing build`)
      continue
    }
    locked(() => {
      if (ifStale && !isStale(part)) return // built by another process while this one waited
      const started = new Date()
      console.log(`xiaolan: building ${what}…`)
      build(dir, started)
      console.log(`xiaolan: built ${what} in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s`)
    })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  try {
    build({ parts: args.includes('--web') ? ['web'] : undefined, ifStale: args.includes('--if-stale') })
  } catch (error) {
    console.error(`xiaolan: ${error.message}`)
    process.exit(1)
  }
}
