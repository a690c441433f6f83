import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { build, DEMO_PASSWORD, registerCall, secondInstance, XINGFULI } from '../helper.ts'

const CHENGGUAN_COMMUNITY_PARENT = '620102' // 城关区

interface Message {
  id?: string
  event: string
  data: string
}

/** A real HTTP client of the stream: fetch with the session cookie, messages parsed as they come. */
async function openStream(base: string, cookie: string, options: { scope?: string; lastEventId?: string } = {}) {
  const abort = new AbortController()
  const headers: Record<string, string> = { cookie }
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId
  const res = await fetch(`${base}/api/v1/stream${options.scope ? `?scope=${options.scope}` : ''}`, { headers, signal: abort.signal })
  assert.equal(res.status, 200)
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/)
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const parse = (block: string): Message | null => {
    const m: Message = { event: 'message', data: '' }
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue
      const [field, ...rest] = line.split(':')
      const value = rest.join(':').replace(/^ /, '')
      if (field === 'id') m.id = value
      else if (field === 'event') m.event = value
      else if (field === 'data') m.data += value
      else if (field === 'retry') return null
    }
    return m.event === 'message' && m.data === '' ? null : m
  }
  return {
    /** The next message (skipping heartbeats) that `match` accepts. */
    async next(match: (m: Message) => boolean = () => true): Promise<Message> {
      for (;;) {
        const end = buffer.indexOf('\n\n')
        if (end >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const m = parse(block)
          if (m && match(m)) return m
          continue
        }
        const { value, done } = await reader.read()
        if (done) throw new Error('stream ended')
        buffer += decoder.decode(value, { stream: true })
      }
    },
    close: () => abort.abort(),
  }
}

async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  })
  assert.equal(res.status, 200)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('xiaolan_session='))
  assert.ok(cookie)
  return cookie.split(';')[0]
}

const isChange = (number: string) => (m: Message) => m.event === 'change' && JSON.parse(m.data).number === number

test('a change reaches an open stream of its area, not of another area, and a reconnect replays what it missed', async (t) => {
  const h = await build(t)
  const base = await h.app.listen({ port: 0, host: '127.0.0.1' })
  const cookie = await login(base, 'leader')
  const city = await openStream(base, cookie)
  t.after(() => city.close())
  const ready = await city.next((m) => m.event === 'ready')
  const other = await openStream(base, cookie, { scope: CHENGGUAN_COMMUNITY_PARENT })
  t.after(() => other.close())
  await other.next((m) => m.event === 'ready')

  const operator = await h.as('operator1')
  const created = await registerCall(operator, '垃圾没人清运')
  const routed = await city.next((m) => isChange(created.number)(m) && JSON.parse(m.data).action === 'route')
  const data = JSON.parse(routed.data)
  assert.equal(data.eventId, created.id)
  assert.equal(data.state, 'assigned')
  assert.equal(data.category, 'sanitation.garbage')
  assert.equal(data.channel, 'hotline')
  assert.equal(typeof data.districtId, 'number')
  assert.ok(Number(routed.id) > Number(ready.id))

  const chengguan = await registerCall(operator, '城关区的垃圾', {
    channel: 'app',
    communityCode: h.app.ctx.orgs.all().find((u) => u.level === 4 && u.path.includes(`.${CHENGGUAN_COMMUNITY_PARENT}.`))?.code,
  })
  const first = await other.next((m) => m.event === 'change')
  assert.equal(JSON.parse(first.data).number, chengguan.number, 'the 安宁区 event never reached the 城关区 stream')

  // a client that saw only `ready` comes back: it gets both changes of both events from the log
  const resumed = await openStream(base, cookie, { lastEventId: ready.id })
  t.after(() => resumed.close())
  await resumed.next(isChange(created.number))
  await resumed.next(isChange(chengguan.number))
})

test('a stream outside the caller’s unit is forbidden', async (t) => {
  const h = await build(t)
  const district = await h.as('c-620105')
  assert.equal((await district.get('/api/v1/stream?scope=620102')).status, 403)
  assert.equal((await h.anonymous.get('/api/v1/stream')).status, 401)
})

test('a change made through one instance reaches a stream on another instance of the same PostgreSQL', async (t) => {
  const h = await build(t)
  if (h.database.kind !== 'postgres') return t.skip('needs PostgreSQL (TEST_DATABASE_URL)')
  const { app: second } = await secondInstance(t, h)
  const one = await h.app.listen({ port: 0, host: '127.0.0.1' })
  const two = await second.listen({ port: 0, host: '127.0.0.1' })
  assert.notEqual(one, two)

  const stream = await openStream(two, await login(two, 'leader'))
  t.after(() => stream.close())
  await stream.next((m) => m.event === 'ready')
  const operator = await login(one, 'operator1')
  const session = await (await fetch(`${one}/api/v1/session`, { headers: { cookie: operator } })).json()
  const res = await fetch(`${one}/api/v1/events`, {
    method: 'POST',
    headers: { cookie: operator, 'content-type': 'application/json', 'x-csrf-token': session.me.csrfToken },
    body: JSON.stringify({ channel: 'hotline', category: 'sanitation.garbage', description: '两个实例', communityCode: XINGFULI }),
  })
  assert.equal(res.status, 201)
  const { number } = await res.json()
  const change = await stream.next(isChange(number))
  assert.equal(JSON.parse(change.data).number, number)
})

test('when the listening connection to PostgreSQL drops, it comes back: open streams resync, then changes flow again', async (t) => {
  const h = await build(t)
  if (h.database.kind !== 'postgres') return t.skip('needs PostgreSQL (TEST_DATABASE_URL)')
  const base = await h.app.listen({ port: 0, host: '127.0.0.1' })
  const stream = await openStream(base, await login(base, 'leader'))
  t.after(() => stream.close())
  await stream.next((m) => m.event === 'ready')

  // as a database restart or failover would
  const { rows } = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
    where application_name = 'xiaolan-listen' and datname = current_database()`.execute(h.database.db)
  assert.equal(rows[0].n, 1, 'one listening connection per instance')
  await stream.next((m) => m.event === 'resync')

  const operator = await h.as('operator1')
  const created = await registerCall(operator, '重连之后')
  await stream.next(isChange(created.number))
})
