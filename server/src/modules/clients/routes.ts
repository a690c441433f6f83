/** `/api/v1/admin/api-clients`: administrators manage the partner platforms' API clients. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiClientBody, ApiClientPatch, ApiClientView, ApiClientWithKey, Int4IdParams, Items, replies } from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { requirePrincipal } from '../accounts/auth.ts'
import { requireAdmin } from '../accounts/policy.ts'
import { changeClient, createClient, listClients, rotateKey } from './service.ts'

export const clientRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const tags = ['admin']
  // checked before validation, so a non-admin learns nothing about the shapes
  fastify.addHook('preValidation', async (request) => {
    requireAdmin(requirePrincipal(request))
  })
  const admin = (request: Parameters<typeof requirePrincipal>[0]) => requireAdmin(requirePrincipal(request))

  fastify.get('/admin/api-clients', { schema: { tags, response: replies({ 200: Items(ApiClientView) }) } }, async () => listClients(ctx))
  fastify.post(
    '/admin/api-clients',
    { schema: { tags, body: ApiClientBody, response: replies({ 201: ApiClientWithKey }) } },
    async (request, reply) => reply.status(201).send(await createClient(ctx, admin(request), request.body)),
  )
  fastify.patch(
    '/admin/api-clients/:id',
    { schema: { tags, params: Int4IdParams, body: ApiClientPatch, response: replies({ 200: ApiClientView }) } },
    async (request) => changeClient(ctx, admin(request), request.params.id, request.body),
  )
  fastify.post(
    '/admin/api-clients/:id/rotate',
    { schema: { tags, params: Int4IdParams, response: replies({ 200: ApiClientWithKey }) } },
    async (request) => rotateKey(ctx, admin(request), request.params.id),
  )
}
