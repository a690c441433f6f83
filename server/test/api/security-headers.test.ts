/**
 * The response headers of issue 12 §6: a strict CSP on every response (each page with its own
 * style nonce), HSTS only behind TLS, and nothing a session sees kept by a cache.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { build, DEMO_PASSWORD } from '../helper.ts'

/** `script-src 'self'; …` → { 'script-src': ["'self'"], … } */
function directives(policy: string | undefined): Record<string, string[]> {
  assert.ok(policy, 'a Content-Security-Policy header')
  return Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  )
}

const header = (res: { headers: Record<string, unknown> }, name: string) => res.headers[name] as string | undefined

test('every page carries a strict policy with a style nonce of its own', async (t) => {
  const h = await build(t, { web: true })
  const nonces = new Set<string>()
  for (const path of ['/', '/workbench', '/track/20261130000001', '/hotline']) {
    const res = await h.app.inject({ method: 'GET', url: path })
    assert.equal(res.statusCode, 200, path)
    assert.match(header(res, 'content-type') ?? '', /^text\/html/)
    const csp = directives(header(res, 'content-security-policy'))
    assert.deepEqual(csp['default-src'], ["'self'"], path)
    assert.deepEqual(csp['script-src'], ["'self'"], `${path}: scripts from self only, no inline, no eval`)
    assert.deepEqual(csp['script-src-attr'], ["'none'"])
    assert.deepEqual(csp['object-src'], ["'none'"])
    assert.deepEqual(csp['frame-ancestors'], ["'none'"])
    assert.deepEqual(csp['base-uri'], ["'self'"])
    assert.deepEqual(csp['form-action'], ["'self'"])
    assert.deepEqual(csp['connect-src'], ["'self'"])
    assert.deepEqual(csp['img-src'], ["'self'", 'data:', 'blob:'], 'no tile host unless one is configured')
    const [self, nonce, ...more] = csp['style-src']
    assert.equal(self, "'self'")
    assert.match(nonce, /^'nonce-[A-Za-z0-9+/]{22}==?'$/)
    assert.deepEqual(more, [], "no 'unsafe-inline' for styles either")
    assert.ok(!nonces.has(nonce), `${path}: the nonce is fresh`)
    nonces.add(nonce)
    // a page is never stored: a stored copy would carry a nonce no later policy names
    assert.equal(header(res, 'cache-control'), 'no-store')
    assert.equal(header(res, 'etag'), undefined)
    const inPage = res.body.includes('csp-nonce') ? /nonce="([^"]+)"/.exec(res.body)?.[1] : null
    if (inPage !== null) assert.equal(`'nonce-${inPage}'`, nonce, 'the page carries the nonce its policy names')
    assert.doesNotMatch(res.body, /__XIAOLAN_STYLE_NONCE__/)
  }
  // the built page itself only through the page route, never with its placeholder
  const raw = await h.app.inject({ method: 'GET', url: '/index.html' })
  assert.doesNotMatch(raw.body, /__XIAOLAN_STYLE_NONCE__/)
})

test('API responses allow nothing to run or load, and may not be framed', async (t) => {
  const h = await build(t)
  for (const url of ['/api/v1/health', '/api/v1/categories', '/api/v1/events/1', '/api/v1/nowhere']) {
    const res = await h.app.inject({ method: 'GET', url })
    const csp = directives(header(res, 'content-security-policy'))
    assert.deepEqual(csp['default-src'], ["'none'"], url)
    assert.deepEqual(csp['frame-ancestors'], ["'none'"], url)
    assert.equal(header(res, 'x-frame-options'), 'DENY')
    assert.equal(header(res, 'x-content-type-options'), 'nosniff')
  }
})

