/**
 * `xiaolan import-divisions` as a deployment for another city runs it: the real command line on a
 * new database (a fresh PGlite data directory, or a new PostgreSQL database on the PostgreSQL run),
 * with a second, small city (嘉峪关市, server/test/fixtures/jiayuguan), then create-admin, then the app
 * on that database — which serves that city and nothing of Lanzhou.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import pg from 'pg'
import { type Database, openDatabase } from '../../src/db/index.ts'
import { importDivisions } from '../../src/import-divisions.ts'
import { hasOrgUnits } from '../../src/seed.ts'
import { build, residentReport } from '../helper.ts'

const root = new URL('../../../', import.meta.url).pathname
const fixture = (name: string) => join(root, 'server/test/fixtures/jiayuguan', name)
const CSV = fixture('divisions.csv')
const BOUNDARIES = fixture('boundaries.geojson')
const onPostgres = process.env.XIAOLAN_TEST_DB === 'postgres'

interface Target {
  /** a scratch directory, removed at the end */
  scratch: string
  /** the command line's environment for this database */
  env: Record<string, string>
  /** the database in this process, closed at the end */
  open(): Promise<Database>
  /** run at the end, before what was registered earlier (the database is closed, then removed, last) */
  onEnd(fn: () => Promise<void>): void
}

/** A new, empty database for the command line: a fresh PGlite data directory, or a new PostgreSQL database on that run. */
async function newDatabase(t: TestContext): Promise<Target> {
  const scratch = join(root, '.tmp', `import-divisions-${randomBytes(6).toString('hex')}`)
  mkdirSync(scratch, { recursive: true })
  const ending: Array<() => Promise<void>> = [async () => rmSync(scratch, { recursive: true, force: true })]
  t.after(async () => {
    for (const fn of ending.reverse()) await fn()
  })
  const target = (env: Record<string, string>, options: Parameters<typeof openDatabase>[0]): Target => ({
    scratch,
    env,
    async open() {
      const database = await openDatabase(options)
      ending.push(() => database.close())
      return database
    },
    onEnd: (fn) => ending.push(fn),
  })
  if (!onPostgres) {
    const dataDir = join(scratch, 'data')
    return target({ DATA_DIR: dataDir }, { dataDir })
  }
  const adminUrl = process.env.TEST_DATABASE_URL as string
  const name = `xiaolan_import_${randomBytes(6).toString('hex')}`
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: adminUrl })
    await client.connect()
    await client.query(query)
    await client.end()
  }
  await admin(`create database ${name}`)
  ending.push(() => admin(`drop database if exists ${name} with (force)`))
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return target({ DATABASE_URL: url.toString() }, { url: url.toString() })
}

