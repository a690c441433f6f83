/**
 * Builds the Fastify app: external plugins first, then the auth hook, then the modules' routes,
 * then the web app's static files. `buildApp` takes an open database so tests choose theirs.
 */
import cookie from '@fastify/cookie'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Health, replies } from '@xiaolan/contracts'
import Fastify, { type FastifyInstance } from 'fastify'
import { type Config, trustProxyOf } from './config.ts'
import type { AppContext } from './context.ts'
import type { Database } from './db/index.ts'
import { AppError } from './errors.ts'
import { logRequest } from './log-request.ts'
import { createMetrics } from './metrics.ts'
import { metricsRoutes, recordRequests } from './metrics-routes.ts'
import { registerAuth } from './modules/accounts/auth.ts'
import { realNameRoutes } from './modules/accounts/real-name.ts'
import { accountRoutes } from './modules/accounts/routes.ts'
import type { SmsSender } from './modules/accounts/service.ts'
import { adminRoutes } from './modules/admin/routes.ts'
import { alertRoutes } from './modules/alerts/routes.ts'
import { rollupListener } from './modules/analytics/rollups.ts'
import { analyticsRoutes } from './modules/analytics/routes.ts'
import { callbackRoutes } from './modules/channels/callback-routes.ts'
import { ctiRoutes } from './modules/channels/cti-routes.ts'
import { hotlineRoutes } from './modules/channels/hotline-routes.ts'
import { importRoutes } from './modules/channels/import-routes.ts'
import { ingestRoutes } from './modules/channels/ingest-routes.ts'
import { netizenReplyListener } from './modules/channels/netizen-replies.ts'
import { netizenRoutes } from './modules/channels/netizen-routes.ts'
import { clientRoutes } from './modules/clients/routes.ts'
import { attachmentRoutes } from './modules/events/attachment-routes.ts'
import { loadCategories } from './modules/events/categories.ts'
import { followRoutes } from './modules/events/follow-routes.ts'
import { followListener } from './modules/events/follows.ts'
import { eventRoutes } from './modules/events/routes.ts'
import { duplicateRoutes } from './modules/intelligence/duplicate-routes.ts'
import { intelligenceRoutes } from './modules/intelligence/routes.ts'
import { knowledgeRoutes } from './modules/knowledge/routes.ts'
import { mediationRoutes } from './modules/mediation/routes.ts'
import { evaluationRoutes } from './modules/notifications/evaluation-routes.ts'
import { noticeRoutes } from './modules/notifications/notice-routes.ts'
import { noticeListener } from './modules/notifications/notices.ts'
import { outboxListener } from './modules/notifications/outbox.ts'
import { webhookRoutes } from './modules/notifications/routes.ts'
import { smsListener } from './modules/notifications/sms.ts'
import { open311Routes } from './modules/open311/routes.ts'
import { loadOrgDirectory } from './modules/orgs/directory.ts'
import { orgRoutes } from './modules/orgs/routes.ts'
import { patrolRoutes } from './modules/patrols/routes.ts'
import { notifyListener } from './modules/realtime/hub.ts'
import { realtimeRoutes } from './modules/realtime/routes.ts'
import { rotaListener } from './modules/rota/listener.ts'
import { rotaRoutes } from './modules/rota/routes.ts'
import { slaRoutes } from './modules/sla/routes.ts'
import { loadSlaSettings } from './modules/sla/settings.ts'
import { sweepRoutes } from './modules/sweeps/routes.ts'
import { registerReadRouting } from './read-routing.ts'
import { DOCS_POLICY, registerSecurityHeaders } from './security-headers.ts'
import { compileValidator } from './validation.ts'
import { buildIdHeader, readWebBuild, webRoutes } from './web.ts'

export interface BuildOptions {
  config: Config
  database: Database
  sms?: SmsSender
  now?: () => Date
  /** Serve the built web app (off in API tests). */
  web?: boolean
  /** Count and time every request into ctx.metrics (default on; bench/metrics-cost.ts measures without). */
  recordRequests?: boolean
}

export type App = FastifyInstance & { ctx: AppContext }