test('the API docs have a policy of their own: scripts from self only, never framed', async (t) => {
  const h = await build(t)
  const res = await h.app.inject({ method: 'GET', url: '/api/docs/' })
  assert.equal(res.statusCode, 200)
  const csp = directives(header(res, 'content-security-policy'))
  assert.deepEqual(csp['script-src'], ["'self'"])
  assert.deepEqual(csp['frame-ancestors'], ["'none'"])
  assert.doesNotMatch(res.body, /<script>[^<]/, 'no inline script in the docs page')
})

test('HSTS is sent only when the deployment says it is behind TLS (COOKIE_SECURE)', async (t) => {
  const plain = await build(t)
  for (const url of ['/api/v1/health', '/api/v1/session']) {
    assert.equal(header(await plain.app.inject({ method: 'GET', url }), 'strict-transport-security'), undefined, url)
  }
  const tls = await build(t, { env: { COOKIE_SECURE: 'true' } })
  const hsts = header(await tls.app.inject({ method: 'GET', url: '/api/v1/health' }), 'strict-transport-security')
  assert.match(hsts ?? '', /^max-age=31536000; includeSubDomains$/)
})

test('whatever a session sees is no-store, the login that starts one too; anonymous public data is left alone', async (t) => {
  const h = await build(t)
  const login = await h.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'operator1', password: DEMO_PASSWORD },
  })
  assert.equal(login.statusCode, 200)
  assert.equal(header(login, 'cache-control'), 'no-store', 'the login response sets the session cookie')
  const cookie = login.cookies.find((c) => c.name === 'xiaolan_session')
  assert.ok(cookie)
  const headers = { cookie: `xiaolan_session=${cookie.value}` }
  for (const url of ['/api/v1/session', '/api/v1/events', '/api/v1/events/inbox', '/api/v1/categories', '/api/v1/events/999999']) {
    const res = await h.app.inject({ method: 'GET', url, headers })
    assert.ok(res.statusCode < 500, url)
    assert.equal(header(res, 'cache-control'), 'no-store', `${url} (${res.statusCode})`)
  }
  const phone = '13900000011'
  const otp = await h.app.inject({ method: 'POST', url: '/api/v1/resident/otp', payload: { phone } })
  const residentLogin = await h.app.inject({ method: 'POST', url: '/api/v1/resident/login', payload: { phone, code: otp.json().devCode } })
  assert.equal(residentLogin.statusCode, 200)
  assert.equal(header(residentLogin, 'cache-control'), 'no-store')
  const residentSession = residentLogin.cookies.find((c) => c.name === 'xiaolan_session')
  assert.ok(residentSession)
  const own = await h.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: `xiaolan_session=${residentSession.value}` } })
  assert.equal(own.json().me.kind, 'resident')
  assert.equal(header(own, 'cache-control'), 'no-store')

  for (const url of ['/api/v1/categories', '/api/v1/map', '/api/v1/session']) {
    const res = await h.app.inject({ method: 'GET', url })
    assert.equal(res.statusCode, 200, url)
    assert.notEqual(header(res, 'cache-control'), 'no-store', `${url} anonymous`)
  }
})

test('a configured tile server is the one other origin images may come from', async (t) => {
  const h = await build(t, { web: true, env: { MAP_TILE_URL: 'https://tiles.example.cn:8443/{z}/{x}/{y}.png' } })
  const csp = directives(header(await h.app.inject({ method: 'GET', url: '/' }), 'content-security-policy'))
  assert.deepEqual(csp['img-src'], ["'self'", 'data:', 'blob:', 'https://tiles.example.cn:8443'])
  assert.deepEqual(csp['connect-src'], ["'self'"], 'tiles are images, not fetched')
})
test('a file that is not there is a 404 with the resource policy, not the page', async (t) => {
  const h = await build(t, { web: true })
  for (const path of ['/assets/nope.js', '/robots.txt', '/index.html']) {
    const res = await h.app.inject({ method: 'GET', url: path })
    assert.equal(res.statusCode, 404, path)
    assert.match(header(res, 'content-security-policy') ?? '', /default-src 'none'/, path)
  }
})
