import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BigintIdParams, CallbackAttemptBody, CallbackAttemptResult, CallbackQueue, replies } from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { requireStaff } from '../accounts/auth.ts'
import { callbackQueue, recordCallbackAttempt } from './callbacks.ts'

/** 回访 at the 12345 desk: the queue (the desk's roles) and a call that did not reach the caller (operators). */
export const callbackRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App

  fastify.get('/hotline/callbacks', { schema: { tags: ['hotline'], response: replies({ 200: CallbackQueue }) } }, async (request) =>
    callbackQueue(ctx, requireStaff(request)),
  )

  fastify.post(
    '/hotline/callbacks/:id/attempts',
    { schema: { tags: ['hotline'], params: BigintIdParams, body: CallbackAttemptBody, response: replies({ 201: CallbackAttemptResult }) } },
    async (request, reply) =>
      reply.status(201).send(await recordCallbackAttempt(ctx, requireStaff(request), request.params.id, request.body)),
  )
}
