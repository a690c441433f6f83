/**
 * xlsx export of 200,000 events: peak memory of the server process while it streams the file.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/export.ts --serve compiled
 *   node --import tsx bench/export.ts [--rows 200000] [--no-write]     # embedded PGlite (its heap counts too)
 *
 * A child process creates a scratch database (seeded demo city + N events bulk-inserted); then the
 * app serves it and this process downloads GET /api/v1/events/export.xlsx over HTTP as the city
 * center (every event). The app runs in this process by default; `--serve compiled` starts the
 * server as `npm start` does (node on server/dist, `npm run build` first), `--serve tsx` as it ran
 * before it was compiled (node --import tsx server/src/main.ts), each as its own process, so its
 * idle RSS and peak are the whole server's. Peak RSS is the kernel's high-water mark (VmHWM), reset
 * just before the download, so setup does not count. Results go to bench/README.md.
 */
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { buildApp } from '../server/src/app.ts'
import { loadConfig } from '../server/src/config.ts'
import { openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'
import { seed } from '../server/src/seed.ts'
import { writeReadmeSection } from './support.ts'

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    serve: { type: 'string' },
    prepare: { type: 'string' },
    'no-write': { type: 'boolean' },
  },
})
const rows = Number(values.rows)
const adminUrl = process.env.BENCH_DATABASE_URL
const here = dirname(fileURLToPath(import.meta.url))
const pgliteDir = join(here, '..', '.tmp', `bench-export-${process.pid}`)
const dbName = `xiaolan_bench_${process.pid}`

function target(name: string) {
  const url = new URL(adminUrl as string)
  url.pathname = `/${name}`
  return url.toString()
}

/** Child process: a scratch database with the demo city and `rows` events. */
async function prepare(where: string) {
  const database = await openDatabase(where.startsWith('postgres') ? { url: where } : { dataDir: where })
  await migrate(database)
  await seed(database.db, { demo: true, log: { info() {} } })
  await database.exec(`
    insert into events (number, title, description, category_code, priority, channel, lat, lng, address,
      community_id, district_id, area_path, reporter_anonymous, state, current_unit_id, sign_deadline, resolve_deadline,
      reopen_count, press_count, supervised, supervision_pending, version, created_at, updated_at)
    select 'LZ20261130-' || lpad(g::text, 6, '0'), '小区门口垃圾堆放未清运 ' || g,
      '小区门口垃圾三天没人清运，气味很大，请尽快处理。' || g, 'sanitation.garbage', 'normal', 'hotline', 36.1, 103.7, '安宁区刘家堡街道幸福里社区',
      c.id, d.id, c.path, false, 'assigned', c.id, now() + interval '1 day', now() + interval '7 days',
      0, 0, false, false, 1, now() - g * interval '1 minute', now()
    from generate_series(1, ${rows}) g,
      (select id, path from org_units where code = '620105007010') c,
      (select id from org_units where code = '620105') d;
    analyze events;`)
  await database.close()
}

const mb = (k: number) => (k / 1024).toFixed(1)
const heapFlag = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(' ')].find((a) => a.startsWith('--max-old-space-size'))

/** The app serving `where` on a port; `pid` is whose memory counts. */
interface Served {
  port: number
  pid: number | 'self'
  close(): Promise<void>
}

async function serveHere(where: string): Promise<Served> {
  const database = await openDatabase(where.startsWith('postgres') ? { url: where } : { dataDir: where })
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }, { demo: true }), database })
  await app.listen({ port: 0, host: '127.0.0.1' })
  global.gc?.()
  return {
    port: (app.server.address() as { port: number }).port,
    pid: 'self',
    async close() {
      await app.close()
      await database.close()
    },
  }
}

/**
 * The server as its own process: compiled, exactly as `npm start` runs it (the bin, with the heap cap
 * of its shebang), or under tsx as before with this run's heap flag passed on.
 */
