/** 实名认证 after signing in: a resident who signed in with phone + code adds name and ID number. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Me, RealNameBody, replies } from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { invalid } from '../../errors.ts'
import { requireResident } from './auth.ts'
import { isValidIdNumber } from './id-number.ts'
import { sessionsChanged } from './sessions.ts'

export const realNameRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App

  fastify.post(
    '/resident/real-name',
    {
      config: { rateLimit: { max: ctx.config.RATE_LIMIT_AUTH_PER_MINUTE, timeWindow: '1 minute' } },
      schema: { tags: ['residents'], body: RealNameBody, response: replies({ 200: Me }) },
    },
    async (request): Promise<Me> => {
      const principal = requireResident(request)
      const { name, idNumber } = request.body
      if (!isValidIdNumber(idNumber)) throw invalid('idNumber', 'The ID number is not valid; check the digits and the last character')
      const row = await ctx.database.db.transaction().execute(async (tx) => {
        const updated = await tx
          .updateTable('residents')
          .set({ name: name.trim(), id_number: idNumber.toUpperCase(), verified_at: ctx.now() })
          .where('id', '=', principal.resident.id)
          .returning(['id', 'phone', 'name'])
          .executeTakeFirstOrThrow()
        await sessionsChanged(tx, { residentId: updated.id })
        return updated
      })
      return { kind: 'resident', id: row.id, phone: row.phone, name: row.name, verified: true, csrfToken: principal.csrfToken }
    },
  )
}
