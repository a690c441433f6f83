import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ChannelSplitQuery,
  ChannelSplitView,
  DashboardQuery,
  DashboardView,
  MEDIA,
  OpenDataQuery,
  OpenDataSchemaView,
  replies,
  streamed,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { replicaRead } from '../../read-routing.ts'
import { requireStaff } from '../accounts/auth.ts'
import { channelSplit } from './channel-split.ts'
import { dashboard } from './dashboard.ts'
import { OPEN_DATA_SCHEMA, sendOpenData } from './open-data.ts'

/**
 * The big screen's figures (the rollups they read are kept by the listener app.ts registers), and the
 * open dataset anyone may download (no session; its own rate limit, a year at most per file).
 */
export const analyticsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  fastify.get(
    '/dashboard',
    { schema: { tags: ['analytics'], querystring: DashboardQuery, response: replies({ 200: DashboardView }) } },
    // on the read replica when there is one (read-routing.ts)
    async (request, reply) => replicaRead(ctx, request, reply, (app) => dashboard(app, requireStaff(request), request.query)),
  )

  fastify.get(
    '/kpis/channels',
    { schema: { tags: ['kpis'], querystring: ChannelSplitQuery, response: replies({ 200: ChannelSplitView }) } },
    async (request, reply) => replicaRead(ctx, request, reply, (app) => channelSplit(app, requireStaff(request), request.query)),
  )

  const openData = { rateLimit: { max: ctx.config.RATE_LIMIT_OPEN_DATA_PER_MINUTE, timeWindow: '1 minute' } }
  for (const format of ['csv', 'geojson'] as const) {
    fastify.get(
      `/open-data/events.${format}`,
      {
        schema: {
          tags: ['open data'],
          querystring: OpenDataQuery,
          response: streamed(MEDIA[format], 'the closed and rejected events of the period, anonymised (GET /open-data/schema)'),
        },
        config: openData,
      },
      async (request, reply) => replicaRead(ctx, request, reply, (app) => sendOpenData(app, request.query, format, reply)),
    )
  }
  fastify.get(
    '/open-data/schema',
    { schema: { tags: ['open data'], response: replies({ 200: OpenDataSchemaView }) } },
    async () => OPEN_DATA_SCHEMA,
  )
}
