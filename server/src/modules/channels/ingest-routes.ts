/**
 * `/api/v1/ingest/*`: partner platforms push events with their API client's key (`x-api-key`), never
 * a session; every request is checked, rate-limited and audited by clientFromKey.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ExternalIdParams, IngestBody, IngestedEventView, IngestResults, replies } from '@xiaolan/contracts'
import type { FastifyRequest } from 'fastify'
import type { App } from '../../app.ts'
import { type ApiClient, clientFromKey } from '../clients/auth.ts'
import { placeSearch } from '../orgs/place-search.ts'
import { ingestEvents, ingestedEvent, itemsOf } from './ingest.ts'

/** A batch of 1,000 reports of up to 4,000 characters each. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024

const keyOf = (request: FastifyRequest) => {
  const key = request.headers['x-api-key']
  return typeof key === 'string' ? key : undefined
}

export const ingestRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const tags = ['ingest']
  const places = placeSearch(ctx)
  // the key before the body: an unknown caller learns nothing about the shapes
  const clients = new WeakMap<FastifyRequest, ApiClient>()
  fastify.addHook('preValidation', async (request) => {
    clients.set(request, await clientFromKey(ctx, keyOf(request)))
  })
  const clientOf = (request: FastifyRequest) => clients.get(request) as ApiClient

  fastify.post(
    '/ingest/events',
    { bodyLimit: BATCH_BODY_LIMIT, schema: { tags, body: IngestBody, response: replies({ 200: IngestResults }) } },
    async (request) => ({ items: await ingestEvents(ctx, clientOf(request), itemsOf(request.body), places) }),
  )
  fastify.get(
    '/ingest/events/:externalId',
    { schema: { tags, params: ExternalIdParams, response: replies({ 200: IngestedEventView }) } },
    async (request) => ingestedEvent(ctx, clientOf(request), request.params.externalId),
  )
}
