/**
 * The web app is served from its Vite build. When the build is missing or older than the
 * sources, it is rebuilt in the background so start-up is never held up by it.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { Config } from './config.ts'
import { appPolicy, newStyleNonce } from './security-headers.ts'

const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url))
const DIST = join(WEB_DIR, 'dist')

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))))
}

export function webBuildIsStale(): boolean {
  const built = join(DIST, 'index.html')
  if (!existsSync(built)) return true
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => join(WEB_DIR, p)).filter(existsSync)
  return Math.max(...sources.map(newestMtime), newestMtime(join(WEB_DIR, '../contracts/src'))) > statSync(built).mtimeMs
}

let building: Promise<void> | null = null
export function buildWeb(log: { info(o: object, m: string): void; error(o: object, m: string): void }): Promise<void> {
  building ??= new Promise<void>((resolve, reject) => {
    const started = Date.now()
    log.info({}, 'building the web app')
    const child = spawn(process.execPath, [join(WEB_DIR, '../node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: WEB_DIR,
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    child.on('exit', (code) => {
      building = null
      if (code === 0) {
        log.info({ seconds: (Date.now() - started) / 1000 }, 'web app built')
        resolve()
      } else {
        log.error({ code }, 'web build failed')
        reject(new Error(`vite build exited with ${code}`))
      }
    })
  })
  return building
}

/** Written by Vite (`html.cspNonce` in web/vite.config.ts) wherever the page needs its nonce. */
const STYLE_NONCE_PLACEHOLDER = '__XIAOLAN_STYLE_NONCE__'

/** index.html as built, re-read when a background build replaces it. */
let built: { mtimeMs: number; html: string } | null = null
function indexHtml(): string | null {
  const file = join(DIST, 'index.html')
  if (!existsSync(file)) return null
  const { mtimeMs } = statSync(file)
  if (built?.mtimeMs !== mtimeMs) built = { mtimeMs, html: readFileSync(file, 'utf8') }
  return built.html
}

export const webRoutes: FastifyPluginAsync<{ config: Pick<Config, 'MAP_TILE_URL'> }> = async (fastify, { config }) => {
  mkdirSync(DIST, { recursive: true }) // the first build fills it
  await fastify.register(fastifyStatic, {
    root: DIST,
    wildcard: false,
    index: false,
    maxAge: '1h',
    immutable: false,
    // the page itself only through `page`, with its nonce
    allowedPath: (pathName) => pathName !== '/index.html',
  })
  // client-side routes (/, /hotline, /workbench, /screen …) all load the single page, each
  // response with its own style nonce in the page and in its policy; never stored, since a
  // cached page would carry a nonce no later policy names
  const page = async (_req: unknown, reply: FastifyReply) => {
    const nonce = newStyleNonce()
    reply.header('content-security-policy', appPolicy(config, nonce)).header('cache-control', 'no-store').type('text/html; charset=utf-8')
    const html = indexHtml()
    if (!html) {
      return reply.send(
        '<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="3"><p>小兰正在构建页面，请稍候… (building the web app)</p>',
      )
    }
    return reply.send(html.replaceAll(STYLE_NONCE_PLACEHOLDER, nonce))
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
