/**
 * The SLA module in the app: the transition listener that keeps `sla_status`, the reload of the
 * settings when any instance edits them, and the routes — KPIs (staff, within scope), public
 * aggregates, xlsx exports and reports, admin edits under /admin/sla.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CalendarOverrideBody,
  CalendarQuery,
  CalendarView,
  ChangeView,
  DeleteOverrideBody,
  EventsExportQuery,
  Items,
  KpiExportQuery,
  KpiQuery,
  KpiReport,
  KpiSeries,
  KpiSeriesQuery,
  MEDIA,
  PublicKpiQuery,
  PublicKpiView,
  RankingView,
  ReportExportQuery,
  ReportQuery,
  ReportView,
  ReviewSettingBody,
  ReviewSettingView,
  replies,
  SlaRuleBody,
  SlaRuleView,
  streamed,
} from '@xiaolan/contracts'
import type { FastifyRequest } from 'fastify'
import type { App } from '../../app.ts'
import { replicaRead } from '../../read-routing.ts'
import { requirePrincipal, requireStaff } from '../accounts/auth.ts'
import { requireAdmin } from '../accounts/policy.ts'
import {
  calendarYear,
  deleteOverride,
  listReviewSettings,
  listRules,
  putOverride,
  putReviewSetting,
  putRule,
  reloadSla,
  slaHistory,
} from './admin.ts'
import { exportEvents, exportKpis, exportReport } from './export.ts'
import { reportData } from './reports.ts'
import { kpiReport, kpiSeries, publicKpis, ranking } from './service.ts'
import { SLA_CHANNEL } from './settings.ts'

/** Refused before validation, so a non-admin learns nothing of the body's shape from a 400. */
const adminOnly = {
  preValidation: async (request: FastifyRequest) => {
    requireAdmin(requirePrincipal(request))
  },
}

/**
 * The KPI, report and export reads run on the read replica when there is one (read-routing.ts:
 * the caller's own writes first, a replica behind or down passed over); the admin's screens on the primary.
 */
