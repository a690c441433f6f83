/**
 * The web app as `npm run build` left it in web/dist; nothing here builds it (the serving process
 * runs no Vite). The page is read once, when the app is built: a build while serving takes effect
 * at the next start, and the chunks of the page served until then stay in web/dist for a release
 * (web/vite-release.ts).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync, FastifyReply, onRequestHookHandler } from 'fastify'
import type { Config } from './config.ts'
import { appPolicy, newStyleNonce } from './security-headers.ts'

const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url))

export interface WebBuild {
  /** `<meta name="xiaolan-build">` of the built page */
  id: string
  html: string
}

/** The built page and its id, or null before the first build. */
export function readWebBuild(): WebBuild | null {
  const file = join(DIST, 'index.html')
  if (!existsSync(file)) return null
  const html = readFileSync(file, 'utf8')
  return { id: /<meta name="xiaolan-build" content="([^"]+)"/.exec(html)?.[1] ?? 'unknown', html }
}

/**
 * Every response names the build this instance serves, streams included (set on the raw response,
 * which a hijacked reply's own headers join): an open page compares it with its own meta and can
 * tell that an upgrade happened.
 */
export function buildIdHeader(build: WebBuild | null): onRequestHookHandler {
  const id = build?.id ?? 'unbuilt'
  return (_request, reply, done) => {
    reply.raw.setHeader('x-xiaolan-build', id)
    done()
  }
}

/** Written by Vite (`html.cspNonce` in web/vite.config.ts) wherever the page needs its nonce. */
const STYLE_NONCE_PLACEHOLDER = '__XIAOLAN_STYLE_NONCE__'

const GRID_WORKER = 'grid-sw.js'
const GRID_WORKER_POLICY = "default-src 'none'; connect-src 'self'"

export const webRoutes: FastifyPluginAsync<{ config: Pick<Config, 'MAP_TILE_URL'>; build: WebBuild | null }> = async (
  fastify,
  { config, build },
) => {
  mkdirSync(DIST, { recursive: true }) // the first build fills it
  await fastify.register(fastifyStatic, {
    root: DIST,
    wildcard: false,
    index: false,
    maxAge: '1h',
    immutable: false,
    // Vite's hashed chunks never change under their name
    setHeaders: (reply, path) => {
      if (path.startsWith(join(DIST, 'assets'))) reply.header('cache-control', 'public, max-age=31536000, immutable')
      // the grid app's service worker (web/public/grid-sw.js) fetches the grid pages and their
      // assets for its cache: its own policy lets it reach this origin and nothing else; a new
      // one is picked up at the next visit
      if (path === join(DIST, GRID_WORKER)) {
        reply.header('content-security-policy', GRID_WORKER_POLICY).header('cache-control', 'no-cache')
      }
    },
    dotfiles: 'ignore', // the build's stamp (web/dist/.built) is not for the browser
    // the page itself only through `page`, with its nonce
    allowedPath: (pathName) => pathName !== '/index.html' && pathName !== '/releases.json',
  })
  // client-side routes (/, /hotline, /workbench, /screen …) all load the single page, each
  // response with its own style nonce in the page and in its policy; never stored, since a
  // cached page would carry a nonce no later policy names
  const page = async (_req: unknown, reply: FastifyReply) => {
    const nonce = newStyleNonce()
    reply.header('content-security-policy', appPolicy(config, nonce)).header('cache-control', 'no-store').type('text/html; charset=utf-8')
    if (!build) {
      return reply.send(
        '<!doctype html><meta charset="utf-8"><p>小兰的页面尚未构建：请运行 npm run build (the web app is not built: run npm run build)</p>',
      )
    }
    return reply.send(build.html.replaceAll(STYLE_NONCE_PLACEHOLDER, nonce))
  }
  fastify.get('/', page)
  fastify.get('/*', async (request, reply) => {
    const path = (request.params as { '*': string })['*']
    if (path.startsWith('api/')) return reply.callNotFound()
    if (/\.[a-z0-9]+$/i.test(path)) {
      // a file that is not there is a 404, not the page: a missing script or image must not load HTML
      return path !== 'index.html' && existsSync(join(DIST, path)) ? reply.sendFile(path) : reply.callNotFound()
    }
    return page(request, reply)
  })
}
