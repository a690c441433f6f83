/**
 * build(t): the app on a fresh copy of the seeded demo city — PGlite in memory by default,
 * PostgreSQL when the runner sets XIAOLAN_TEST_DB=postgres — torn down when the test ends.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { TestContext } from 'node:test'
import type { InjectOptions, LightMyRequestResponse as LightResponse } from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import { type App, buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { type Database, openDatabase } from '../src/db/index.ts'
import { migrate } from '../src/db/migrate.ts'
import { DEMO_PASSWORD } from '../src/seed/demo/accounts.ts'
import { seed } from '../src/seed.ts'
import { checkResponses } from './response-check.ts'

export { DEMO_PASSWORD }

export interface TestApp {
  app: App
  database: Database
  /** A client that keeps the session cookie and sends its CSRF token, like the browser does. */
  as(username: string): Promise<Client>
  resident(phone: string, realName?: { name: string; idNumber: string }): Promise<Client>
  anonymous: Client
  clock: { now: Date }
}

export interface Client {
  request(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown): Promise<{ status: number; body: any }>
  get(url: string): Promise<{ status: number; body: any }>
  post(url: string, body?: unknown): Promise<{ status: number; body: any }>
  /** Any request as this client (cookie and CSRF token added), for raw payloads and headers. */
  inject(options: InjectOptions): Promise<LightResponse>
  me: any
}

async function openTestDatabase(): Promise<{ database: Database; drop(): Promise<void> }> {
  if (process.env.XIAOLAN_TEST_DB === 'postgres') {
    const adminUrl = process.env.TEST_DATABASE_URL as string
    const template = process.env.XIAOLAN_PG_TEMPLATE as string
    const name = `xiaolan_t_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`create database ${name} template ${pg.escapeIdentifier(template)}`)
    await admin.end()
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    const database = await openDatabase({ url: url.toString() })
    return {
      database,
      async drop() {
        await database.close()
        const a = new pg.Client({ connectionString: adminUrl })
        await a.connect()
        await a.query(`drop database if exists ${name} with (force)`)
        await a.end()
      },
    }
  }
  const dumpFile = process.env.XIAOLAN_PGLITE_TEMPLATE
  if (dumpFile && existsSync(dumpFile)) {
    const database = await openDatabase({ loadDataDir: new Blob([await readFile(dumpFile)]) })
    return { database, drop: () => database.close() }
  }
  // run alone (not through scripts/test.mjs): seed from scratch
  const database = await openDatabase({})
  await migrate(database)
  await seed(database.db, { demo: true, log: { info() {} } })
  return { database, drop: () => database.close() }
}

export async function build(
  t: TestContext | { after(fn: () => Promise<void>): void },
  /** `database`: build on this one (a restart of an app on the same data); its owner drops it. */
  options: { web?: boolean; env?: Record<string, string>; database?: Database } = {},
): Promise<TestApp> {
  const { database, drop } = options.database ? { database: options.database, drop: async () => {} } : await openTestDatabase()
  await migrate(database)
  const clock = { now: new Date('2026-11-30T02:00:00Z') } // a Monday, 10:00 in Lanzhou
  const config = loadConfig({ LOG_LEVEL: 'silent', ...options.env }, { demo: true })
  const app = await buildApp({ config, database, now: () => clock.now, web: options.web })
  checkResponses(app)
  t.after(async () => {
    await app.close()
    await drop()
  })

  const client = (): Client => {
    let cookie = ''
    const c: Client = {
      me: null,
      async inject(options) {
        const headers: Record<string, string> = { ...(options.headers as Record<string, string>) }
        if (cookie) headers.cookie = cookie
        if (c.me?.csrfToken && options.method !== 'GET') headers['x-csrf-token'] = c.me.csrfToken
        const res = await app.inject({ ...options, headers })
        const session = res.cookies.find((k) => k.name === 'xiaolan_session')
        if (session) cookie = `xiaolan_session=${session.value}`
        return res
      },
      async request(method, url, body) {
        const options: InjectOptions = { method, url }
        if (body !== undefined) options.payload = body as InjectOptions['payload']
        const res = await c.inject(options)
        let parsed: unknown = res.body
        try {
          parsed = res.json()
        } catch {}
        return { status: res.statusCode, body: parsed }
      },
      get: (url) => c.request('GET', url),
      post: (url, body) => c.request('POST', url, body ?? {}),
    }
    return c
  }

  return {
    app,
    database,
    clock,
    anonymous: client(),
    async as(username) {
      const c = client()
      const res = await c.post('/api/v1/auth/login', { username, password: DEMO_PASSWORD })
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`)
      c.me = res.body
      return c
    },
    async resident(phone, realName) {
      const c = client()
      const otp = await c.post('/api/v1/resident/otp', { phone })
      if (otp.status !== 200) throw new Error(`otp: ${otp.status} ${JSON.stringify(otp.body)}`)
      const res = await c.post('/api/v1/resident/login', { phone, code: otp.body.devCode, ...realName })
      if (res.status !== 200) throw new Error(`resident login: ${res.status} ${JSON.stringify(res.body)}`)
      c.me = res.body
      return c
    },
  }
}

