/**
 * `/api/v1/admin/netizen/*`: administrators manage the message boards (网民留言), upload a board's
 * feed file and read the imports, pulled or uploaded, with the replies waiting to go back.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  Int4IdParams,
  NetizenBoardBody,
  NetizenBoardView,
  NetizenFeedBody,
  NetizenImportView,
  NetizenOverview,
  replies,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { requirePrincipal } from '../accounts/auth.ts'
import { requireAdmin } from '../accounts/policy.ts'
import { createBoard, importUploadedFeed, netizenOverview } from './netizen-import.ts'

/** NetizenFeedBody's 8 MB of text, as JSON-escaped UTF-8 at worst. */
const FEED_BODY_LIMIT = 40 * 1024 * 1024

export const netizenRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const tags = ['admin']
  // checked before validation, so a non-admin learns nothing about the shapes
  fastify.addHook('preValidation', async (request) => {
    requireAdmin(requirePrincipal(request))
  })
  const admin = (request: Parameters<typeof requirePrincipal>[0]) => requireAdmin(requirePrincipal(request))

  fastify.get('/admin/netizen', { schema: { tags, response: replies({ 200: NetizenOverview }) } }, async () => netizenOverview(ctx))
  fastify.post(
    '/admin/netizen/boards',
    { schema: { tags, body: NetizenBoardBody, response: replies({ 201: NetizenBoardView }) } },
    async (request, reply) => reply.status(201).send(await createBoard(ctx, admin(request), request.body as NetizenBoardBody)),
  )
  fastify.post(
    '/admin/netizen/boards/:id/imports',
    {
      bodyLimit: FEED_BODY_LIMIT,
      schema: { tags, params: Int4IdParams, body: NetizenFeedBody, response: replies({ 201: NetizenImportView }) },
    },
    async (request, reply) => reply.status(201).send(await importUploadedFeed(ctx, admin(request), request.params.id, request.body)),
  )
}
