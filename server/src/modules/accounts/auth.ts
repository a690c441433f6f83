/**
 * Who is calling: the session cookie becomes `request.principal`. Cookie-authenticated writes
 * must echo the session's CSRF token in `x-csrf-token` (the synchronizer-token pattern).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import { AppError, forbidden, unauthenticated } from '../../errors.ts'
import { type Principal, SESSION_COOKIE, SessionCache } from './sessions.ts'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** `request.principal` for every API request, from the sessions this instance has just seen or the table. */
export async function registerAuth(fastify: FastifyInstance, ctx: AppContext) {
  const sessions = new SessionCache(ctx.database.db)
  await sessions.start(ctx.database)
  fastify.addHook('onClose', () => sessions.close())
  fastify.addHook('onRequest', async (request: FastifyRequest) => {
    request.principal = null
    const token = request.cookies[SESSION_COOKIE]
    if (!token || !request.url.startsWith('/api/')) return
    const principal = await sessions.find(token)
    if (!principal) return
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== principal.csrfToken) {
      throw new AppError('csrf', 403, 'Missing or wrong CSRF token; reload the page and try again')
    }
    request.principal = principal
  })
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated()
  return request.principal
}

export function requireStaff(request: FastifyRequest) {
  const p = requirePrincipal(request)
  if (p.kind !== 'staff') throw forbidden('Staff only')
  return p
}

export function requireResident(request: FastifyRequest) {
  const p = requirePrincipal(request)
  if (p.kind !== 'resident') throw forbidden('Residents only')
  return p
}
