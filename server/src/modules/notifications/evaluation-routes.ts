import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { EvaluationLinkView, EvaluationPressBody, EvaluationRatingBody, EvaluationTokenParams, replies } from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { evaluationView, pressByLink, rateByLink } from './evaluation.ts'

/** A caller's evaluation link from the SMS: no account, the random token is the key; limited as `/track` is. */
export const evaluationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const config = { rateLimit: { max: ctx.config.RATE_LIMIT_TRACK_PER_MINUTE, timeWindow: '1 minute' } }
  const tags = ['public']

  fastify.get(
    '/evaluation/:token',
    { config, schema: { tags, params: EvaluationTokenParams, response: replies({ 200: EvaluationLinkView }) } },
    async (request) => evaluationView(ctx, request.params.token),
  )
  fastify.post(
    '/evaluation/:token',
    { config, schema: { tags, params: EvaluationTokenParams, body: EvaluationRatingBody, response: replies({ 200: EvaluationLinkView }) } },
    async (request) => rateByLink(ctx, request.params.token, request.body),
  )
  fastify.post(
    '/evaluation/:token/press',
    { config, schema: { tags, params: EvaluationTokenParams, body: EvaluationPressBody, response: replies({ 200: EvaluationLinkView }) } },
    async (request) => pressByLink(ctx, request.params.token, request.body),
  )
}