async function serveAsProcess(where: string, how: string): Promise<Served> {
  const [command, args] =
    how === 'tsx'
      ? [process.execPath, [...(heapFlag ? [heapFlag] : []), '--import', 'tsx', 'server/src/main.ts', 'start']]
      : ['server/bin/xiaolan.mjs', ['start']]
  const port = 20000 + (process.pid % 20000)
  const child = spawn(command, args, {
    cwd: join(here, '..'),
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO: 'false', // seeded by `prepare`
      ...(where.startsWith('postgres') ? { DATABASE_URL: where } : { DATA_DIR: where }),
    },
  })
  const exited = new Promise((resolve) => child.on('exit', resolve))
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`)
    if (
      await fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  await new Promise((resolve) => setTimeout(resolve, 10_000)) // idle: start-up garbage collected
  return {
    port,
    pid: child.pid as number,
    async close() {
      child.kill('SIGTERM')
      await exited
    },
  }
}

async function main() {
  if (values.prepare) return prepare(values.prepare)
  let where: string
  if (adminUrl) {
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`create database ${dbName}`)
    await admin.end()
    where = target(dbName)
  } else {
    where = pgliteDir
  }
  try {
    const started = performance.now()
    execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--prepare', where, '--rows', String(rows)], {
      stdio: 'inherit',
    })
    const prepareSeconds = (performance.now() - started) / 1000
    const served = values.serve ? await serveAsProcess(where, values.serve) : await serveHere(where)
    const { port, pid } = served
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'c-620100', password: 'xiaolan-demo' }),
    })
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')

    const before = kb('VmRSS')
    const heapBefore = process.memoryUsage().heapTotal
    writeFileSync(`/proc/${pid}/clear_refs`, '5') // reset VmHWM to the current RSS
    let sampledPeak = 0
    let heapPeak = 0
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, kb('VmRSS'))
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapTotal)
    }, 25)
    const t0 = performance.now()
    const { bytes, header } = await new Promise<{ bytes: number; header: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/v1/events/export.xlsx', headers: { cookie } }, (res) => {
        let n = 0
        res.on('data', (chunk: Buffer) => {
          n += chunk.length
        })
        res.on('end', () => resolve({ bytes: n, header: String(res.headers['x-total-rows']) }))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end()
    })
    const seconds = (performance.now() - t0) / 1000
    clearInterval(sampler)
    const peak = kb('VmHWM')
    await served.close()

    const kind = where.startsWith('postgres') ? 'PostgreSQL 15 (separate server)' : 'embedded PGlite (its WASM heap is in this process)'
    const server = values.serve
      ? `the server as its own process (${values.serve === 'tsx' ? 'under tsx' : 'compiled'})`
      : 'the app in this process'
    const lines = [
      `${rows.toLocaleString('en')} events on ${kind}, ${server}; x-total-rows ${header}; setup ${prepareSeconds.toFixed(0)} s (child process)`,
      `export: ${(bytes / 1e6).toFixed(1)} MB xlsx in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString('en')} rows/s, ${(bytes / rows).toFixed(0)} bytes/row)`,
      `RSS before ${mb(before)} MB (the idle server); peak during the export ${mb(peak)} MB (VmHWM; sampled ${mb(sampledPeak)} MB): +${mb(peak - before)} MB for the export; limit 200 MB: ${peak < 200 * 1024 ? 'ok' : 'OVER'}`,
      ...(pid === 'self'
        ? [`V8 heap total ${(heapBefore / 1e6).toFixed(0)} MB before, peak ${(heapPeak / 1e6).toFixed(0)} MB during the export`]
        : []),
    ]
    console.log(lines.join('\n'))
    if (!values['no-write']) writeReadme(lines, kind.startsWith('PostgreSQL') ? 'postgres' : 'pglite')
  } finally {
    if (adminUrl) {
      const admin = new pg.Client({ connectionString: adminUrl })
      await admin.connect()
      await admin.query(`drop database if exists ${dbName} with (force)`)
      await admin.end()
    } else {
      rmSync(pgliteDir, { recursive: true, force: true })
    }
  }
}

function writeReadme(lines: string[], kind: string) {
  const serve = values.serve ? ` --serve ${values.serve}` : ''
  const title = `## xlsx export of the events list (${kind}${heapFlag ? `, ${heapFlag}` : ''}${serve})`
  const command = `${adminUrl ? 'BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres ' : ''}node ${heapFlag ? `${heapFlag} ` : ''}--import tsx bench/export.ts${serve}`
  const machine = `nproc ${os.cpus().length}, ${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}, ${os.platform()} ${os.arch()}, ${mb(os.totalmem() / 1024)} MB RAM`
  const notes = [
    'The export reads keyset batches of 2,000 rows and commits each row to exceljs’s streaming',
    'WorkbookWriter, which zips straight into the HTTP response, waiting after each batch for the zip',
    'entry and the socket to drain. Nothing is retained per row, but each batch lives across those',
    'waits and so reaches V8’s old space: uncapped, V8 lets that garbage grow the heap by about 150 MB',
    'before collecting. `xiaolan start` (what `npm start` runs) caps the old space at 160 MB in its',
    'shebang (the idle server uses about 45 MB of heap); compiled, without tsx, and with exceljs loaded',
    'on the first export, the idle server is about 140 MB instead of 220 MB, so the whole process',
    'stays under 200 MB (`--serve compiled`). In-process runs measure the app inside this tsx process.',
  ]
  writeReadmeSection({ title, machine, command, results: lines, notes })
}

await main()