/** `xiaolan <args>` from the sources, as `npx xiaolan` runs the build: its exit code and output. */
function xiaolan(env: Record<string, string>, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { DATABASE_URL: _url, DATA_DIR: _dir, DEMO: _demo, ...inherited } = process.env
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', ...args], {
    cwd: root,
    env: { ...inherited, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    stdout += d
  })
  child.stderr.on('data', (d) => {
    stderr += d
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

test('imports 嘉峪关市 from its CSV and boundaries; after create-admin the app serves that city and locates reports in it', async (t) => {
  const target = await newDatabase(t)
  const imported = await xiaolan(target.env, 'import-divisions', CSV, '--boundaries', BOUNDARIES)
  assert.equal(imported.status, 0, imported.stderr)
  assert.match(
    imported.stdout,
    /Imported 嘉峪关市 \(620200\): 1 city, 1 district\/county, 5 streets\/townships, 48 villages\/communities; 55 with boundaries/,
  )

  const admin = await xiaolan(target.env, 'create-admin', '--username', 'jyg-admin', '--password', 'a-long-password')
  assert.equal(admin.status, 0, admin.stderr)

  const database = await target.open()
  const h = await build({ after: target.onEnd }, { database })

  const again = capture()
  assert.equal(await importDivisions(database.db, { csv: CSV, boundaries: undefined }, quiet, again), 1)
  assert.match(again.printed.err.join('\n'), /holds a city already/)

  // the city's tree, and nothing of Lanzhou beside it
  const all = (await h.anonymous.get('/api/v1/orgs')).body
  assert.deepEqual(all.centersByLevel, { 1: 1, 2: 1, 3: 5, 4: 48 })
  assert.equal(all.total, 55)
  const fumin = (await h.anonymous.get('/api/v1/orgs?code=620201001001')).body.items
  assert.equal(fumin.length, 1)
  assert.equal(fumin[0].name, '福民社区')
  const xiongguan = (await h.anonymous.get('/api/v1/orgs?code=620201001')).body.items[0]
  assert.equal(xiongguan.name, '雄关街道')
  assert.equal(fumin[0].parentId, xiongguan.id)
  assert.equal((await h.anonymous.get('/api/v1/orgs?code=620201100200')).body.items[0].name, '野麻湾村', 'the spoken name')
  assert.equal((await h.anonymous.get('/api/v1/orgs?code=620100')).body.total, 0, 'no Lanzhou')

  // a point inside 胜利社区 (its square's south-west quarter) is located to it, and so is a report there
  const [shengli] = (await h.anonymous.get('/api/v1/orgs?code=620201001002&geometry=true')).body.items
  const [[sw, , ne]] = shengli.geometry.coordinates
  const point = { lat: sw[1] + (ne[1] - sw[1]) / 4, lng: sw[0] + (ne[0] - sw[0]) / 4 }
  const located = await h.anonymous.get(`/api/v1/orgs/locate?lat=${point.lat}&lng=${point.lng}`)
  assert.equal(located.status, 200)
  assert.deepEqual(
    [located.body.community.code, located.body.street.code, located.body.district.code, located.body.city.code],
    ['620201001002', '620201001', '620201', '620200'],
  )
  // the exclave of 安远沟村 (a MultiPolygon) is its ground too
  const [anyuangou] = (await h.anonymous.get('/api/v1/orgs?code=620201100207&geometry=true')).body.items
  assert.equal(anyuangou.geometry.type, 'MultiPolygon')
  const [exclaveSw] = anyuangou.geometry.coordinates[1][0]
  const inExclave = await h.anonymous.get(`/api/v1/orgs/locate?lat=${exclaveSw[1] + 0.005}&lng=${exclaveSw[0] + 0.005}`)
  assert.equal(inExclave.body.community.code, '620201100207')

  const resident = await h.resident('13900000001', { name: '王小兰', idNumber: '11010519491231002X' })
  const event = await residentReport(resident, { category: 'sanitation.garbage', description: '楼下垃圾没人清运', ...point })
  assert.equal(event.community.code, '620201001002')

  // the admin create-admin made signs in at the city's center
  const login = await h.anonymous.post('/api/v1/auth/login', { username: 'jyg-admin', password: 'a-long-password' })
  assert.equal(login.status, 200, JSON.stringify(login.body))
  assert.equal(login.body.unit.code, '620200')
})

test('a CSV with a bad row, or boundaries naming a unit not in it, writes nothing and names the line', async (t) => {
  const target = await newDatabase(t)
  const lines = readFileSync(CSV, 'utf8').split('\n')
  // line 10 of the file: a community whose parent is a street of another district
  lines[9] = lines[9].replace(/,620201001000$/, ',620202001000')
  const bad = join(target.scratch, 'bad.csv')
  writeFileSync(bad, lines.join('\n'))
  const refused = await xiaolan(target.env, 'import-divisions', bad, '--boundaries', BOUNDARIES)
  assert.equal(refused.status, 1)
  assert.match(refused.stderr, /^line 10, parent_code: 620202001 is not the parent of 620201001\d{3}/m)
  assert.match(refused.stderr, /1 problem; nothing was written/)

  const database = await target.open()
  assert.equal(await hasOrgUnits(database.db), false, 'nothing was written')

  // the same checks in this process (a run of the command line costs seconds)
  const boundaries = JSON.parse(readFileSync(BOUNDARIES, 'utf8'))
  boundaries.features[3].properties.code = '620201009001'
  const stray = join(target.scratch, 'stray.geojson')
  writeFileSync(stray, JSON.stringify(boundaries))
  const strayRun = capture()
  assert.equal(await importDivisions(database.db, { csv: CSV, boundaries: stray }, quiet, strayRun), 1)
  assert.match(strayRun.printed.err[0], /^boundaries: feature 4: 620201009001 is not in the CSV$/)
  const missing = capture()
  assert.equal(await importDivisions(database.db, { csv: join(target.scratch, 'nowhere.csv'), boundaries: undefined }, quiet, missing), 1)
  assert.match(missing.printed.err[0], /cannot read .*nowhere\.csv \(ENOENT\)/)
  assert.equal(await hasOrgUnits(database.db), false, 'nothing was written')

  // and the good file imports into the same database afterwards
  const good = capture()
  assert.equal(await importDivisions(database.db, { csv: CSV, boundaries: undefined }, quiet, good), 0, good.printed.err.join('\n'))
  assert.match(good.printed.out[0], /48 villages\/communities; 0 with boundaries/)
})

const quiet = { info() {} }
/** The command's output, line by line. */
function capture() {
  const printed = { out: [] as string[], err: [] as string[] }
  return { printed, out: (line: string) => printed.out.push(line), err: (line: string) => printed.err.push(line) }
}
