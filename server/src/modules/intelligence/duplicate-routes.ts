/**
 * Duplicates shown where they are decided (issue 16, item 4): 这是不是您要反映的问题？ — a resident's
 * report, before it is sent, meets the open events it may repeat; and the workbench drawer's 可能重复,
 * the open events an event may repeat, to merge it into one. Admins set the finder's radius, days
 * and lowest score.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  BigintIdParams,
  DuplicateCandidate,
  DuplicateSettingsBody,
  DuplicateSettingsView,
  Items,
  PublicDuplicate,
  ResidentDuplicatesBody,
  replies,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { invalid } from '../../errors.ts'
import { requirePrincipal, requireResident, requireStaff } from '../accounts/auth.ts'
import { requireAdmin } from '../accounts/policy.ts'
import { duplicateSettingsView, duplicatesOfEvent, findDuplicateEvents, publicDuplicate, saveDuplicateSettings } from './duplicates.ts'

export const duplicateRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App

  fastify.post(
    '/resident/duplicates',
    {
      schema: { tags: ['residents'], body: ResidentDuplicatesBody, response: replies({ 200: Items(PublicDuplicate) }) },
      config: { rateLimit: { max: ctx.config.RATE_LIMIT_CLASSIFY_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (request) => {
      const resident = requireResident(request)
      const q = request.body
      const point = pointOf(ctx, q)
      const found = await findDuplicateEvents(ctx, resident, { text: q.text, category: q.category, ...point })
      return { items: found.map(publicDuplicate) }
    },
  )

  fastify.get(
    '/events/:id/duplicates',
    { schema: { tags: ['workbench'], params: BigintIdParams, response: replies({ 200: Items(DuplicateCandidate) }) } },
    async (request) => duplicatesOfEvent(ctx, requireStaff(request), request.params.id),
  )

  // the finder's settings: admins change them with a reason (change_log); the next look-up reads them
  fastify.get(
    '/admin/duplicate-settings',
    { schema: { tags: ['admin'], response: replies({ 200: DuplicateSettingsView }) } },
    async (request) => {
      requireAdmin(requirePrincipal(request))
      return duplicateSettingsView(ctx.database.db)
    },
  )

  fastify.put(
    '/admin/duplicate-settings',
    { schema: { tags: ['admin'], body: DuplicateSettingsBody, response: replies({ 200: DuplicateSettingsView }) } },
    async (request) => {
      const admin = requireAdmin(requirePrincipal(request))
      const saved = await saveDuplicateSettings(ctx.database.db, admin.user.id, request.body)
      request.log.info('duplicate settings changed')
      return saved
    },
  )
}

/** The report's point, or the seat of the community chosen from the list. */
function pointOf(ctx: App['ctx'], q: ResidentDuplicatesBody): { lat: number; lng: number } {
  if (q.lat !== undefined || q.lng !== undefined) {
    if (q.lat === undefined) throw invalid('lat', 'lat and lng go together')
    if (q.lng === undefined) throw invalid('lng', 'lat and lng go together')
    return { lat: q.lat, lng: q.lng }
  }
  if (!q.communityCode) throw invalid('lat', 'Give the point or the community')
  const community = ctx.orgs.byCode(q.communityCode)
  if (community?.kind !== 'center' || community.level !== 4 || !community.seat)
    throw invalid('communityCode', `No community ${q.communityCode}`)
  return community.seat
}
