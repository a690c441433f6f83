/** Server-sent events over real HTTP for the API tests: a stream's messages as they come, and sessions signed in by fetch. */
import assert from 'node:assert/strict'
import { DEMO_PASSWORD } from './helper.ts'

export interface Message {
  id?: string
  event: string
  data: string
}

/** A real HTTP client of the stream: fetch with the session cookie, messages parsed as they come. */
export async function openStream(
  base: string,
  cookie: string,
  options: { scope?: string; lastEventId?: string; path?: string; view?: 'workbench' | 'me'; tab?: 'all' } = {},
) {
  const abort = new AbortController()
  const headers: Record<string, string> = { cookie }
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId
  const path = options.path ?? '/api/v1/stream'
  const query = new URLSearchParams(
    Object.entries({ scope: options.scope, view: options.view, tab: options.tab }).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString()
  const res = await fetch(`${base}${path}${query ? `?${query}` : ''}`, { headers, signal: abort.signal })
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
    /**
     * The next message (skipping heartbeats) that `match` accepts; one that does not come within
     * 30 s fails the test with what the stream carried instead (rather than holding it to its timeout).
     */
    async next(match: (m: Message) => boolean = () => true): Promise<Message> {
      const skipped: Message[] = []
      let timer: ReturnType<typeof setTimeout> | undefined
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no such message within 30 s; skipped ${JSON.stringify(skipped)}`)), 30_000)
      })
      try {
        for (;;) {
          const end = buffer.indexOf('\n\n')
          if (end >= 0) {
            const block = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const m = parse(block)
            if (m && match(m)) return m
            if (m) skipped.push(m)
            continue
          }
          const { value, done } = await Promise.race([reader.read(), late])
          if (done) throw new Error('stream ended')
          buffer += decoder.decode(value, { stream: true })
        }
      } finally {
        clearTimeout(timer)
      }
    },
    close: () => abort.abort(),
  }
}

export async function login(base: string, username: string) {
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

/** A resident signed in over real HTTP (the stream needs the session cookie): its cookie, and writes as the browser sends them. */
export async function residentOverHttp(base: string, phone: string) {
  const otp = await fetch(`${base}/api/v1/resident/otp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone }),
  })
  assert.equal(otp.status, 200)
  const { devCode } = await otp.json()
  const res = await fetch(`${base}/api/v1/resident/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, code: devCode, name: '王小兰', idNumber: '11010519491231002X' }),
  })
  assert.equal(res.status, 200)
  const me = await res.json()
  const cookie = (res.headers.getSetCookie().find((c) => c.startsWith('xiaolan_session=')) ?? '').split(';')[0]
  assert.ok(cookie)
  return {
    cookie,
    async post(url: string, body: unknown) {
      const r = await fetch(`${base}${url}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify(body),
      })
      return { status: r.status, body: await r.json() }
    },
  }
}