export const slaRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  // another instance changed the settings, or notices were lost while reconnecting: read them again
  const reload = () => reloadSla(ctx).catch((err) => ctx.log.error({ err }, 'reloading the SLA settings failed'))
  const unlisten = await ctx.database.listen(SLA_CHANNEL, reload, reload)
  fastify.addHook('onClose', async () => unlisten())

  fastify.get(
    '/kpis',
    { schema: { tags: ['kpis'], querystring: KpiQuery, response: replies({ 200: KpiReport }) } },
    async (request, reply) => replicaRead(ctx, request, reply, (app) => kpiReport(app, requireStaff(request), request.query)),
  )
  fastify.get(
    '/kpis/ranking',
    { schema: { tags: ['kpis'], querystring: KpiQuery, response: replies({ 200: RankingView }) } },
    async (request, reply) => replicaRead(ctx, request, reply, (app) => ranking(app, requireStaff(request), request.query)),
  )
  fastify.get(
    '/kpis/series',
    { schema: { tags: ['kpis'], querystring: KpiSeriesQuery, response: replies({ 200: KpiSeries }) } },
    async (request, reply) => replicaRead(ctx, request, reply, (app) => kpiSeries(app, requireStaff(request), request.query)),
  )
  fastify.get(
    '/public/kpis',
    {
      config: { rateLimit: { max: ctx.config.RATE_LIMIT_PUBLIC_PER_MINUTE, timeWindow: '1 minute' } },
      schema: { tags: ['public'], querystring: PublicKpiQuery, response: replies({ 200: PublicKpiView }) },
    },
    async (request, reply) => replicaRead(ctx, request, reply, (app) => publicKpis(app, request.query)),
  )

  fastify.get(
    '/kpis/export.xlsx',
    { schema: { tags: ['kpis'], querystring: KpiExportQuery, response: streamed(MEDIA.xlsx, 'the KPI table') } },
    async (request, reply) => replicaRead(ctx, request, reply, (app) => exportKpis(app, requireStaff(request), request.query, reply)),
  )
  fastify.get(
    '/events/export.xlsx',
    { schema: { tags: ['events'], querystring: EventsExportQuery, response: streamed(MEDIA.xlsx, 'the listed events') } },
    async (request, reply) => replicaRead(ctx, request, reply, (app) => exportEvents(app, requireStaff(request), request.query, reply)),
  )
  fastify.get(
    '/reports',
    { schema: { tags: ['kpis'], querystring: ReportQuery, response: replies({ 200: ReportView }) } },
    async (request, reply) => replicaRead(ctx, request, reply, (app) => reportData(app, requireStaff(request), request.query)),
  )
  fastify.get(
    '/reports/export.xlsx',
    { schema: { tags: ['kpis'], querystring: ReportExportQuery, response: streamed(MEDIA.xlsx, 'the report') } },
    async (request, reply) => replicaRead(ctx, request, reply, (app) => exportReport(app, requireStaff(request), request.query, reply)),
  )

  fastify.get(
    '/admin/sla/calendar',
    { ...adminOnly, schema: { tags: ['admin'], querystring: CalendarQuery, response: replies({ 200: CalendarView }) } },
    async (request) => {
      requireAdmin(requirePrincipal(request))
      return calendarYear(ctx, request.query.year)
    },
  )
  fastify.post(
    '/admin/sla/calendar',
    { ...adminOnly, schema: { tags: ['admin'], body: CalendarOverrideBody, response: replies({ 200: CalendarView }) } },
    async (request) => {
      const admin = requireAdmin(requirePrincipal(request))
      await putOverride(ctx, admin.user.id, request.body)
      return calendarYear(ctx, Number(request.body.date.slice(0, 4)))
    },
  )
  fastify.post(
    '/admin/sla/calendar/delete',
    { ...adminOnly, schema: { tags: ['admin'], body: DeleteOverrideBody, response: replies({ 200: CalendarView }) } },
    async (request) => {
      const admin = requireAdmin(requirePrincipal(request))
      await deleteOverride(ctx, admin.user.id, request.body)
      return calendarYear(ctx, Number(request.body.date.slice(0, 4)))
    },
  )
  fastify.get(
    '/admin/sla/rules',
    { ...adminOnly, schema: { tags: ['admin'], response: replies({ 200: Items(SlaRuleView) }) } },
    async (request) => {
      requireAdmin(requirePrincipal(request))
      return { items: await listRules(ctx) }
    },
  )
  fastify.post(
    '/admin/sla/rules',
    { ...adminOnly, schema: { tags: ['admin'], body: SlaRuleBody, response: replies({ 200: SlaRuleView }) } },
    async (request) => {
      const admin = requireAdmin(requirePrincipal(request))
      return putRule(ctx, admin.user.id, request.body)
    },
  )
  fastify.get(
    '/admin/sla/review',
    { ...adminOnly, schema: { tags: ['admin'], response: replies({ 200: Items(ReviewSettingView) }) } },
    async (request) => {
      requireAdmin(requirePrincipal(request))
      return { items: await listReviewSettings(ctx) }
    },
  )
  fastify.post(
    '/admin/sla/review',
    { ...adminOnly, schema: { tags: ['admin'], body: ReviewSettingBody, response: replies({ 200: Items(ReviewSettingView) }) } },
    async (request) => {
      const admin = requireAdmin(requirePrincipal(request))
      return { items: await putReviewSetting(ctx, admin.user.id, request.body) }
    },
  )
  fastify.get(
    '/admin/sla/history',
    { ...adminOnly, schema: { tags: ['admin'], response: replies({ 200: Items(ChangeView) }) } },
    async (request) => {
      requireAdmin(requirePrincipal(request))
      return { items: await slaHistory(ctx) }
    },
  )
}
