/**
 * The headers that hold a browser to the app's own origin (DESIGN §10): a strict
 * Content-Security-Policy on every response — a page of the web app gets scripts from self only
 * and a fresh style nonce for the styles Ant Design injects at run time; everything else (JSON,
 * photos, exports) gets a policy that allows nothing — HSTS only behind TLS (`COOKIE_SECURE`),
 * and `Cache-Control: no-store` on whatever a session can see, so a shared service-center
 * computer or a proxy keeps no copy of residents' data.
 */
import { randomBytes } from 'node:crypto'
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import type { Config } from './config.ts'
import { SESSION_COOKIE } from './modules/accounts/sessions.ts'

/** A fresh nonce for one page response: 128 random bits. */
export const newStyleNonce = (): string => randomBytes(16).toString('base64')

/**
 * The origin of the deployment's tile server (`https://tiles.example.cn`), for `img-src`; a
 * template with a placeholder in its host (`{s}.tiles…`) allows that host's subdomains.
 */
export function tileOrigin(tileUrl: string | undefined): string | null {
  const origin = tileUrl && /^https?:\/\/[^/?#]+/i.exec(tileUrl)?.[0]
  return origin ? origin.replace(/\{[a-z]+\}/g, '*') : null
}

/** The policy of a page of the web app; `styleNonce` is the one written into that page. */
export function appPolicy(config: Pick<Config, 'MAP_TILE_URL'>, styleNonce: string): string {
  const tiles = tileOrigin(config.MAP_TILE_URL)
  return [
    "default-src 'self'",
    "script-src 'self'",
    "script-src-attr 'none'",
    `style-src 'self' 'nonce-${styleNonce}'`,
    `img-src 'self' data: blob:${tiles ? ` ${tiles}` : ''}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Every response that is not a page (JSON, photos, exports, scripts): nothing may run or load in it. */
export const RESOURCE_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/**
 * Swagger UI at /api/docs is a developer's page with its own scripts and style attributes; it
 * gets scripts from self only and may not be framed.
 */
export const DOCS_POLICY =
  "default-src 'self'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

/**
 * Helmet for the fixed headers, then one `onSend` hook for the rules that depend on the
 * response. Register after @fastify/cookie, whose own `onSend` writes the Set-Cookie header
 * this hook looks at.
 */
export async function registerSecurityHeaders(fastify: FastifyInstance, config: Config) {
  await fastify.register(helmet, {
    // set per response below: a page's policy carries the nonce written into that page
    contentSecurityPolicy: false,
    // over plain HTTP an HSTS header is wrong (and a browser ignores it); behind TLS it pins TLS
    hsts: config.COOKIE_SECURE ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
  })
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', RESOURCE_POLICY)
    if (request.url.startsWith('/api/') && (request.principal || setsSessionCookie(reply.getHeader('set-cookie')))) {
      reply.header('cache-control', 'no-store')
    }
    return payload
  })
}

function setsSessionCookie(header: unknown): boolean {
  const cookies = Array.isArray(header) ? header : typeof header === 'string' ? [header] : []
  return cookies.some((c) => String(c).startsWith(`${SESSION_COOKIE}=`))
}
