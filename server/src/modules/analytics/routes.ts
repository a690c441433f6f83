import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DashboardQuery, DashboardView, replies } from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { replicaRead } from '../../read-routing.ts'
import { requireStaff } from '../accounts/auth.ts'
import { dashboard } from './dashboard.ts'

/** The big screen's figures (the rollups they read are kept by the listener app.ts registers). */
export const analyticsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  fastify.get(
    '/dashboard',
    { schema: { tags: ['analytics'], querystring: DashboardQuery, response: replies({ 200: DashboardView }) } },
    // on the read replica when there is one (read-routing.ts)
    async (request, reply) => replicaRead(ctx, request, reply, (app) => dashboard(app, requireStaff(request), request.query)),
  )
}
