/** 隐患联排 (issue 20 item 2): sweeps, their targets, a grid worker's check, closing and the xlsx report. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CheckTargetBody,
  CloseSweepBody,
  Int4IdParams,
  Items,
  LaunchSweepBody,
  MEDIA,
  replies,
  SweepReportQuery,
  SweepSummaryView,
  SweepsQuery,
  SweepTargetParams,
  SweepTargetsQuery,
  SweepTargetView,
  SweepView,
  streamed,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { requireStaff } from '../accounts/auth.ts'
import { sweepReport } from './report.ts'
import { checkTarget, closeSweepFor, launchSweep, sweepSummaries, sweepTargets, sweepView, targetViews } from './sweeps.ts'

export const sweepRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App

  fastify.get(
    '/sweeps',
    { schema: { tags: ['sweeps'], querystring: SweepsQuery, response: replies({ 200: Items(SweepSummaryView) }) } },
    async (request) => ({ items: await sweepSummaries(ctx, requireStaff(request), request.query.state) }),
  )

  fastify.post(
    '/sweeps',
    { schema: { tags: ['sweeps'], body: LaunchSweepBody, response: replies({ 201: SweepView }) } },
    async (request, reply) => {
      const staff = requireStaff(request)
      const row = await launchSweep(ctx, staff, request.body)
      return reply.status(201).send(await sweepView(ctx, staff, row.id))
    },
  )

  fastify.get(
    '/sweeps/:id',
    { schema: { tags: ['sweeps'], params: Int4IdParams, response: replies({ 200: SweepView }) } },
    async (request) => sweepView(ctx, requireStaff(request), request.params.id),
  )

  fastify.get(
    '/sweeps/:id/targets',
    {
      schema: {
        tags: ['sweeps'],
        params: Int4IdParams,
        querystring: SweepTargetsQuery,
        response: replies({ 200: Items(SweepTargetView) }),
      },
    },
    async (request) => ({ items: await sweepTargets(ctx, requireStaff(request), request.params.id, request.query) }),
  )

  fastify.post(
    '/sweeps/:id/targets/:targetId/check',
    { schema: { tags: ['sweeps'], params: SweepTargetParams, body: CheckTargetBody, response: replies({ 200: SweepTargetView }) } },
    async (request) => {
      const { id, targetId } = request.params
      const row = await checkTarget(ctx, requireStaff(request), id, targetId, request.body)
      return (await targetViews(ctx, [row]))[0]
    },
  )

  fastify.post(
    '/sweeps/:id/close',
    { schema: { tags: ['sweeps'], params: Int4IdParams, body: CloseSweepBody, response: replies({ 200: SweepView }) } },
    async (request) => {
      const staff = requireStaff(request)
      await closeSweepFor(ctx, staff, request.params.id, request.body.version)
      return sweepView(ctx, staff, request.params.id)
    },
  )

  fastify.get(
    '/sweeps/:id/report.xlsx',
    {
      schema: {
        tags: ['sweeps'],
        params: Int4IdParams,
        querystring: SweepReportQuery,
        response: streamed(MEDIA.xlsx, 'the sweep’s report'),
      },
    },
    async (request, reply) => {
      const { buffer, disposition } = await sweepReport(ctx, requireStaff(request), request.params.id, request.query.lang)
      return reply
        .header('content-type', MEDIA.xlsx)
        .header('content-disposition', disposition)
        .header('cache-control', 'no-store')
        .send(buffer)
    },
  )
}