export async function buildApp(options: BuildOptions): Promise<App> {
  const { config, database } = options
  const fastify = Fastify({
    logger:
      config.LOG_LEVEL === 'silent'
        ? false
        : { level: config.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'], serializers: { req: logRequest } },
    bodyLimit: 1024 * 1024,
    // only the configured proxies' X-Forwarded-For names the client (request.ip): rate limits,
    // lockouts and the audit log key on it
    trustProxy: trustProxyOf(config.TRUST_PROXY),
  }).withTypeProvider<TypeBoxTypeProvider>()
  fastify.setValidatorCompiler(compileValidator)
  // first, so every response carries it, a rate-limited one too
  const webBuild = readWebBuild()
  fastify.addHook('onRequest', buildIdHeader(webBuild))

  const log = fastify.log as unknown as AppContext['log']
  const sla = await loadSlaSettings(database.db)
  const ctx: AppContext = {
    config,
    database,
    orgs: await loadOrgDirectory(database.db),
    categories: await loadCategories(database.db),
    calendar: sla.calendar,
    sla,
    sms: options.sms ?? {
      async send(phone) {
        log.info({ phone: phone.replace(/^(.{3}).*(.{4})$/, '$1****$2') }, 'one-time code sent')
      },
    },
    log,
    metrics: createMetrics(),
    now: options.now ?? (() => new Date()),
    onEventChange: [],
  }
  fastify.decorate('ctx', ctx)
  registerListeners(ctx)
  if (options.recordRequests !== false) recordRequests(fastify, ctx.metrics)
  ctx.metrics.pool('primary', () => database.poolUse())

  await fastify.register(cookie)
  // before the routes: the replica reads' routing and the write hook that stamps the caller's position
  registerReadRouting(fastify, ctx)
  await registerSecurityHeaders(fastify, config)
  await fastify.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, limit) =>
      new AppError('rate_limited', 429, `Too many requests; try again in ${limit.after}`, { retryAfter: Math.ceil(limit.ttl / 1000) }),
  })
  await fastify.register(swagger, {
    openapi: { info: { title: 'Xiaolan API', version: '1' }, servers: [{ url: '/' }] },
  })
  await fastify.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: DOCS_POLICY })

  fastify.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send({ error: { code: error.code, message: error.message, details: error.details } })
    }
    const e = error as {
      validation?: Array<{ instancePath: string; params: Record<string, unknown>; message?: string }>
      statusCode?: number
      code?: string
      message: string
    }
    if (e.validation) {
      const first = e.validation[0]
      const path =
        first?.instancePath.replace(/^\//, '').replaceAll('/', '.') ||
        (first?.params.missingProperty as string) ||
        (first?.params.additionalProperty as string) ||
        ''
      const field = first?.params.missingProperty && first.instancePath ? `${path}.${first.params.missingProperty}` : path
      return reply
        .status(400)
        .send({ error: { code: 'invalid_input', message: `${field || 'input'} ${first?.message ?? 'is invalid'}`, details: { field } } })
    }
    if (e.statusCode && e.statusCode < 500) {
      // the framework's own refusals (a body too large, not JSON, unreadable) under stable codes
      // the web has words for, not Fastify's FST_ERR_* names
      const refusal =
        e.statusCode === 413
          ? new AppError('too_large', 413, e.message)
          : e.statusCode === 415
            ? new AppError('unsupported_media_type', 415, e.message)
            : new AppError('bad_request', e.statusCode, e.message)
      return reply.status(refusal.status).send({ error: { code: refusal.code, message: refusal.message } })
    }
    request.log.error({ err: error }, 'request failed')
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side; please try again' } })
  })
  fastify.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } }),
  )

  await registerAuth(fastify, ctx)
  fastify.get('/api/v1/health', { schema: { tags: ['system'], response: replies({ 200: Health }) } }, async () => ({
    status: 'ok' as const,
    db: database.kind,
  }))
  await fastify.register(metricsRoutes)
  await fastify.register(accountRoutes, { prefix: '/api/v1' })
  await fastify.register(orgRoutes, { prefix: '/api/v1' })
  await fastify.register(eventRoutes, { prefix: '/api/v1' })
  await fastify.register(followRoutes, { prefix: '/api/v1' })
  await fastify.register(attachmentRoutes, { prefix: '/api/v1' })
  await fastify.register(patrolRoutes, { prefix: '/api/v1' })
  await fastify.register(alertRoutes, { prefix: '/api/v1' })
  await fastify.register(intelligenceRoutes, { prefix: '/api/v1' })
  await fastify.register(duplicateRoutes, { prefix: '/api/v1' })
  await fastify.register(realNameRoutes, { prefix: '/api/v1' })
  await fastify.register(hotlineRoutes, { prefix: '/api/v1' })
  await fastify.register(callbackRoutes, { prefix: '/api/v1' })
  await fastify.register(evaluationRoutes, { prefix: '/api/v1' })
  await fastify.register(ctiRoutes, { prefix: '/api/v1' })
  await fastify.register(knowledgeRoutes, { prefix: '/api/v1' })
  await fastify.register(ingestRoutes, { prefix: '/api/v1' })
  await fastify.register(importRoutes, { prefix: '/api/v1' })
  await fastify.register(netizenRoutes, { prefix: '/api/v1' })
  await fastify.register(adminRoutes, { prefix: '/api/v1' })
  await fastify.register(clientRoutes, { prefix: '/api/v1' })
  await fastify.register(webhookRoutes, { prefix: '/api/v1' })
  await fastify.register(noticeRoutes, { prefix: '/api/v1' })
  await fastify.register(slaRoutes, { prefix: '/api/v1' })
  await fastify.register(analyticsRoutes, { prefix: '/api/v1' })
  await fastify.register(mediationRoutes, { prefix: '/api/v1' })
  await fastify.register(rotaRoutes, { prefix: '/api/v1' })
  await fastify.register(sweepRoutes, { prefix: '/api/v1' })
  await fastify.register(realtimeRoutes, { prefix: '/api/v1' })
  // GeoReport v2 for the world's civic-issue clients, in its own path and error format
  await fastify.register(open311Routes, { prefix: '/open311/v2' })
  if (options.web) await fastify.register(webRoutes, { config, build: webBuild })
  return fastify as unknown as App
}

/**
 * The consistency listeners, run inside every event write's transaction: the rollups (exact, so
 * the dashboard reads only them), a merge's followers moving to the survivor, the partners' webhook
 * messages and the callers' SMS into the outbox, the in-app notices, the dispatches to departments stationed at a center (the rota's hall), then the change notice the streams fan out. Registered here and
 * only here, whatever routes an app serves: one registered twice would count every change twice.
 * (The SLA columns are no listener: the events write path folds them into its one row write.)
 */
export function registerListeners(ctx: AppContext) {
  ctx.onEventChange.push(
    rollupListener(ctx),
    followListener(ctx),
    outboxListener(ctx),
    smsListener(ctx),
    noticeListener(ctx),
    netizenReplyListener(ctx),
    rotaListener(ctx),
    notifyListener(ctx),
  )
}
