/** 巡查打卡: a grid worker checks in on patrol where they stand; today's check-ins are listed. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Items, PatrolBody, PatrolView, replies } from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { chinaDayOf } from '../../china-time.ts'
import { invalid } from '../../errors.ts'
import { requireStaff } from '../accounts/auth.ts'
import { requirePatrol } from './policy.ts'

export const patrolRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const db = ctx.database.db

  const toView = (r: {
    id: number
    lat: number
    lng: number
    note: string | null
    grid_id: number | null
    community_id: number | null
    at: Date
  }): PatrolView => ({
    id: r.id,
    lat: r.lat,
    lng: r.lng,
    note: r.note,
    grid: ctx.orgs.ref(r.grid_id),
    community: ctx.orgs.ref(r.community_id),
    at: new Date(r.at).toISOString(),
  })

  fastify.post(
    '/patrols',
    { schema: { tags: ['grid'], body: PatrolBody, response: replies({ 201: PatrolView }) } },
    async (request, reply) => {
      const staff = requirePatrol(requireStaff(request))
      const found = ctx.orgs.locate(request.body.lat, request.body.lng)
      if (!found) throw invalid('lat', 'This point is outside the city')
      const key = request.body.idempotencyKey ?? null
      const row = await db
        .insertInto('patrols')
        .values({
          user_id: staff.user.id,
          unit_id: staff.user.unitId,
          lat: request.body.lat,
          lng: request.body.lng,
          grid_id: found.gridId,
          community_id: found.communityId,
          note: request.body.note?.trim() || null,
          at: ctx.now(),
          idempotency_key: key,
        })
        .onConflict((oc) => oc.columns(['user_id', 'idempotency_key']).doNothing())
        .returningAll()
        .executeTakeFirst()
      // a resend of a check-in already recorded (its answer was lost): the first one
      const first =
        row ??
        (await db
          .selectFrom('patrols')
          .selectAll()
          .where('user_id', '=', staff.user.id)
          .where('idempotency_key', '=', key as string)
          .executeTakeFirstOrThrow())
      return reply.status(201).send(toView(first))
    },
  )

  fastify.get('/patrols', { schema: { tags: ['grid'], response: replies({ 200: Items(PatrolView) }) } }, async (request) => {
    const staff = requireStaff(request)
    const rows = await db
      .selectFrom('patrols')
      .selectAll()
      .where('user_id', '=', staff.user.id)
      .where('at', '>=', chinaDayOf(ctx.now()).start)
      .orderBy('at', 'desc')
      .execute()
    return { items: rows.map(toView) }
  })
}