/** A second instance of the app on `h`'s PostgreSQL database (its own connections and memory), closed when the test ends. */
export async function secondInstance(t: TestContext, h: TestApp): Promise<{ app: App; database: Database }> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(h.database.db)
  const url = new URL(process.env.TEST_DATABASE_URL as string)
  url.pathname = `/${rows[0].name}`
  const database = await openDatabase({ url: url.toString() })
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }, { demo: true }), database, now: () => h.clock.now })
  t.after(async () => {
    await app.close()
    await database.close()
  })
  return { app, database }
}

/** 安宁区 刘家堡街道 幸福里社区: the community most tests happen in. */
export const XINGFULI = '620105007010'

/**
 * A 12345 call an operator registers (a hotline event), at 幸福里社区 and about garbage unless
 * `fields` say otherwise, asserted to be created.
 */
export async function registerCall(operator: Pick<Client, 'post'>, description: string, fields: Record<string, unknown> = {}) {
  const res = await operator.post('/api/v1/events', {
    channel: 'hotline',
    category: 'sanitation.garbage',
    description,
    communityCode: XINGFULI,
    ...fields,
  })
  if (res.status !== 201) throw new Error(`register call: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** An action on an event at the version the caller last saw, asserted to be applied; the event as it now is. */
export async function applyAction(client: Pick<Client, 'post'>, event: { id: number; version: number }, body: Record<string, unknown>) {
  const res = await client.post(`/api/v1/events/${event.id}/actions`, { version: event.version, ...body })
  assert.equal(res.status, 200, `${body.type}: ${JSON.stringify(res.body)}`)
  return res.body
}

/** A verified resident's report (我要报事) with these fields (a place: lat/lng or communityCode), asserted to be created. */
export async function residentReport(
  resident: Pick<Client, 'post'>,
  fields: { category: string; description: string } & Record<string, unknown>,
) {
  const res = await resident.post('/api/v1/resident/events', fields)
  if (res.status !== 201) throw new Error(`resident report: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** A verified resident's report (我要报事) at the seat of a community, asserted to be created. */
export async function reportAtSeat(
  h: TestApp,
  resident: Client,
  communityCode: string,
  description: string,
  category = 'sanitation.garbage',
) {
  const { seat } = (await h.anonymous.get(`/api/v1/orgs?code=${communityCode}`)).body.items[0]
  return residentReport(resident, { category, description, lat: seat.lat, lng: seat.lng })
}

/**
 * POST /attachments as this client (its session and CSRF token), the multipart body built by hand;
 * `type` and `field` vary the part for the refusals. The status and the parsed body.
 */
export async function uploadPhoto(client: Pick<Client, 'inject'>, bytes: Buffer, { type = 'image/png', field = 'file' } = {}) {
  const boundary = '----xiaolan-test'
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${field}"; filename="photo.png"\r\ncontent-type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const res = await client.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  })
  return { status: res.statusCode, body: res.json() }
}

/** Resolves once `check` holds; fails after five seconds (a notice between instances takes milliseconds). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + 5000
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within 5 s`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
