import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { LoginBody, Me, Ok, OtpBody, OtpSent, ResidentLoginBody, replies, SessionView } from '@xiaolan/contracts'
import type { FastifyReply } from 'fastify'
import type { App } from '../../app.ts'
import { AppError } from '../../errors.ts'
import { requirePrincipal } from './auth.ts'
import { clientKey } from './client-key.ts'
import { authenticateStaff, loginResident, requestOtp } from './service.ts'
import { createSession, deleteSession, type findSession, type Principal, SESSION_COOKIE } from './sessions.ts'

export const accountRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const db = ctx.database.db
  // per client address, before any account or phone is looked at
  const strict = { config: { rateLimit: { max: ctx.config.RATE_LIMIT_AUTH_PER_MINUTE, timeWindow: '1 minute' } } }

  const signedIn = (reply: FastifyReply, { token, principal }: { token: string; principal: Principal | null }) => {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.COOKIE_SECURE,
      maxAge: ctx.config.SESSION_DAYS * 86_400,
    })
    return meOf(principal as NonNullable<typeof principal>)
  }

  const meOf = (p: NonNullable<Awaited<ReturnType<typeof findSession>>>): Me => {
    if (p.kind === 'resident') return { kind: 'resident', ...p.resident, csrfToken: p.csrfToken }
    const unit = ctx.orgs.ref(p.user.unitId)
    if (!unit) throw new AppError('unit_missing', 409, 'Your unit no longer exists; ask your administrator')
    return { kind: 'staff', ...p.user, unit, csrfToken: p.csrfToken }
  }

  fastify.post(
    '/auth/login',
    { ...strict, schema: { tags: ['accounts'], body: LoginBody, response: replies({ 200: Me }) } },
    async (request, reply) => {
      const userId = await authenticateStaff(ctx, request.body.username, request.body.password, request.ip)
      return signedIn(reply, await createSession(db, { userId }, ctx.config.SESSION_DAYS))
    },
  )

  fastify.post('/auth/logout', { schema: { tags: ['accounts'], response: replies({ 200: Ok }) } }, async (request, reply) => {
    if (request.principal) await deleteSession(db, request.principal.sessionId)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return { ok: true }
  })

  fastify.get('/me', { schema: { tags: ['accounts'], response: replies({ 200: Me }) } }, async (request) => meOf(requirePrincipal(request)))

  // for pages that work signed in or not: who is here, without a 401 when nobody is
  fastify.get('/session', { schema: { tags: ['accounts'], response: replies({ 200: SessionView }) } }, async (request) => ({
    me: request.principal ? meOf(request.principal) : null,
  }))

  fastify.post(
    '/resident/otp',
    { ...strict, schema: { tags: ['residents'], body: OtpBody, response: replies({ 200: OtpSent }) } },
    async (request) => {
      const code = await requestOtp(ctx.database, ctx.sms, ctx.config, request.body.phone, clientKey(request.ip), ctx.now())
      // demo mode has no SMS gateway: the code comes back so the demo can be used
      return ctx.config.demo ? { sent: true, devCode: code } : { sent: true }
    },
  )

  fastify.post(
    '/resident/login',
    { ...strict, schema: { tags: ['residents'], body: ResidentLoginBody, response: replies({ 200: Me }) } },
    async (request, reply) => {
      const session = await loginResident(db, ctx.config, request.body, ctx.now())
      if (session === null) throw new AppError('bad_code', 401, 'Wrong code; check the SMS and try again')
      return signedIn(reply, session)
    },
  )
}
