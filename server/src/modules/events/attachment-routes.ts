import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BigintIdParams, MEDIA, Page, PublicEventsQuery, PublicEventView, replies, streamed, UploadedPhoto } from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { invalid } from '../../errors.ts'
import { requirePrincipal } from '../accounts/auth.ts'
import { MAX_PHOTO_BYTES, readPhoto, savePhoto } from './attachments.ts'
import { listPublicEvents } from './public.ts'

/** Photos (upload, then read within the event's scope) and the public list of events. */
export const attachmentRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  // one file per request; a little over the limit so that "too big" is our 400, not a cut stream
  await fastify.register(multipart, { limits: { files: 1, fields: 5, fileSize: MAX_PHOTO_BYTES + 1, parts: 6 } })

  fastify.post(
    '/attachments',
    {
      config: { rateLimit: { max: ctx.config.RATE_LIMIT_UPLOAD_PER_MINUTE, timeWindow: '1 minute' } },
      schema: { tags: ['events'], consumes: ['multipart/form-data'], response: replies({ 201: UploadedPhoto }) },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request)
      if (!request.isMultipart()) throw invalid('file', 'Send the photo as multipart/form-data in the field "file"')
      // the parser's own errors (a body cut short, a missing boundary) carry no status: the client's fault, not ours
      const malformed = (error: { code?: string; statusCode?: number }) => {
        if (error.code === 'FST_REQ_FILE_TOO_LARGE') throw invalid('file', `A photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`)
        if (error.statusCode !== undefined && error.statusCode < 500) throw error
        throw invalid('file', 'The multipart/form-data body is malformed')
      }
      const file = await request.file().catch(malformed)
      if (file?.fieldname !== 'file') throw invalid('file', 'Send the photo in the field "file"')
      const bytes = await file.toBuffer().catch(malformed)
      if (file.file.truncated) throw invalid('file', `A photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`)
      return reply.status(201).send(await savePhoto(ctx.database.db, principal, bytes, ctx.now()))
    },
  )

  fastify.get(
    '/attachments/:id',
    { schema: { tags: ['events'], params: BigintIdParams, response: streamed(MEDIA.photos, 'the photo') } },
    async (request, reply) => {
      const photo = await readPhoto(ctx, requirePrincipal(request), request.params.id)
      return reply.header('content-type', photo.mime).header('cache-control', 'private, max-age=86400').send(photo.data)
    },
  )

  fastify.get(
    '/public/events',
    {
      config: { rateLimit: { max: ctx.config.RATE_LIMIT_PUBLIC_PER_MINUTE, timeWindow: '1 minute' } },
      schema: { tags: ['public'], querystring: PublicEventsQuery, response: replies({ 200: Page(PublicEventView) }) },
    },
    async (request) => listPublicEvents(ctx, request.query),
  )
}
