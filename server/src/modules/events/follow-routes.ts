/** A resident follows an event they did not report (关注), sees it under 我关注的, and stops (取消关注). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BigintIdParams, FollowedEvent, FollowState, Items, replies } from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { requireResident } from '../accounts/auth.ts'
import { followEvent, followedEvents, followState, unfollowEvent } from './follows.ts'

export const followRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const schema = { tags: ['residents'], params: BigintIdParams, response: replies({ 200: FollowState }) }

  fastify.get('/resident/follows', { schema: { tags: ['residents'], response: replies({ 200: Items(FollowedEvent) }) } }, async (request) =>
    followedEvents(ctx, requireResident(request)),
  )
  fastify.get('/resident/events/:id/follow', { schema }, async (request) => followState(ctx, requireResident(request), request.params.id))
  fastify.post('/resident/events/:id/follow', { schema }, async (request) => followEvent(ctx, requireResident(request), request.params.id))
  fastify.delete('/resident/events/:id/follow', { schema }, async (request) =>
    unfollowEvent(ctx, requireResident(request), request.params.id),
  )
}
