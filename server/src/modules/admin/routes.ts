import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type as T } from '@sinclair/typebox'
import {
  AdminCategory,
  AdminCategoryPatch,
  AdminOrg,
  AdminOrgPatch,
  AdminOrgsQuery,
  AdminPasswordBody,
  AdminUser,
  AdminUserBody,
  AdminUserPatch,
  AdminUsersQuery,
  AuditEntry,
  AuditQuery,
  Int4IdParams,
  Items,
  Ok,
  Page,
  replies,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { requirePrincipal } from '../accounts/auth.ts'
import { requireAdmin } from '../accounts/policy.ts'
import {
  createUser,
  DIRECTORY_CHANNEL,
  instanceOf,
  listAudit,
  listCategories,
  listOrgs,
  listUsers,
  reloadDirectory,
  resetPassword,
  unlockUser,
  updateCategory,
  updateOrg,
  updateUser,
} from './service.ts'

const CodeParams = T.Object({ code: T.String({ pattern: '^[0-9A-Za-z._-]{1,64}$' }) })

/** `/api/v1/admin/*`: administrators only (401 without a session, 403 for anyone else). */
export const adminRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  // another instance's edit: reload what it changed (this instance installed its own edits when
  // they committed); after a reconnect (notices lost) reload both
  const reload = (what: 'orgs' | 'categories') =>
    reloadDirectory(ctx, what).catch((err) => ctx.log.error({ err, what }, 'reloading the directory failed'))
  const unlisten = await ctx.database.listen(
    DIRECTORY_CHANNEL,
    (payload) => {
      const [what, origin] = payload.split(' ')
      if (origin === instanceOf(ctx)) return
      if (what === 'orgs' || what === 'categories') reload(what)
    },
    () => {
      reload('orgs')
      reload('categories')
    },
  )
  fastify.addHook('onClose', async () => unlisten())
  // checked before validation, so a non-admin learns nothing about the shapes
  fastify.addHook('preValidation', async (request) => {
    requireAdmin(requirePrincipal(request))
  })
  const tags = ['admin']

  fastify.get(
    '/admin/orgs',
    { schema: { tags, querystring: AdminOrgsQuery, response: replies({ 200: Items(AdminOrg) }) } },
    async (request) => listOrgs(ctx, request.query),
  )
  fastify.patch(
    '/admin/orgs/:code',
    { schema: { tags, params: CodeParams, body: AdminOrgPatch, response: replies({ 200: AdminOrg }) } },
    async (request) => updateOrg(ctx, requirePrincipal(request), request.params.code, request.body),
  )

  fastify.get(
    '/admin/users',
    { schema: { tags, querystring: AdminUsersQuery, response: replies({ 200: Page(AdminUser) }) } },
    async (request) => listUsers(ctx, request.query),
  )
  fastify.post('/admin/users', { schema: { tags, body: AdminUserBody, response: replies({ 201: AdminUser }) } }, async (request, reply) =>
    reply.status(201).send(await createUser(ctx, requirePrincipal(request), request.body)),
  )
  fastify.patch(
    '/admin/users/:id',
    { schema: { tags, params: Int4IdParams, body: AdminUserPatch, response: replies({ 200: AdminUser }) } },
    async (request) => updateUser(ctx, requirePrincipal(request), request.params.id, request.body),
  )
  fastify.post(
    '/admin/users/:id/password',
    { schema: { tags, params: Int4IdParams, body: AdminPasswordBody, response: replies({ 200: Ok }) } },
    async (request) => resetPassword(ctx, requirePrincipal(request), request.params.id, request.body.password),
  )
  fastify.post(
    '/admin/users/:id/unlock',
    { schema: { tags, params: Int4IdParams, response: replies({ 200: AdminUser }) } },
    async (request) => unlockUser(ctx, requirePrincipal(request), request.params.id),
  )

  fastify.get('/admin/categories', { schema: { tags, response: replies({ 200: Items(AdminCategory) }) } }, async () => listCategories(ctx))
  fastify.patch(
    '/admin/categories/:code',
    { schema: { tags, params: CodeParams, body: AdminCategoryPatch, response: replies({ 200: AdminCategory }) } },
    async (request) => updateCategory(ctx, requirePrincipal(request), request.params.code, request.body),
  )

  fastify.get(
    '/admin/audit',
    { schema: { tags, querystring: AuditQuery, response: replies({ 200: Page(AuditEntry) }) } },
    async (request) => listAudit(ctx, request.query),
  )
}
