import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DashboardQuery, DashboardView, replies } from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { requireStaff } from '../accounts/auth.ts'
import { dashboard } from './dashboard.ts'
import { rollupListener } from './rollups.ts'

/** Keeps the rollups in every event write and serves the big screen's figures. */
export const analyticsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  ctx.onEventChange.push(rollupListener(ctx))

  fastify.get(
    '/dashboard',
    { schema: { tags: ['analytics'], querystring: DashboardQuery, response: replies({ 200: DashboardView }) } },
    async (request) => dashboard(ctx, requireStaff(request), request.query),
  )
}
