/**
 * `GET /metrics`: this instance's Prometheus metrics (metrics.ts) in the text exposition format, and
 * the hooks that record every request.
 *
 * Who may read them (README, Metrics). Safe by default: with neither setting, /metrics is not served
 * at all (the router's own 404), whatever the environment — nothing marks a deployment as production
 * reliably, and a loopback-only rule would open it to everyone behind a reverse proxy on the same host.
 *  - `METRICS_TOKEN`: the scraper sends `Authorization: Bearer <token>` (401 without, 403 when wrong);
 *  - `METRICS_PORT` (and `METRICS_HOST`, default 127.0.0.1): a second listener serves only /metrics
 *    there, and the public port answers 404; the token, when set too, is asked there as well.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MEDIA, streamed } from '@xiaolan/contracts'
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify'
import type { App } from './app.ts'
import type { Config } from './config.ts'
import { AppError, forbidden } from './errors.ts'
import type { Metrics } from './metrics.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** `performance.now()` as the request came in (the latency histogram's start) */
    receivedAt: number
  }
}

type Access = 'ok' | 'missing' | 'wrong'

const digest = (text: string) => createHash('sha256').update(text).digest()

/** Whether an Authorization header carries the token (compared in constant time). */
export function metricsAccess(authorization: string | undefined, token: string | undefined): Access {
  if (!token) return 'ok'
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  if (!match) return 'missing'
  return timingSafeEqual(digest(match[1]), digest(token)) ? 'ok' : 'wrong'
}

const noRoute = (method: string) => new AppError('not_found', 404, `No route ${method} /metrics`)

export const metricsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const { config, metrics } = ctx
  fastify.get(
    '/metrics',
    {
      schema: {
        tags: ['system'],
        response: streamed(MEDIA.metrics, 'Prometheus text exposition format (only with METRICS_TOKEN; Bearer token)'),
      },
    },
    async (request, reply) => {
      // not served here without a token, nor when it has its own listener
      if (!config.METRICS_TOKEN || config.METRICS_PORT !== undefined) throw noRoute(request.method)
      const access = metricsAccess(request.headers.authorization, config.METRICS_TOKEN)
      if (access === 'missing') {
        reply.header('www-authenticate', 'Bearer realm="metrics"')
        throw new AppError('unauthenticated', 401, 'The metrics need Authorization: Bearer <METRICS_TOKEN>')
      }
      if (access === 'wrong') throw forbidden('Wrong metrics token')
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics())
    },
  )
}

/**
 * The second listener of `METRICS_PORT`: GET /metrics and nothing else. Returns its port (0 asks
 * for a free one) and its close.
 */
export async function serveMetricsApart(
  metrics: Metrics,
  config: Pick<Config, 'METRICS_HOST' | 'METRICS_TOKEN'> & { METRICS_PORT: number },
): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const answer = (status: number, text: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers })
      res.end(req.method === 'HEAD' ? undefined : text)
    }
    if (req.url?.split('?')[0] !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) return answer(404, 'Not found\n')
    const access = metricsAccess(req.headers.authorization, config.METRICS_TOKEN)
    if (access === 'missing') return answer(401, 'Unauthorized\n', { 'www-authenticate': 'Bearer realm="metrics"' })
    if (access === 'wrong') return answer(403, 'Forbidden\n')
    metrics.registry.metrics().then(
      (text) => answer(200, text, { 'content-type': metrics.registry.contentType }),
      () => answer(500, 'Metrics could not be collected\n'),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.METRICS_PORT, config.METRICS_HOST, () => resolve())
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** The app's error answers carry `{"error":{"code":"…"`: the code, as the error counter's label. */
const ERROR_CODE = /^\{"error":\{"code":"([a-z0-9_]{1,64})"/

/**
 * Counts and times every answer by route pattern (never the raw URL, so ids do not multiply the
 * series), method and status class; error answers also by their code. Recorded as the answer is
 * sent (`onSend`: for a file or an export, when it starts streaming), since an `onResponse` hook costs
 * each request more than the recording itself (bench/metrics-cost.ts). Each route gets its own hook
 * holding its pattern (added as routes are declared: call this before any route), as
 * `request.routeOptions` builds a fresh object on every read; the router's 404s count as `unmatched`.
 */
export function recordRequests(fastify: FastifyInstance, metrics: Metrics) {
  const record = (route: string, request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const { statusCode } = reply
    const labels = { route, method: request.method, status: STATUS_CLASS[Math.floor(statusCode / 100)] ?? 'other' }
    metrics.httpRequests.inc(labels)
    metrics.httpDuration.observe(labels, (performance.now() - request.receivedAt) / 1000)
    if (statusCode >= 400) {
      const code = typeof payload === 'string' ? ERROR_CODE.exec(payload)?.[1] : undefined
      metrics.countError(statusCode, code ?? 'none')
    }
  }
  // Fastify's own reply.elapsedTime is 0 unless a logger or an onResponse hook asked for it
  fastify.decorateRequest('receivedAt', 0)
  fastify.addHook('onRequest', (request, _reply, done) => {
    request.receivedAt = performance.now()
    done()
  })
  fastify.addHook('onRoute', (route) => {
    const url = route.url
    const recordAnswer: onSendHookHandler = (request, reply, payload, done) => {
      record(url, request, reply, payload)
      done(null, payload)
    }
    route.onSend = [...[route.onSend ?? []].flat(), recordAnswer]
  })
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.is404) record('unmatched', request, reply, payload)
    done(null, payload)
  })
}

const STATUS_CLASS: Record<number, string> = { 1: '1xx', 2: '2xx', 3: '3xx', 4: '4xx', 5: '5xx' }
