#!/usr/bin/env node
/**
 * A fresh clone's `npm ci && npm start`, then the production install, end to end (CI runs it after
 * npm test): copy the working tree (tracked and untracked, not ignored) into a temp dir, npm ci,
 * npm start (it must build both parts before it serves: the pages are the built ones), SIGTERM,
 * npm prune --omit=dev, then npm start again on a fresh PGlite and a free port;
 *   every operation of /api/docs/json (path params = 1), anonymous and as the demo admin: no 5xx;
 *   the web routes serve the built page (not the "not built" one) and its JS and CSS load, and
 *   API responses name that build in x-xiaolan-build; SIGTERM to npm with an event stream open:
 *   exit 0 within 10 s and no process of the group left; a restart serves within 5 s;
 * then the README's production path on PostgreSQL, when one answers at PRODUCTION_CHECK_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres, CI's): a fresh database
 * xiaolan_prodcheck_<pid> (dropped at the end, also on failure), `npx xiaolan create-admin`, npm start
 * with DATABASE_URL; the demo accounts do not exist, the new admin signs in, and every operation and
 * page again, anonymous and as that admin.
 *
 *   node scripts/production-check.mjs [--keep]     (--keep: leave the temp dir for a look)
 */
import { execFileSync, spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const source = fileURLToPath(new URL('..', import.meta.url))
const keep = process.argv.includes('--keep')
const dir = mkdtempSync(join(tmpdir(), 'xiaolan-production-'))
const started = Date.now()
const since = () => `${((Date.now() - started) / 1000).toFixed(0)} s`
const step = (message) => console.log(`[production-check ${since()}] ${message}`)
let failures = 0
const check = (ok, message) => {
  if (!ok) failures++
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${message}`)
}

function sh(command, args, options = {}) {
  step(`${command} ${args.join(' ')}`)
  execFileSync(command, args, { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], ...options })
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** The pids still in the process group `pgid` (npm and whatever it started). */
function groupMembers(pgid) {
  try {
    return execFileSync('pgrep', ['-g', String(pgid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
  } catch {
    return [] // pgrep exits 1 when none
  }
}

/** The servers started and not yet stopped, so a failure half way leaves none running. */
const running = new Set()

/** `npm start` as its own process group, so whatever it leaves behind can be counted. */
function start(port, dataDir, env = {}) {
  const child = spawn('npm', ['start'], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
  })
  running.add(child)
  child.on('exit', () => running.delete(child))
  let output = ''
  child.stdout.on('data', (d) => {
    output += d
  })
  child.stderr.on('data', (d) => {
    output += d
  })
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  return { child, exited, output: () => output }
}

async function waitUntilServing(base, server, timeoutMs) {
  const begun = Date.now()
  while (Date.now() - begun < timeoutMs) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return Date.now() - begun
    } catch {}
    if (server.child.exitCode !== null) break
    await sleep(100)
  }
  console.log(server.output())
  throw new Error(`not serving after ${((Date.now() - begun) / 1000).toFixed(1)} s`)
}

async function stop(server, { streamOpen }) {
  const sent = Date.now()
  process.kill(server.child.pid, 'SIGTERM')
  const result = await Promise.race([server.exited, sleep(10_000).then(() => null)])
  const seconds = (Date.now() - sent) / 1000
  check(
    result !== null && result.code === 0,
    `SIGTERM${streamOpen ? ' with an event stream open' : ''}: npm exited ${JSON.stringify(result)} in ${seconds.toFixed(1)} s`,
  )
  const left = groupMembers(server.child.pid)
  check(left.length === 0, `no process left in the group (${left.length})`)
  if (left.length) process.kill(-server.child.pid, 'SIGKILL')
}

/** A cookie-session client: the session cookie and the CSRF token of the login. */
function client(base) {
  let cookie = ''
  let csrf = ''
  return {
    async request(method, path, body, signal) {
      const headers = { accept: 'application/json' }
      if (cookie) headers.cookie = cookie
      if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf
      if (body !== undefined) headers['content-type'] = 'application/json'
      const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal })
      const session = res.headers.getSetCookie().find((c) => c.startsWith('xiaolan_session='))
      if (session) cookie = session.split(';')[0]
      return res
    },
    async login(username, password) {
      const res = await this.request('POST', '/api/v1/auth/login', { username, password })
      csrf = (await res.json()).csrfToken
      return res.status
    },
  }
}

/** Every documented operation; a stream's headers are enough (it would not end by itself). */
async function everyOperation(base, who) {
  const doc = await (await fetch(`${base}/api/docs/json`)).json()
  const operations = Object.entries(doc.paths)
    .flatMap(([template, methods]) => Object.keys(methods).map((method) => [method.toUpperCase(), template.replaceAll(/\{[^}]+\}/g, '1')]))
    .filter(([method]) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
    // signing out last, so the rest run signed in
    .sort(([, a], [, b]) => Number(a.endsWith('/auth/logout')) - Number(b.endsWith('/auth/logout')))
  const five = []
  const begun = Date.now()
  let slowest = { ms: 0, what: '' }
  for (const [method, path] of operations) {
    const sent = Date.now()
    const abort = new AbortController()
    const res = await who.request(method, path, method === 'GET' || method === 'DELETE' ? undefined : {}, abort.signal)
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) abort.abort()
    else await res.arrayBuffer()
    if (res.status >= 500) five.push(`${method} ${path} → ${res.status}`)
    if (Date.now() - sent > slowest.ms) slowest = { ms: Date.now() - sent, what: `${method} ${path}` }
  }
  const took = `in ${((Date.now() - begun) / 1000).toFixed(1)} s, slowest ${slowest.what} ${slowest.ms} ms`
  return { count: operations.length, five, took }
}

/** A PostgreSQL client on `url`, or null when none answers there (the PostgreSQL phase is then skipped). */
async function postgres(url) {
  const { Client } = createRequire(join(source, 'server', 'package.json'))('pg')
  const pg = new Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await pg.connect()
    return pg
  } catch (error) {
    step(`no PostgreSQL at ${url} (${error.message}): the PostgreSQL run is skipped`)
    return null
  }
}

/** Every operation and page, anonymous and signed in as `username`. */
async function serveEverything(base, username, password) {
  await webServesTheBuild(base)
  const anonymous = await everyOperation(base, client(base))
  check(anonymous.five.length === 0, `${anonymous.count} operations as anonymous ${anonymous.took}: no 5xx ${anonymous.five.join(', ')}`)
  const admin = client(base)
  check((await admin.login(username, password)) === 200, `the admin ${username} logs in`)
  const asAdmin = await everyOperation(base, admin)
  check(asAdmin.five.length === 0, `${asAdmin.count} operations as the admin ${asAdmin.took}: no 5xx ${asAdmin.five.join(', ')}`)
  await admin.login(username, password) // signed out by the last operation
  return admin
}

const WEB_ROUTES = ['/', '/login', '/workbench', '/hotline', '/grid', '/admin', '/screen', '/kpi', '/public/kpi', '/track/20261130000001']

async function webServesTheBuild(base) {
  const ids = new Set()
  for (const route of WEB_ROUTES) {
    const res = await fetch(`${base}${route}`)
    const html = await res.text()
    const id = /<meta name="xiaolan-build" content="([^"]+)"/.exec(html)?.[1]
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(js|css))"/g)]
    let loaded = 0
    for (const [, asset, kind] of assets) {
      const a = await fetch(`${base}${asset}`)
      const type = a.headers.get('content-type') ?? ''
      await a.arrayBuffer()
      if (a.ok && type.includes(kind === 'js' ? 'javascript' : 'css')) loaded++
    }
    const ok = res.status === 200 && id !== undefined && assets.some(([, , kind]) => kind === 'js') && loaded === assets.length
    check(ok, `${route}: build ${id}, ${loaded}/${assets.length} JS/CSS assets load`)
    if (id) ids.add(id)
  }
  const header = (await fetch(`${base}/api/v1/health`)).headers.get('x-xiaolan-build')
  check(ids.size === 1 && header === [...ids][0], `x-xiaolan-build on the API (${header}) names the page's build`)
}

const serverUrl = process.env.PRODUCTION_CHECK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const database = `xiaolan_prodcheck_${process.pid}`
let pg = null
try {
  step(`copying the working tree to ${dir}`)
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: source, encoding: 'utf8' })
  for (const file of files.split('\0').filter(Boolean)) {
    if (!existsSync(join(source, file))) continue // deleted in the working tree
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    copyFileSync(join(source, file), join(dir, file))
  }
  sh('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'])
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`

  step('npm start on the fresh clone: it builds first')
  let server = start(port, join(dir, 'data-clone'))
  await waitUntilServing(base, server, 600_000)
  const built = ['the server', 'the web app'].filter((part) => server.output().includes(`xiaolan: built ${part}`))
  check(built.length === 2, `npm start built ${built.join(' and ')} before serving`)
  const page = await (await fetch(`${base}/`)).text()
  check(page.includes('<meta name="xiaolan-build"'), 'and serves the built page')
  await stop(server, { streamOpen: false })

  sh('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'])
  for (const dev of ['tsx', 'vite', '@types/node']) check(!existsSync(join(dir, 'node_modules', dev)), `${dev} is gone`)

  const dataDir = join(dir, 'data')
  step(`npm start on ${base}, devDependencies dropped (fresh PGlite: migrations and the demo city)`)
  server = start(port, dataDir)
  const firstMs = await waitUntilServing(base, server, 180_000)
  step(`serving after ${(firstMs / 1000).toFixed(1)} s`)

  const admin = await serveEverything(base, 'admin', 'xiaolan-demo')
  const stream = await admin.request('GET', '/api/v1/stream')
  check(stream.status === 200, 'an event stream is open')
  await stop(server, { streamOpen: true })

  step('restart on the same data')
  server = start(port, dataDir)
  const againMs = await waitUntilServing(base, server, 30_000)
  check(againMs < 5000, `a restart serves within 5 s (${(againMs / 1000).toFixed(1)} s)`)
  await stop(server, { streamOpen: false })

  pg = await postgres(serverUrl)
  if (pg) {
    await pg.query(`drop database if exists ${database} with (force)`)
    await pg.query(`create database ${database}`)
    const url = new URL(serverUrl)
    url.pathname = `/${database}`
    const env = { DATABASE_URL: url.href }
    const [username, password] = ['ops-admin', 'prodcheck-admin-1']
    sh('npx', ['xiaolan', 'create-admin', '--username', username, '--password', password], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    })
    step(`npm start on PostgreSQL (${url.href}), devDependencies dropped`)
    server = start(port, join(dir, 'data-pg'), env)
    step(`serving after ${((await waitUntilServing(base, server, 60_000)) / 1000).toFixed(1)} s`)
    check((await client(base).login('admin', 'xiaolan-demo')) === 401, 'the demo admin does not exist')
    const ops = await serveEverything(base, username, password)
    check((await ops.request('GET', '/api/v1/stream')).status === 200, 'an event stream is open')
    await stop(server, { streamOpen: true })
  }
} catch (error) {
  failures++
  console.error(error)
} finally {
  for (const child of running) {
    try {
      process.kill(-child.pid, 'SIGKILL')
    } catch {} // its group is gone already
  }
  if (pg) {
    await pg.query(`drop database if exists ${database} with (force)`).catch((error) => {
      failures++
      console.error(error)
    })
    await pg.end()
  }
  if (keep) console.log(`kept ${dir}`)
  else rmSync(dir, { recursive: true, force: true })
}
step(failures ? `${failures} failed` : 'production install: all checks passed')
process.exit(failures ? 1 : 0)
