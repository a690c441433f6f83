/** 智能分拨: the category classifier's suggestions (issue 16) for the hotline form, the resident's form and the intake path. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ClassifyBody, ClassifyResult, replies } from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { invalid } from '../../errors.ts'
import { requirePrincipal } from '../accounts/auth.ts'
import { classify } from './classifier.ts'

export const intelligenceRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App

  fastify.post(
    '/intelligence/classify',
    {
      schema: { tags: ['intelligence'], body: ClassifyBody, response: replies({ 200: ClassifyResult }) },
      config: { rateLimit: { max: ctx.config.RATE_LIMIT_CLASSIFY_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (request) => {
      // any signed-in staff user or resident: the residents' form suggests too
      requirePrincipal(request)
      const text = request.body.text.trim()
      if (!text) throw invalid('text', 'The text is empty')
      // only the catalogue's active codes (an administrator may have deactivated one)
      const r = classify(text, { isActive: (code) => ctx.categories.get(code) !== undefined })
      return { candidates: r.candidates, explanation: r.explanation, confident: r.confident }
    },
  )
}
