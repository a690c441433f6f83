import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createMetrics } from '../../src/metrics.ts'
import { serveMetricsApart } from '../../src/metrics-routes.ts'
import { type Hub, startHub } from '../../src/modules/realtime/hub.ts'
import { runJob } from '../../src/modules/sla/jobs.ts'
import { build, registerCall, type TestApp } from '../helper.ts'

const TOKEN = 'metrics-token-for-the-tests-0123'
/** The test's own port for the second listener (the range this work was given). */
const APART_PORT = 8141

// Prometheus text exposition format 0.0.4, line by line; values as Go's ParseFloat reads them
// (NaN and Inf in any case: prom-client prints an empty summary's NaN as `Nan`)
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*'
const HELP = new RegExp(`^# HELP (${NAME}) .*$`)
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`)
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"'
const VALUE = '(?:[-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[nN][aA][nN]|[-+][iI][nN][fF])'
const SAMPLE = new RegExp(`^(${NAME})(\\{(?:${LABEL}(?:,${LABEL})*)?\\})? (${VALUE})(?: -?[0-9]+)?$`)

/**
 * Parses the exposition strictly: every line a HELP, a TYPE or a sample of a family declared before
 * it (a histogram's _bucket/_sum/_count); the samples by their series, `name{labels}` as printed.
 */
function parseExposition(text: string): Map<string, number> {
  const types = new Map<string, string>()
  const series = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '') continue
    if (HELP.test(line)) continue
    const type = TYPE.exec(line)
    if (type) {
      assert.ok(!types.has(type[1]), `family ${type[1]} declared twice`)
      types.set(type[1], type[2])
      continue
    }
    const sample = SAMPLE.exec(line)
    assert.ok(sample, `not a line of the exposition format: ${JSON.stringify(line)}`)
    const [, name, labels = '', value] = sample
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '')
    assert.ok(types.has(family), `sample ${name} of no declared family`)
    if (family !== name) assert.ok(['histogram', 'summary'].includes(types.get(family) ?? ''), `${name}: suffix of a ${types.get(family)}`)
    series.set(`${name}${labels}`, /nan/i.test(value) ? Number.NaN : Number(value.replace(/inf/i, 'Infinity')))
  }
  return series
}

async function scrape(h: TestApp, authorization = `Bearer ${TOKEN}`) {
  const res = await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization } })
  assert.equal(res.statusCode, 200, res.body)
  assert.match(res.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/)
  return { text: res.body, series: parseExposition(res.body) }
}

const http = (route: string, status: string, method = 'GET') => `{route="${route}",method="${method}",status="${status}"}`

test('without METRICS_TOKEN or METRICS_PORT /metrics is not served: the answer of a route that does not exist', async (t) => {
  const h = await build(t)
  const metrics = await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })
  assert.equal(metrics.statusCode, 404)
  assert.equal(metrics.json().error.code, 'not_found')
  assert.equal(metrics.json().error.message, 'No route GET /metrics')
})

test('the token is required: 401 without it, 403 when wrong, 200 with it', async (t) => {
  const h = await build(t, { env: { METRICS_TOKEN: TOKEN } })
  const none = await h.app.inject({ method: 'GET', url: '/metrics' })
  assert.equal(none.statusCode, 401)
  assert.match(none.headers['www-authenticate'] as string, /^Bearer/)
  assert.doesNotMatch(none.body, /xiaolan_/)
  const wrong = await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } })
  assert.equal(wrong.statusCode, 403)
  assert.doesNotMatch(wrong.body, /xiaolan_/)
  // a session is not a token: the admin's cookie opens nothing
  const admin = await h.as('admin')
  assert.equal((await admin.inject({ method: 'GET', url: '/metrics' })).statusCode, 401)
  const { series } = await scrape(h)
  assert.ok(series.has('process_cpu_user_seconds_total'), 'the Node process defaults are collected')
  assert.ok(series.has('nodejs_eventloop_lag_p99_seconds'))
})

test('requests are counted and timed by route pattern, method and status class; errors by their code', async (t) => {
  const h = await build(t, { env: { METRICS_TOKEN: TOKEN } })
  for (let i = 0; i < 3; i++) assert.equal((await h.anonymous.get('/api/v1/health')).status, 200)
  // two public numbers: one route pattern, never the numbers themselves
  assert.equal((await h.anonymous.get('/api/v1/track/LZ20261130-999991')).status, 404)
  assert.equal((await h.anonymous.get('/api/v1/track/LZ20261130-999992')).status, 404)
  assert.equal((await h.anonymous.get('/api/v1/no-such-route/123')).status, 404)
  assert.equal((await h.anonymous.post('/api/v1/auth/login', {})).status, 400)

  const { text, series } = await scrape(h)
  assert.equal(series.get(`xiaolan_http_requests_total${http('/api/v1/health', '2xx')}`), 3)
  assert.equal(series.get(`xiaolan_http_request_duration_seconds_count${http('/api/v1/health', '2xx')}`), 3)
  assert.equal(series.get(`xiaolan_http_request_duration_seconds_bucket{le="+Inf",route="/api/v1/health",method="GET",status="2xx"}`), 3)
  const sum = series.get(`xiaolan_http_request_duration_seconds_sum${http('/api/v1/health', '2xx')}`) ?? -1
  assert.ok(sum > 0 && sum < 30, `the durations add up to ${sum} s`)
  assert.equal(series.get(`xiaolan_http_requests_total${http('/api/v1/track/:number', '4xx')}`), 2)
  assert.equal(series.get(`xiaolan_http_requests_total${http('unmatched', '4xx')}`), 1)
  assert.equal(series.get(`xiaolan_http_requests_total${http('/api/v1/auth/login', '4xx', 'POST')}`), 1)
  assert.doesNotMatch(text, /LZ20261130|no-such-route/, 'no raw URL in a label')

  assert.equal(series.get('xiaolan_http_errors_total{status="404",code="not_found"}'), 3)
  assert.equal(series.get('xiaolan_http_errors_total{status="400",code="invalid_input"}'), 1)

  // and the counters move with the next requests
  await h.anonymous.get('/api/v1/health')
  const after = (await scrape(h)).series
  assert.equal(after.get(`xiaolan_http_requests_total${http('/api/v1/health', '2xx')}`), 4)
  assert.equal(after.get(`xiaolan_http_requests_total${http('/metrics', '2xx')}`), 1, 'the scrape before')
  assert.equal(after.get('xiaolan_db_pool_total{pool="primary"}') !== undefined, true)
  if (h.database.kind === 'postgres') assert.ok((after.get('xiaolan_db_pool_total{pool="primary"}') ?? 0) >= 1)
  else assert.equal(after.get('xiaolan_db_pool_total{pool="primary"}'), 1, 'PGlite: its one connection')
  assert.equal(after.get('xiaolan_db_pool_waiting{pool="primary"}'), 0)
})

test('a job run is counted by name and outcome, with its duration', async (t) => {
  const h = await build(t, { env: { METRICS_TOKEN: TOKEN } })
  assert.equal((await runJob(h.app.ctx, 'deadlines')).ran, true)
  assert.equal((await runJob(h.app.ctx, 'deadlines')).ran, true)
  assert.equal((await runJob(h.app.ctx, 'auto_close')).ran, true)
  const { series } = await scrape(h)
  assert.equal(series.get('xiaolan_job_runs_total{job="deadlines",outcome="ran"}'), 2)
  assert.equal(series.get('xiaolan_job_duration_seconds_count{job="deadlines",outcome="ran"}'), 2)
  assert.equal(series.get('xiaolan_job_runs_total{job="auto_close",outcome="ran"}'), 1)
  assert.equal(series.get('xiaolan_job_runs_total{job="reminders",outcome="ran"}'), undefined)
})

test('timeJob records a failed run and a skipped one, and rethrows the failure', async () => {
  const metrics = createMetrics()
  await assert.rejects(
    metrics.timeJob('fold', async () => {
      throw new Error('boom')
    }),
    /boom/,
  )
  assert.deepEqual(await metrics.timeJob('fold', async () => ({ ran: false, changed: 0 })), { ran: false, changed: 0 })
  await metrics.timeJob('fold', async () => ({ ran: true, changed: 7 }))
  const series = parseExposition(await metrics.registry.metrics())
  assert.equal(series.get('xiaolan_job_runs_total{job="fold",outcome="failed"}'), 1)
  assert.equal(series.get('xiaolan_job_runs_total{job="fold",outcome="skipped"}'), 1)
  assert.equal(series.get('xiaolan_job_runs_total{job="fold",outcome="ran"}'), 1)
  assert.equal(series.get('xiaolan_job_changed_total{job="fold"}'), 7)
})

test('open streams are gauged by audience; changes heard and messages written are counted', async (t) => {
  const h = await build(t, { env: { METRICS_TOKEN: TOKEN } })
  const hub = await startHub(h.app.ctx)
  try {
    await streamsCounted(h, hub)
  } finally {
    await hub.close() // before the app's own close, which closes the database
  }
})

async function streamsCounted(h: TestApp, hub: Hub) {
  // an intake is two changes (submit, route): the stream has both when `both` resolves
  let changes = 0
  let bothHeard = () => {}
  const both = new Promise<void>((resolve) => {
    bothHeard = resolve
  })
  const write = (chunk: string) => {
    if (chunk.includes('event: change') && ++changes === 2) bothHeard()
  }
  const remove = hub.add({ audience: { kind: 'area', path: h.app.ctx.orgs.root().path }, write, end() {} })
  hub.add({ audience: { kind: 'resident', residentId: 2_147_483_647 }, write() {}, end() {} })
  let series = (await scrape(h)).series
  assert.equal(series.get('xiaolan_stream_clients{audience="area"}'), 1)
  assert.equal(series.get('xiaolan_stream_clients{audience="resident"}'), 1)

  await registerCall(await h.as('operator1'), '小区门口垃圾桶满了没人清理，已经两天了')
  await both
  series = (await scrape(h)).series
  // the app's own hub hears them too: at least this hub's two
  assert.ok((series.get('xiaolan_changes_received_total') ?? 0) >= 2)
  assert.ok((series.get('xiaolan_change_messages_total{audience="area"}') ?? 0) >= 2)
  remove()
  remove() // a second close of one stream counts once
  series = (await scrape(h)).series
  assert.equal(series.get('xiaolan_stream_clients{audience="area"}'), 0)
}

test('METRICS_PORT: /metrics only on the second listener (with the token when set), 404 on the public port', async (t) => {
  const h = await build(t, { env: { METRICS_TOKEN: TOKEN, METRICS_PORT: String(APART_PORT) } })
  assert.equal((await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode, 404)
  const config = h.app.ctx.config
  assert.equal(config.METRICS_HOST, '127.0.0.1', 'loopback unless said otherwise')
  const apart = await serveMetricsApart(h.app.ctx.metrics, { ...config, METRICS_PORT: APART_PORT })
  t.after(() => apart.close())
  const base = `http://127.0.0.1:${apart.port}`
  assert.equal((await fetch(`${base}/metrics`)).status, 401)
  assert.equal((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status, 403)
  assert.equal((await fetch(`${base}/api/v1/health`)).status, 404)
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
  assert.equal(res.status, 200)
  const series = parseExposition(await res.text())
  assert.ok(series.has('xiaolan_db_pool_idle{pool="primary"}'))
})
