/**
 * Open311 GeoReport v2 at `/open311/v2/` (issue 17 item 5), outside `/api/v1`: each resource in the
 * format its path ends with, `.json` or `.xml`, errors included — the spec's error list with the
 * HTTP status, never our `{error}` shape and never HTML. Reading needs no key; posting a request
 * takes an API client's `api_key`. `jurisdiction_id` is accepted, empty too: there is one, the city.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TSchema } from '@sinclair/typebox'
import {
  Open311Created,
  Open311Discovery,
  Open311Errors,
  type Open311Format,
  Open311FormatParams,
  Open311PostBody,
  Open311PostQuery,
  Open311Query,
  Open311RequestParams,
  Open311RequestQuery,
  Open311Requests,
  Open311RequestsQuery,
  Open311ServiceDefinition,
  Open311ServiceParams,
  Open311Services,
  Open311Token,
  Open311TokenParams,
} from '@xiaolan/contracts'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { App } from '../../app.ts'
import { AppError } from '../../errors.ts'
import { clientFromKey } from '../clients/auth.ts'
import { placeSearch } from '../orgs/place-search.ts'
import { postRequest } from './post-request.ts'
import { findRequests, requestById, requestByToken } from './requests.ts'
import { listServices, serviceDefinition } from './services.ts'
import { toXml } from './xml.ts'

const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2'
/** When this endpoint last changed in a way a client would notice (discovery's `changeset`). */
const CHANGESET = '2026-12-02T00:00:00+08:00'

/** The JSON answer and the spec's error list; an `.xml` answer is the same fields as text/xml. */
const answers = (ok: TSchema) => ({ 200: ok, '4xx': Open311Errors, '5xx': Open311Errors })

/** The format asked for: the path's suffix, also when the route did not match or its params failed. */
function formatOf(request: FastifyRequest): Open311Format {
  const asked = (request.params as { format?: string } | undefined)?.format
  if (asked === 'xml' || asked === 'json') return asked
  return /\.xml$/i.test(request.url.split('?')[0] ?? '') ? 'xml' : 'json'
}

function send(reply: FastifyReply, format: Open311Format, root: string, value: unknown) {
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(value)
  return reply.type('text/xml; charset=utf-8').send(toXml(root, value))
}

function sendErrors(reply: FastifyReply, format: Open311Format, status: number, description: string) {
  return send(reply.status(status), format, 'errors', [{ code: status, description }])
}

/** What went wrong, as a status and a description naming the field when one is at fault. */
function errorOf(error: unknown): { status: number; description: string } | undefined {
  if (error instanceof AppError) {
    // a key is what this API authenticates by, not a session
    if (error.status === 401) return { status: 401, description: 'api_key: missing, unknown or disabled' }
    const field = error.details?.field
    return { status: error.status, description: typeof field === 'string' ? `${field}: ${error.message}` : error.message }
  }
  const e = error as {
    validation?: Array<{ instancePath: string; params: Record<string, unknown>; message?: string }>
    statusCode?: number
    message: string
  }
  if (e.validation) {
    const first = e.validation[0]
    const field =
      first?.instancePath.replace(/^\//, '').replaceAll('/', '.') ||
      (first?.params.missingProperty as string) ||
      (first?.params.additionalProperty as string) ||
      'input'
    return { status: 400, description: `${field}: ${first?.message ?? 'is invalid'}` }
  }
  if (e.statusCode && e.statusCode < 500) return { status: e.statusCode, description: e.message }
  return undefined
}

/**
 * `application/x-www-form-urlencoded` as fields; a field given twice (a multi-valued attribute) as a
 * list. No prototype: a field named `__proto__` is a field like any other (and refused as unknown).
 */
function formFields(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null)
  for (const [key, value] of new URLSearchParams(body)) {
    const had = fields[key]
    fields[key] = had === undefined ? value : [...[had].flat(), value]
  }
  return fields
}

export const open311Routes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  // GeoReport v2 posts forms; the parser serves this plugin's routes only
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, formFields(body as string))
  })
  fastify.setErrorHandler((error, request, reply) => {
    const known = errorOf(error)
    if (known) return sendErrors(reply, formatOf(request), known.status, known.description)
    request.log.error({ err: error }, 'open311 request failed')
    return sendErrors(reply, formatOf(request), 500, 'Something went wrong on our side; please try again')
  })
  fastify.setNotFoundHandler((request, reply) =>
    sendErrors(reply, formatOf(request), 404, `No resource ${request.method} ${request.url.split('?')[0]?.replace(/\.(json|xml)$/i, '')}`),
  )
  const tags = ['open311']
  // the reads of events cost a query each: limited per client like the other public reads
  const limited = { rateLimit: { max: ctx.config.RATE_LIMIT_PUBLIC_PER_MINUTE, timeWindow: '1 minute' } }

  fastify.get(
    '/discovery.:format',
    { schema: { tags, params: Open311FormatParams, querystring: Open311Query, response: answers(Open311Discovery) } },
    async (request, reply) => {
      const url = `${request.protocol}://${request.host}/open311/v2/`
      const discovery: Open311Discovery = {
        changeset: CHANGESET,
        contact: '兰州市12345政务服务便民热线',
        key_service: 'api_key: an API client of the city (issued by its administrators)',
        endpoints: [
          { specification: SPECIFICATION, url, changeset: CHANGESET, type: 'production', formats: ['application/json', 'text/xml'] },
        ],
      }
      return send(reply, request.params.format, 'discovery', discovery)
    },
  )

  fastify.get(
    '/services.:format',
    { schema: { tags, params: Open311FormatParams, querystring: Open311Query, response: answers(Open311Services) } },
    async (request, reply) => send(reply, request.params.format, 'services', listServices(ctx)),
  )

  fastify.get(
    '/services/:service_code.:format',
    { schema: { tags, params: Open311ServiceParams, querystring: Open311Query, response: answers(Open311ServiceDefinition) } },
    async (request, reply) => send(reply, request.params.format, 'service_definition', serviceDefinition(ctx, request.params.service_code)),
  )

  fastify.get(
    '/requests.:format',
    {
      config: limited,
      schema: { tags, params: Open311FormatParams, querystring: Open311RequestsQuery, response: answers(Open311Requests) },
    },
    async (request, reply) => send(reply, request.params.format, 'service_requests', await findRequests(ctx, request.query)),
  )

  fastify.get(
    '/requests/:id.:format',
    {
      config: limited,
      schema: { tags, params: Open311RequestParams, querystring: Open311RequestQuery, response: answers(Open311Requests) },
    },
    async (request, reply) =>
      send(
        reply,
        request.params.format,
        'service_requests',
        await requestById(ctx, request.params.id, request.query.extensions === 'true'),
      ),
  )

  fastify.get(
    '/tokens/:token.:format',
    { config: limited, schema: { tags, params: Open311TokenParams, querystring: Open311Query, response: answers(Open311Token) } },
    async (request, reply) => send(reply, request.params.format, 'service_requests', await requestByToken(ctx, request.params.token)),
  )

  const places = placeSearch(ctx)
  fastify.post(
    '/requests.:format',
    {
      schema: {
        tags,
        params: Open311FormatParams,
        querystring: Open311PostQuery,
        body: Open311PostBody,
        response: answers(Open311Created),
      },
    },
    async (request, reply) => {
      const client = await clientFromKey(ctx, request.body.api_key ?? request.query.api_key)
      return send(reply, request.params.format, 'service_requests', await postRequest(ctx, client, request.body, places))
    },
  )
}
