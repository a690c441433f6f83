import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type as T } from '@sinclair/typebox'
import {
  ActionBody,
  BigintIdParams,
  CreateEventBody,
  DispatchTargets,
  EventView,
  InboxCounts,
  ListEventsQuery,
  Page,
  PublicTrackView,
  ReporterContact,
  ResidentEventBody,
  replies,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { AppError, forbidden, invalid } from '../../errors.ts'
import { requirePrincipal, requireResident, requireStaff } from '../accounts/auth.ts'
import { callBinding } from '../channels/cti.ts'
import { actOnEventLogged } from './commands/act.ts'
import { createEvent } from './commands/report.ts'
import { revealContact } from './commands/reveal-contact.ts'
import { actorOf } from './commands/write.ts'
import { requireIntake } from './policy.ts'
import { trackEvent } from './public.ts'
import { getEvent, viewCreated, viewOf } from './reads/detail.ts'
import { listEvents } from './reads/list.ts'
import { dispatchTargets, inboxCounts } from './workbench.ts'

export const eventRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App

  fastify.post(
    '/events',
    { schema: { tags: ['events'], body: CreateEventBody, response: replies({ 201: EventView }) } },
    async (request, reply) => {
      const staff = requireIntake(requireStaff(request))
      const { callId, ...intake } = request.body
      if (callId !== undefined && intake.channel !== 'hotline') throw invalid('callId', 'Only a hotline event is made during a call')
      // 来电弹屏: the call answered at this desk is bound to the event in the event's own transaction
      const alongside = callId === undefined ? undefined : await callBinding(ctx, staff, callId)
      const created = await createEvent(ctx, intake, actorOf(staff), { alongside })
      return reply.status(201).send(await viewCreated(ctx, staff, created))
    },
  )

  fastify.post(
    '/resident/events',
    { schema: { tags: ['residents'], body: ResidentEventBody, response: replies({ 201: EventView }) } },
    async (request, reply) => {
      const resident = requireResident(request)
      if (!resident.resident.verified) {
        throw new AppError('real_name_required', 403, 'Complete the real-name check (name and ID number) before reporting')
      }
      const created = await createEvent(
        ctx,
        {
          ...request.body,
          channel: 'app',
          reporterResidentId: resident.resident.id,
          reporterName: resident.resident.name,
          reporterPhone: resident.resident.phone,
        },
        actorOf(resident),
      )
      return reply.status(201).send(await viewCreated(ctx, resident, created))
    },
  )

  fastify.get(
    '/events',
    { schema: { tags: ['events'], querystring: ListEventsQuery, response: replies({ 200: Page(EventView) }) } },
    async (request) => listEvents(ctx, requirePrincipal(request), request.query),
  )

  fastify.get('/events/inbox', { schema: { tags: ['workbench'], response: replies({ 200: InboxCounts }) } }, async (request) =>
    inboxCounts(ctx, requireStaff(request)),
  )

  fastify.get(
    '/workbench/dispatch-targets',
    { schema: { tags: ['workbench'], response: replies({ 200: DispatchTargets }) } },
    async (request) => {
      const targets = dispatchTargets(ctx, requireStaff(request).user.unitId)
      if (!targets) throw forbidden('Only a center dispatches')
      return targets
    },
  )

  fastify.get(
    '/events/:id',
    { schema: { tags: ['events'], params: BigintIdParams, response: replies({ 200: EventView }) } },
    async (request) => getEvent(ctx, requirePrincipal(request), request.params.id),
  )

  fastify.post(
    '/events/:id/actions',
    { schema: { tags: ['events'], params: BigintIdParams, body: ActionBody, response: replies({ 200: EventView }) } },
    async (request) => {
      const principal = requirePrincipal(request)
      const { row, log } = await actOnEventLogged(ctx, principal, request.params.id, request.body)
      return viewOf(ctx, principal, row, { log })
    },
  )

  fastify.post(
    '/events/:id/contact',
    { schema: { tags: ['events'], params: BigintIdParams, response: replies({ 200: ReporterContact }) } },
    async (request) => revealContact(ctx, requirePrincipal(request), request.params.id, request.ip),
  )

  fastify.get(
    '/track/:number',
    {
      config: { rateLimit: { max: ctx.config.RATE_LIMIT_TRACK_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        params: T.Object({ number: T.String({ pattern: '^LZ[0-9]{8}-[0-9]{6,7}$' }) }),
        response: replies({ 200: PublicTrackView }),
      },
    },
    async (request) => trackEvent(ctx, request.params.number),
  )
}
