/** In-app notices: the bell of a resident's 我的 and of the staff header, and a resident's choices. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  NoticePage,
  NoticeParamsId,
  NoticePreferences,
  NoticePreferencesBody,
  NoticesQuery,
  replies,
  UnreadCount,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { requirePrincipal, requireResident } from '../accounts/auth.ts'
import { listNotices, noticePreferences, readNotices, setNoticePreferences } from './notices.ts'

export const noticeRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const tags = ['notices']

  fastify.get('/notices', { schema: { tags, querystring: NoticesQuery, response: replies({ 200: NoticePage }) } }, async (request) =>
    listNotices(ctx, requirePrincipal(request), request.query),
  )
  fastify.post(
    '/notices/:id/read',
    { schema: { tags, params: NoticeParamsId, response: replies({ 200: UnreadCount }) } },
    async (request) => readNotices(ctx, requirePrincipal(request), request.params.id),
  )
  fastify.post('/notices/read-all', { schema: { tags, response: replies({ 200: UnreadCount }) } }, async (request) =>
    readNotices(ctx, requirePrincipal(request)),
  )
  fastify.get('/resident/notice-preferences', { schema: { tags, response: replies({ 200: NoticePreferences }) } }, async (request) =>
    noticePreferences(ctx, requireResident(request).resident.id),
  )
  fastify.put(
    '/resident/notice-preferences',
    { schema: { tags, body: NoticePreferencesBody, response: replies({ 200: NoticePreferences }) } },
    async (request) => setNoticePreferences(ctx, requireResident(request).resident.id, request.body),
  )
}
