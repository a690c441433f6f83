import assert from 'node:assert/strict'
import { test } from 'node:test'

// the page this test runs "in": built as b1
;(globalThis as { document?: unknown }).document = {
  querySelector: (selector: string) => (selector === 'meta[name="xiaolan-build"]' ? { content: 'b1' } : null),
}
const { ApiError, call, setCsrfToken } = await import('./api.ts')
const { isOutdated, onOutdated } = await import('./build.ts')

interface Sent {
  url: string
  init: RequestInit
}
/** fetch answering `status` with `body` and the server's build, remembering what was asked. */
function serve(status: number, body: unknown, build = 'b1'): Sent[] {
  const sent: Sent[] = []
  globalThis.fetch = async (url, init = {}) => {
    sent.push({ url: String(url), init })
    return new Response(body === undefined ? '' : JSON.stringify(body), { status, headers: { 'x-xiaolan-build': build } })
  }
  return sent
}

test('an operation names its path parameters and query; a GET sends no body and no CSRF token', async () => {
  setCsrfToken('t0k')
  const sent = serve(200, { items: [], next: null })
  const page = await call('GET /events', { query: { text: '垃圾 清运', limit: 10, next: undefined } })
  assert.deepEqual(page, { items: [], next: null })
  assert.equal(sent[0].url, `/api/v1/events?text=${encodeURIComponent('垃圾 清运').replace(/%20/g, '+')}&limit=10`)
  assert.equal(sent[0].init.method, 'GET')
  assert.equal(sent[0].init.body, undefined)
  assert.equal((sent[0].init.headers as Record<string, string>)['x-csrf-token'], undefined)

  await call('GET /track/:number', { params: { number: 'LZ/../x' } })
  assert.equal(sent[1].url, '/api/v1/track/LZ%2F..%2Fx', 'a parameter cannot leave its segment')
})

test('a write sends its JSON body with the CSRF token', async () => {
  setCsrfToken('t0k')
  const sent = serve(200, { id: 7 })
  await call('POST /events/:id/actions', { params: { id: 7 }, body: { type: 'sign', version: 3 } })
  assert.equal(sent[0].url, '/api/v1/events/7/actions')
  assert.equal(sent[0].init.method, 'POST')
  assert.equal(sent[0].init.body, JSON.stringify({ type: 'sign', version: 3 }))
  const headers = sent[0].init.headers as Record<string, string>
  assert.equal(headers['x-csrf-token'], 't0k')
  assert.equal(headers['content-type'], 'application/json')
})

test('a refusal is an ApiError with the server’s code, field and details', async () => {
  serve(409, { error: { code: 'stale_version', message: 'changed', details: { field: 'version', current: 4 } } })
  await assert.rejects(
    call('GET /events/:id', { params: { id: 1 } }),
    (e) => e instanceof ApiError && e.status === 409 && e.code === 'stale_version' && e.field === 'version' && e.details.current === 4,
  )
  serve(502, undefined)
  await assert.rejects(call('GET /map'), (e) => e instanceof ApiError && e.status === 502 && e.code === 'internal')
  // a proxy's HTML error page is the status alone, not a SyntaxError
  globalThis.fetch = async () => new Response('<html><body>502 Bad Gateway</body></html>', { status: 502, statusText: 'Bad Gateway' })
  await assert.rejects(call('GET /map'), (e) => e instanceof ApiError && e.status === 502 && e.message === 'Bad Gateway')
  globalThis.fetch = async () => {
    throw new TypeError('offline')
  }
  await assert.rejects(call('GET /map'), (e) => e instanceof ApiError && e.code === 'network')
})

test('the page learns that the server runs another build, once', async () => {
  let told = 0
  onOutdated(() => told++)
  serve(200, { tiles: null }, 'b1')
  await call('GET /map')
  assert.equal(isOutdated(), false, 'same build: nothing to say')
  serve(200, { tiles: null }, 'b2')
  await call('GET /map')
  await call('GET /map')
  assert.equal(isOutdated(), true)
  assert.equal(told, 1)
})
