import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AnsweredCallBody,
  CallerEvent,
  CallerEventsBody,
  DuplicateCandidate,
  DuplicatesBody,
  EventView,
  Items,
  LinkCallBody,
  replies,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { requireStaff } from '../accounts/auth.ts'
import { getEvent, viewCreated } from '../events/reads/detail.ts'
import { answerCall, callerHistory, findDuplicates, linkCall } from './hotline.ts'

/** The 12345 desk's own calls; operators, center staff and supervisors only (403 otherwise). */
export const hotlineRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App

  // look-ups, yet POST: the caller's number and words travel in the body, never in a URL that
  // access logs, proxies and browser histories keep (so they also need the CSRF token)
  fastify.post(
    '/hotline/callers/events',
    { schema: { tags: ['hotline'], body: CallerEventsBody, response: replies({ 200: Items(CallerEvent) }) } },
    async (request) => callerHistory(ctx, requireStaff(request), request.body.phone),
  )

  fastify.post(
    '/hotline/duplicates',
    { schema: { tags: ['hotline'], body: DuplicatesBody, response: replies({ 200: Items(DuplicateCandidate) }) } },
    async (request) => findDuplicates(ctx, requireStaff(request), request.body),
  )

  fastify.post(
    '/hotline/link',
    { schema: { tags: ['hotline'], body: LinkCallBody, response: replies({ 200: EventView }) } },
    async (request) => {
      const staff = requireStaff(request)
      await linkCall(ctx, staff, request.body)
      return getEvent(ctx, staff, request.body.eventId)
    },
  )

  fastify.post(
    '/hotline/answered',
    { schema: { tags: ['hotline'], body: AnsweredCallBody, response: replies({ 201: EventView }) } },
    async (request, reply) => {
      const staff = requireStaff(request)
      const created = await answerCall(ctx, staff, request.body)
      return reply.status(201).send(await viewCreated(ctx, staff, created))
    },
  )
}
