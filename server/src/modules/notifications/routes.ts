/**
 * `/api/v1/admin/…`: administrators manage the partners' webhooks and read and replay their
 * deliveries, and read the SMS the outbox holds about an event.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AdminOutboxQuery,
  BigintIdParams,
  DeliveryList,
  Int4IdParams,
  Items,
  OutboxSms,
  ReplayResult,
  replies,
  WebhookBody,
  WebhookPatch,
  WebhookView,
  WebhookWithSecret,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { requirePrincipal } from '../accounts/auth.ts'
import { requireWebhookAdmin } from './policy.ts'
import { deliveries, listSubscriptions, replay, setEnabled, smsOfEvent, subscribe } from './service.ts'

export const webhookRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const tags = ['admin']
  // checked before validation, so a non-admin learns nothing about the shapes
  fastify.addHook('preValidation', async (request) => {
    requireWebhookAdmin(requirePrincipal(request))
  })
  const admin = (request: Parameters<typeof requirePrincipal>[0]) => requireWebhookAdmin(requirePrincipal(request))

  fastify.post(
    '/admin/api-clients/:id/webhooks',
    { schema: { tags, params: Int4IdParams, body: WebhookBody, response: replies({ 201: WebhookWithSecret }) } },
    async (request, reply) => reply.status(201).send(await subscribe(ctx, admin(request), request.params.id, request.body)),
  )
  fastify.get(
    '/admin/api-clients/:id/webhooks',
    { schema: { tags, params: Int4IdParams, response: replies({ 200: Items(WebhookView) }) } },
    async (request) => listSubscriptions(ctx, request.params.id),
  )
  fastify.patch(
    '/admin/webhooks/:id',
    { schema: { tags, params: Int4IdParams, body: WebhookPatch, response: replies({ 200: WebhookView }) } },
    async (request) => setEnabled(ctx, admin(request), request.params.id, request.body.enabled),
  )
  fastify.get(
    '/admin/webhooks/:id/deliveries',
    { schema: { tags, params: Int4IdParams, response: replies({ 200: DeliveryList }) } },
    async (request) => deliveries(ctx, request.params.id),
  )
  // the SMS about one event (issue 18 item 4): what went, or waits for the quiet hours to end, to whom (masked)
  fastify.get(
    '/admin/outbox',
    { schema: { tags, querystring: AdminOutboxQuery, response: replies({ 200: Items(OutboxSms) }) } },
    async (request) => smsOfEvent(ctx, request.query.event),
  )
  fastify.post(
    '/admin/outbox/:id/replay',
    { schema: { tags, params: BigintIdParams, response: replies({ 200: ReplayResult }) } },
    async (request) => replay(ctx, admin(request), request.params.id),
  )
}
