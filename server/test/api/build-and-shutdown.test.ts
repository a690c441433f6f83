/**
 * What a release and a stop rely on: every response names the build the instance serves (an open
 * page compares it with its own `<meta name="xiaolan-build">`), and closing the app ends open event
 * streams instead of waiting on them, so SIGTERM stops the server within its grace period.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { readWebBuild } from '../../src/web.ts'
import { build, DEMO_PASSWORD, type TestApp } from '../helper.ts'

const served = readWebBuild()
const expected = served?.id ?? 'unbuilt'

/** The leader's session cookie, for fetch over a real socket (a stream does not end for inject). */
async function leaderCookie(h: TestApp) {
  const payload = { username: 'leader', password: DEMO_PASSWORD }
  const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload })
  return `xiaolan_session=${login.cookies.find((c) => c.name === 'xiaolan_session')?.value}`
}

test('every response carries x-xiaolan-build: JSON, errors, pages and the event stream', async (t) => {
  const h = await build(t, { web: true })
  const leader = await h.as('leader')
  for (const res of [
    await h.app.inject({ method: 'GET', url: '/api/v1/health' }),
    await h.app.inject({ method: 'GET', url: '/api/v1/me' }), // 401
    await h.app.inject({ method: 'GET', url: '/api/v1/nope' }), // 404
    await leader.inject({ method: 'GET', url: '/api/v1/dashboard' }),
    await h.app.inject({ method: 'GET', url: '/workbench' }),
  ]) {
    assert.equal(res.headers['x-xiaolan-build'], expected, `${res.statusCode} ${res.headers['content-type']}`)
  }
  if (served) {
    const page = await h.app.inject({ method: 'GET', url: '/' })
    assert.match(page.body, new RegExp(`<meta name="xiaolan-build" content="${served.id}">`))
  }

  const base = await h.app.listen({ port: 0, host: '127.0.0.1' })
  const cookie = await leaderCookie(h)
  const abort = new AbortController()
  t.after(() => abort.abort())
  const stream = await fetch(`${base}/api/v1/stream`, { headers: { cookie }, signal: abort.signal })
  assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8')
  assert.equal(stream.headers.get('x-xiaolan-build'), expected, 'the hijacked stream too')
})

test('closing the app ends an open event stream and returns promptly', async (t) => {
  const h = await build(t)
  const cookie = await leaderCookie(h)
  const base = await h.app.listen({ port: 0, host: '127.0.0.1' })
  const stream = await fetch(`${base}/api/v1/stream`, { headers: { cookie } })
  const reader = stream.body!.getReader()
  await reader.read() // the stream is open and written to

  const closed = h.app.close().then(() => 'closed')
  const result = await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 3000, 'still waiting'))])
  assert.equal(result, 'closed', 'app.close() waited on the stream')
  for (;;) if ((await reader.read()).done) break // the server ended it
})
