/**
 * 来电弹屏: `POST /api/v1/hotline/calls` for the hall's CTI (its API client's `x-api-key`, never a
 * session; checked, rate-limited and audited by clientFromKey), and the desk's reads of its calls.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CtiCallBody, CtiCallResult, CurrentCall, EventCall, Int4IdParams, replies } from '@xiaolan/contracts'
import type { FastifyRequest } from 'fastify'
import type { App } from '../../app.ts'
import { requireStaff } from '../accounts/auth.ts'
import { type ApiClient, clientFromKey } from '../clients/auth.ts'
import { currentCall, eventCall, postCallStep } from './cti.ts'

export const ctiRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const tags = ['hotline']
  const clients = new WeakMap<FastifyRequest, ApiClient>()

  fastify.post(
    '/hotline/calls',
    {
      schema: { tags, body: CtiCallBody, response: replies({ 200: CtiCallResult }) },
      // the key before the body: an unknown caller learns nothing about the shape
      preValidation: async (request) => {
        const key = request.headers['x-api-key']
        clients.set(request, await clientFromKey(ctx, typeof key === 'string' ? key : undefined, 'cti'))
      },
    },
    async (request) => postCallStep(ctx, clients.get(request) as ApiClient, request.body),
  )

  fastify.get('/hotline/calls/current', { schema: { tags, response: replies({ 200: CurrentCall }) } }, async (request) =>
    currentCall(ctx, requireStaff(request)),
  )

  fastify.get(
    '/hotline/events/:id/call',
    { schema: { tags, params: Int4IdParams, response: replies({ 200: EventCall }) } },
    async (request) => eventCall(ctx, requireStaff(request), request.params.id),
  )
}
